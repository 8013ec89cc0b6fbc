"""The guides that exist, and where their sources and built PDFs live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.i18n import Language
from assistant.resources import resource_path

# Guide ids, in the order the notice lists them.
GUIDE_IDS: tuple[str, ...] = (
    "outlook-365",
    "outlook-2016",
    "thunderbird",
    "apple-mail",
    "office365-signin",
    "troubleshooting",
)
# Guides that also come in a variant that carries the sorting rules (仕分けルール) over.
RULES_VARIANTS: frozenset[str] = frozenset({"outlook-365", "outlook-2016"})


@dataclass(frozen=True)
class GuideKey:
    """One guide: its id and whether it is the variant that carries the rules over."""

    guide_id: str
    rules: bool = False

    def __post_init__(self) -> None:
        if self.guide_id not in GUIDE_IDS:
            raise ValueError(f"unknown guide id {self.guide_id!r}")
        if self.rules and self.guide_id not in RULES_VARIANTS:
            raise ValueError(f"guide {self.guide_id!r} has no rules variant")

    @property
    def stem(self) -> str:
        """``outlook-365-rules``: the name shared by the source and the PDF."""
        return f"{self.guide_id}-rules" if self.rules else self.guide_id

    def pdf_name(self, language: Language) -> str:
        return f"{self.stem}.{language}.pdf"

    def source_name(self, language: Language) -> str:
        return f"{self.stem}.{language}.md"


def all_guides() -> list[GuideKey]:
    """Every guide, the rules variants right after their plain guide."""
    keys: list[GuideKey] = []
    for guide_id in GUIDE_IDS:
        keys.append(GuideKey(guide_id))
        if guide_id in RULES_VARIANTS:
            keys.append(GuideKey(guide_id, rules=True))
    return keys


def sources_folder() -> Path:
    return resource_path("guides")


def bundled_pdf_folder() -> Path:
    return resource_path("guides/pdf")


def source_path(key: GuideKey, language: Language) -> Path:
    return sources_folder() / key.source_name(language)


def bundled_pdf_path(key: GuideKey, language: Language) -> Path:
    return bundled_pdf_folder() / key.pdf_name(language)
