"""Hands an approved guide target to the system (its PDF viewer or browser).

The core decides what may be opened (``assistant.guides.safety``); this module only
opens what it approved: it accepts nothing but an ``ApprovedTarget``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from assistant.guides.safety import ApprovedTarget

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
    _ensure_application()
    return bool(QDesktopServices.openUrl(target_url(target)))
