"""Which guide fits a user, and which file is that guide.

(app, edition, rules?, language) -> guide id -> PDF. The organisation's official folder
(``[guides] official_folder``) holding ``<id>[-rules].<lang>.pdf`` wins over the bundled
PDF for that guide; a broken official file falls back to the bundled one (with a note).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.guides.catalog import RULES_VARIANTS, GuideKey, bundled_pdf_path
from assistant.guides.safety import (
    ApprovedTarget,
    GuideRefused,
    GuideUnavailable,
    approve_file,
)
from assistant.i18n import Language, Message
from assistant.matrix import SupportVerdict
from assistant.organization import Organization

# The notice's table: app id (as the detectors name them) and edition -> guide id.
# Editions None = any edition. Apps not listed have no guide (Outlook for Mac: call the
# helpdesk; the new Outlook: nothing to change).
GUIDE_TABLE: dict[tuple[str, str | None], str] = {
    ("outlook-windows", "365"): "outlook-365",
    ("outlook-windows", "2024"): "outlook-365",
    ("outlook-windows", "2021"): "outlook-365",
    ("outlook-windows", "2019"): "outlook-365",
    ("outlook-windows", "2016"): "outlook-2016",
    ("thunderbird", None): "thunderbird",
    ("apple-mail", None): "apple-mail",
    ("outlook-web", None): "office365-signin",
}


def select_guide(
    app_id: str, edition: str | None = None, *, rules: bool = False
) -> GuideKey | None:
    """The guide for an app (and edition); ``rules`` picks the rules variant where one
    exists. None when the notice has no guide for it."""
    guide_id = GUIDE_TABLE.get((app_id, edition)) or GUIDE_TABLE.get((app_id, None))
    if guide_id is None:
        return None
    return GuideKey(guide_id, rules=rules and guide_id in RULES_VARIANTS)


def guide_for_verdict(verdict: SupportVerdict, *, rules: bool = False) -> GuideKey | None:
    """The guide the support matrix names for a diagnosed app."""
    if not verdict.guide:
        return None
    return GuideKey(verdict.guide, rules=rules and verdict.rules_guide)


@dataclass(frozen=True)
class ResolvedGuide:
    key: GuideKey
    language: Language
    target: ApprovedTarget
    origin: Literal["official", "bundled"]
    notes: tuple[Message, ...] = field(default_factory=tuple)


def resolve_guide(key: GuideKey, language: Language, org: Organization) -> ResolvedGuide:
    """The PDF to open for ``key``: the official one if present and sound, else the
    bundled one. Raises ``GuideUnavailable`` (naming Outlook on the web) when neither is."""
    notes: list[Message] = []
    name = key.pdf_name(language)
    if org.official_guides_folder is not None:
        official = org.official_guides_folder / name
        if official.exists() or official.is_symlink():
            try:
                return ResolvedGuide(key, language, approve_file(official, org), "official")
            except (GuideRefused, GuideUnavailable) as exc:
                notes.append(Message("guide.note.official_skipped", {"reason": exc.message}))
    bundled = approve_file(bundled_pdf_path(key, language), org)
    return ResolvedGuide(key, language, bundled, "bundled", tuple(notes))
