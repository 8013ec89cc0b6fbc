"""The guides' cut-over sentence follows the build date: "ends on ..., change by ..."
before the profile's basic_auth_end, "ended ... and no longer works" from that day on;
the manifest records which one each PDF carries, so a PDF built before the cut-over is
stale once it has passed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.guides.catalog import GuideKey, all_guides, bundled_pdf_folder, source_path
from assistant.guides.manifest import files_digest, load_manifest, stale_guides
from assistant.guides.source import cutover_variant, load_guide, placeholders
from assistant.i18n import LANGUAGES, Language
from assistant.organization import load_organization

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = [ROOT / "build" / "guide_pdf.py", ROOT / "build" / "build_guides.py"]
END = dt.date(2022, 10, 1)  # basic_auth_end in resources/organization.toml
BEFORE, AFTER = dt.date(2022, 9, 30), dt.date(2026, 11, 25)

# What a reader must not find once the cut-over has passed, and what must be there.
AHEAD_WORDING: dict[Language, list[str]] = {
    "ja": ["までに行ってください", "廃止されます"],
    "en": ["Please finish by", "Please change your settings by", "ends on"],
}
PASSED_WORDING: dict[Language, str] = {
    "ja": "@ISCメールの基本認証は2022年10月1日に廃止され、現在は使えません。"
    "基本認証のままのアプリでは「電子メールサーバーがログインを拒否しました」と表示され、"
    "何度もパスワードを求められます。",
    "en": "Basic authentication for @ISC Mail ended on 1 October 2022 and no longer works: "
    "an app still using it shows “The email server rejected the login” and keeps asking "
    "for the password.",
}
COMING_WORDING: dict[Language, str] = {
    "ja": "@ISCメールの基本認証は2022年10月1日に廃止されます。"
    "設定の変更は2022年9月30日までに行ってください。",
    "en": "Basic authentication for @ISC Mail ends on 1 October 2022. "
    "Please change your settings by 30 September 2022.",
}
NEEDS_FONTS = not (
    os.environ.get("GUIDE_FONT_DIR")
    or Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").is_file()
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _uses_sentence(key: GuideKey, language: Language) -> bool:
    return "{cutover_sentence}" in source_path(key, language).read_text(encoding="utf-8")


def test_variant_follows_the_build_date() -> None:
    org = load_organization()
    assert org.basic_auth_end == END
    assert cutover_variant(org, dt.date(2022, 8, 8)) == "coming"
    assert cutover_variant(org, BEFORE) == "coming"
    assert cutover_variant(org, END) == "passed"  # the day it ends, as Diagnosis does
    assert cutover_variant(org, AFTER) == "passed"


def test_variant_follows_the_profile(tmp_path: Path) -> None:
    config = tmp_path / "org.toml"
    config.write_text(
        "[service]\nchange_deadline = 2027-03-15\nbasic_auth_end = 2027-03-31\n", encoding="utf-8"
    )
    org = load_organization(config=config)
    assert cutover_variant(org, AFTER) == "coming"
    sentence = placeholders(org, "en", cutover_variant(org, AFTER))["cutover_sentence"]
    assert "ends on 31 March 2027" in sentence and "by 15 March 2027" in sentence


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_in_both_variants(language: Language) -> None:
    org = load_organization()
    passed = placeholders(org, language, "passed")["cutover_sentence"]
    coming = placeholders(org, language, "coming")["cutover_sentence"]
    assert passed == PASSED_WORDING[language]
    assert coming == COMING_WORDING[language]
    assert not any(words in passed for words in AHEAD_WORDING[language])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", all_guides(), ids=lambda k: k.stem)
def test_no_intro_speaks_of_the_cutover_as_ahead_once_passed(
    key: GuideKey, language: Language
) -> None:
    org = load_organization()
    doc = load_guide(source_path(key, language), placeholders(org, language, "passed"))
    for words in AHEAD_WORDING[language]:
        assert words not in doc.lead, f"{key.stem}.{language}: {doc.lead}"
    if _uses_sentence(key, language):
        assert PASSED_WORDING[language] in doc.lead
        coming = load_guide(source_path(key, language), placeholders(org, language, "coming"))
        assert COMING_WORDING[language] in coming.lead


def test_most_guides_carry_the_sentence() -> None:
    """Every guide whose intro spoke of the dates; office365-signin never did."""
    users = {(k.stem, lang) for k in all_guides() for lang in LANGUAGES if _uses_sentence(k, lang)}
    assert len(users) == 14
    assert not any(stem == "office365-signin" for stem, _ in users)


def test_the_manifest_records_the_variant_of_today() -> None:
    org = load_organization()
    entries = load_manifest()["guides"]
    assert len(entries) == 2 * len(all_guides())
    today = cutover_variant(org, dt.date.today())
    assert {entry["cutover"] for entry in entries.values()} == {today}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", all_guides(), ids=lambda k: k.stem)
def test_built_after_the_cutover_the_pdf_says_so(key: GuideKey, language: Language) -> None:
    name = key.pdf_name(language)
    assert load_manifest()["guides"][name]["cutover"] == "passed"
    text = _squash(_pdftotext(bundled_pdf_folder() / name))
    for words in AHEAD_WORDING[language]:
        assert _squash(words) not in text, f"{name} still says {words!r}"
    if _uses_sentence(key, language):
        assert _squash(PASSED_WORDING[language]) in text


def test_a_pdf_built_before_the_cutover_is_stale_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "pdf"
    shutil.copytree(bundled_pdf_folder(), folder)
    org, layout = load_organization(), files_digest(LAYOUT)
    assert stale_guides(org, layout, folder, today=AFTER) == []
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["guides"]["thunderbird.ja.pdf"]["cutover"] = "coming"
    del manifest["guides"]["apple-mail.en.pdf"]["cutover"]  # a manifest from before
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    found = {(s.pdf, s.reason) for s in stale_guides(org, layout, folder, today=AFTER)}
    assert found == {
        ("thunderbird.ja.pdf", "cut-over wording is coming, now passed"),
        ("apple-mail.en.pdf", "cut-over wording is unrecorded, now passed"),
    }
    # Checked as of a day before the cut-over, every "passed" PDF is stale too; the one
    # labelled "coming" above was still built with the "passed" text, and that shows.
    before = {s.pdf: s.reason for s in stale_guides(org, layout, folder, today=BEFORE)}
    assert len(before) == 2 * len(all_guides())
    assert before.pop("thunderbird.ja.pdf") == "source changed"
    assert before.pop("apple-mail.en.pdf") == "cut-over wording is unrecorded, now coming"
    assert set(before.values()) == {"cut-over wording is passed, now coming"}


@pytest.mark.skipif(
    importlib.util.find_spec("fpdf") is None or NEEDS_FONTS or shutil.which("pdftotext") is None,
    reason="building needs fpdf2, the Noto Sans CJK fonts and poppler-utils",
)
def test_building_before_and_after_the_cutover(tmp_path: Path) -> None:
    """The real build, into a scratch folder, on a day before the cut-over; its check on a
    day after fails for that reason; a rebuild after it says the cut-over has passed."""
    build = [sys.executable, str(ROOT / "build" / "build_guides.py"), "--only", "thunderbird"]
    out = ["--out", str(tmp_path)]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*build, *out, *args], capture_output=True, text=True, cwd=ROOT)

    assert run("--today", BEFORE.isoformat()).returncode == 0
    for language in LANGUAGES:
        text = _squash(_pdftotext(tmp_path / f"thunderbird.{language}.pdf"))
        assert _squash(COMING_WORDING[language]) in text
        assert _squash(PASSED_WORDING[language]) not in text

    check = run("--check", "--today", AFTER.isoformat())
    assert check.returncode == 1
    assert "thunderbird.ja.pdf: cut-over wording is coming, now passed" in check.stdout
    assert "thunderbird.en.pdf: cut-over wording is coming, now passed" in check.stdout

    assert run("--today", AFTER.isoformat()).returncode == 0
    for language in LANGUAGES:
        text = _squash(_pdftotext(tmp_path / f"thunderbird.{language}.pdf"))
        assert _squash(PASSED_WORDING[language]) in text
        for words in AHEAD_WORDING[language]:
            assert _squash(words) not in text
    after = run("--check", "--today", AFTER.isoformat()).stdout
    assert "thunderbird" not in after  # only the guides never built here are listed
