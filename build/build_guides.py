"""Builds every guide PDF from resources/guides/*.md (``make guides``).

Prerequisites (build machines only; the built PDFs are committed, so running the app
needs none of this): fpdf2 (requirements-dev.txt) and the Noto Sans CJK fonts
(Debian/Ubuntu: ``apt-get install fonts-noto-cjk``; elsewhere point GUIDE_FONT_DIR at a
folder holding NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc, from
https://github.com/notofonts/noto-cjk, SIL Open Font License). The Japanese face of the
collection is found by name and embedded as a subset (about 20–60 KB per PDF).

Usage: python build/build_guides.py [--check] [--only STEM] [--lang ja|en] [--today DATE]
                                   [--out FOLDER]
  --check   build nothing; exit 1 and list the PDFs older than their sources, or built
            with the other cut-over sentence than a build today would use.
  --today   the build date (YYYY-MM-DD, default: today). It decides the guides' cut-over
            sentence: "has ended" from the profile's basic_auth_end on, else "ends on ...,
            change by ...". Rebuild once the cut-over passes (--check then fails).
  --out     write the PDFs and their manifest to FOLDER instead of resources/guides/pdf.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant.guides.catalog import (  # noqa: E402
    all_guides,
    bundled_pdf_folder,
    source_path,
)
from assistant.guides.manifest import (  # noqa: E402
    files_digest,
    manifest_path,
    source_digest,
    stale_guides,
)
from assistant.guides.source import cutover_variant, load_guide, placeholders  # noqa: E402
from assistant.i18n import LANGUAGES  # noqa: E402
from assistant.organization import load_organization  # noqa: E402

FONT_DIRS = [
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/Library/Fonts"),
    Path.home() / "Library/Fonts",
]
JAPANESE_FACE = "Noto Sans CJK JP"


def layout_files() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "guide_pdf.py", here / "build_guides.py"]


def layout_digest() -> str:
    return files_digest(layout_files())


def find_font(file_name: str) -> tuple[Path, int]:
    """(path, index of the Japanese face in the collection)."""
    from fontTools.ttLib import TTCollection

    dirs = [Path(os.environ["GUIDE_FONT_DIR"])] if os.environ.get("GUIDE_FONT_DIR") else FONT_DIRS
    for folder in dirs:
        path = folder / file_name
        if path.is_file():
            collection = TTCollection(str(path), lazy=True)
            for index, font in enumerate(collection.fonts):
                if font["name"].getDebugName(1) == JAPANESE_FACE:
                    return path, index
            sys.exit(f"{path} has no face named {JAPANESE_FACE!r}.")
    sys.exit(
        f"{file_name} not found in {', '.join(map(str, dirs))}: install fonts-noto-cjk "
        "or set GUIDE_FONT_DIR."
    )


LABELS = {
    "ja": (
        "注意",
        "{page} / {pages} ページ",
        "お問い合わせ: {helpdesk_name} {helpdesk_phone}"
        "（内線 {helpdesk_extension}）{helpdesk_hours}",
    ),
    "en": (
        "Caution",
        "Page {page} of {pages}",
        "Questions: {helpdesk_name}, {helpdesk_phone} "
        "(ext. {helpdesk_extension}), {helpdesk_hours}",
    ),
}


def build_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2022-10-01") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--only", metavar="STEM")
    parser.add_argument("--lang", choices=LANGUAGES)
    parser.add_argument("--today", type=build_date, default=dt.date.today(), metavar="DATE")
    parser.add_argument("--out", type=Path, metavar="FOLDER")
    args = parser.parse_args(argv)
    folder: Path = args.out or bundled_pdf_folder()
    org = load_organization()
    layout = layout_digest()
    cutover = cutover_variant(org, args.today)
    if args.check:
        stale = stale_guides(org, layout, folder, today=args.today)
        for item in stale:
            print(f"{item.pdf}: {item.reason}")
        return 1 if stale else 0

    from guide_pdf import Labels, render_pdf

    regular, bold = find_font("NotoSansCJK-Regular.ttc"), find_font("NotoSansCJK-Bold.ttc")
    # A fixed date: rebuilding unchanged sources gives byte-identical PDFs.
    created = dt.datetime.combine(org.notice_date, dt.time(12, 0), tzinfo=dt.UTC)
    manifest_file = manifest_path(folder)
    old = json.loads(manifest_file.read_text("utf-8")) if manifest_file.is_file() else {}
    entries: dict[str, dict[str, str]] = dict(old.get("guides", {}))
    for key in all_guides():
        if args.only and key.stem != args.only:
            continue
        for lang in LANGUAGES:
            if args.lang and lang != args.lang:
                continue
            values = placeholders(org, lang, cutover)
            document = load_guide(source_path(key, lang), values)
            caution, page, helpdesk = LABELS[lang]
            digest = source_digest(key, lang, org, cutover)
            out = folder / key.pdf_name(lang)
            render_pdf(
                document,
                font_regular=regular,
                font_bold=bold,
                org_line=f"{org.name(lang)} · {org.service_name(lang)}",
                author=org.name(lang),
                labels=Labels(caution, page, helpdesk.format(**values)),
                language=lang,
                keywords=f"{key.stem} source-sha256:{digest}",
                created=created,
                out=out,
            )
            entries[out.name] = {
                "source": source_path(key, lang).name,
                "source_sha256": digest,
                "cutover": cutover,
            }
            shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
            print(f"built {shown} ({out.stat().st_size // 1024} KB, {cutover})")
    manifest = {
        "schema": 1,
        "about": "Written by build/build_guides.py; tests compare these hashes.",
        "layout_sha256": layout,
        "guides": dict(sorted(entries.items())),
    }
    folder.mkdir(parents=True, exist_ok=True)
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
