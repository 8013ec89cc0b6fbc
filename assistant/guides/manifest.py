"""Whether each built PDF still matches its source: a manifest of source hashes.

``make guides`` writes ``resources/guides/pdf/manifest.json``: for every PDF, the SHA-256
of what it was built from (the source text and the organisation's values it used) and of
the layout code, and which cut-over sentence it carries ("coming" or "passed", decided by
the build date). Git resets file times on checkout, so hashes, not times, decide; and a
PDF built before the cut-over is stale once the cut-over has passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.guides.catalog import GuideKey, all_guides, bundled_pdf_folder, source_path
from assistant.guides.source import Cutover, cutover_variant, placeholders
from assistant.i18n import LANGUAGES, Language
from assistant.organization import Organization

MANIFEST_NAME = "manifest.json"


def source_digest(key: GuideKey, language: Language, org: Organization, cutover: Cutover) -> str:
    """SHA-256 of the guide's source bytes and the organisation values filled into it."""
    digest = hashlib.sha256(source_path(key, language).read_bytes())
    values = json.dumps(placeholders(org, language, cutover), sort_keys=True, ensure_ascii=False)
    digest.update(b"\0" + values.encode("utf-8"))
    return digest.hexdigest()


def files_digest(paths: list[Path]) -> str:
    """SHA-256 over several files (name and content), e.g. the layout code."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def manifest_path(folder: Path | None = None) -> Path:
    return (folder or bundled_pdf_folder()) / MANIFEST_NAME


def load_manifest(folder: Path | None = None) -> dict[str, Any]:
    path = manifest_path(folder)
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class StaleGuide:
    pdf: str
    reason: str  # "missing", "cut-over wording ...", "source changed", "layout changed"


def stale_guides(
    org: Organization,
    layout_digest: str | None = None,
    folder: Path | None = None,
    today: dt.date | None = None,
) -> list[StaleGuide]:
    """The PDFs that need ``make guides``: missing, built from another source, or built
    with the other cut-over sentence than a build on ``today`` (default: now) would use."""
    folder = folder or bundled_pdf_folder()
    cutover = cutover_variant(org, today or dt.date.today())
    manifest = load_manifest(folder)
    recorded: dict[str, Any] = manifest.get("guides", {})
    stale: list[StaleGuide] = []
    layout_changed = layout_digest is not None and manifest.get("layout_sha256") != layout_digest
    for key in all_guides():
        for language in LANGUAGES:
            name = key.pdf_name(language)
            entry = recorded.get(name)
            if not (folder / name).is_file() or not isinstance(entry, dict):
                stale.append(StaleGuide(name, "missing"))
            elif (built := entry.get("cutover", "unrecorded")) != cutover:
                stale.append(StaleGuide(name, f"cut-over wording is {built}, now {cutover}"))
            elif entry.get("source_sha256") != source_digest(key, language, org, cutover):
                stale.append(StaleGuide(name, "source changed"))
            elif layout_changed:
                stale.append(StaleGuide(name, "layout changed"))
    return stale
