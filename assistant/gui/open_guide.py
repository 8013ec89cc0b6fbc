"""Hands an approved guide target to the system (its PDF viewer or browser).

The core decides what may be opened (``assistant.guides.safety``); this module only
opens what it approved: it accepts nothing but an ``ApprovedTarget``.
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from assistant.detect.system.macos import FULL_DISK_ACCESS_URL
from assistant.guides.catalog import GuideKey
from assistant.guides.safety import ApprovedTarget, GuideRefused, GuideUnavailable, approve_url
from assistant.guides.selection import resolve_guide
from assistant.i18n import Language, Message
from assistant.organization import Organization

_app: QGuiApplication | None = None  # kept alive when the CLI had to create one


def _ensure_application() -> None:
    global _app
    if QGuiApplication.instance() is None:
        _app = QGuiApplication(sys.argv[:1])


def target_url(target: ApprovedTarget) -> QUrl:
    if target.path is not None:
        return QUrl.fromLocalFile(str(target.path))
    return QUrl(str(target.url), QUrl.ParsingMode.StrictMode)


def open_target(target: ApprovedTarget) -> bool:
    """True when the system accepted the request to open ``target``."""
    if not isinstance(target, ApprovedTarget):  # a plain path or string never gets through
        raise TypeError("only targets approved by assistant.guides.safety are opened")
    url = target_url(target)
    if target.url is not None and not _same_as_approved(url, target.url):
        return False
    _ensure_application()
    return bool(QDesktopServices.openUrl(url))


def _same_as_approved(url: QUrl, approved: str) -> bool:
    """Qt must read the URL as the safety check did (scheme and host), or it is not
    opened: two URL parsers disagreeing is how allow-lists get bypassed."""
    host = (urlsplit(approved).hostname or "").rstrip(".")
    return url.isValid() and url.scheme() == "https" and url.host().rstrip(".") == host


def open_guide(key: GuideKey, language: Language, org: Organization) -> Message | None:
    """Opens the guide for the wizard's button; None when it opened, else the one
    sentence to show (refused, missing or broken file, no viewer: each names Outlook on
    the web where that helps)."""
    try:
        guide = resolve_guide(key, language, org)
    except (GuideRefused, GuideUnavailable) as exc:
        return exc.message
    if open_target(guide.target):
        return None
    return Message("guide.error.open_failed", {"path": str(guide.target), "portal": org.portal_url})


def open_portal(org: Organization) -> Message | None:
    """Opens Outlook on the web (the organisation's portal) in the browser."""
    try:
        target = approve_url(org.portal_url, org)
    except GuideRefused as exc:
        return exc.message
    if open_target(target):
        return None
    return Message("guide.error.portal_failed", {"portal": org.portal_url})


# System settings pages an action may carry (none comes from outside our own code).
SETTINGS_PAGES: frozenset[str] = frozenset({FULL_DISK_ACCESS_URL})


def open_settings_page(url: str) -> Message | None:
    """Opens a known system settings page (macOS Full Disk Access)."""
    if url not in SETTINGS_PAGES:
        return Message("gui.settings_refused", {"url": url})
    _ensure_application()
    if QDesktopServices.openUrl(QUrl(url)):
        return None
    return Message("gui.settings_failed", {"url": url})
