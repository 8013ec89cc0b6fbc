"""Which guide for which app, and the organisation's official folder taking precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guides.catalog import GUIDE_IDS, RULES_VARIANTS, GuideKey, bundled_pdf_path
from assistant.guides.safety import GuideUnavailable
from assistant.guides.selection import (
    GUIDE_TABLE,
    guide_for_verdict,
    resolve_guide,
    select_guide,
)
from assistant.i18n import Translator
from assistant.matrix import SupportMatrix
from assistant.organization import Organization, load_organization


@pytest.mark.parametrize(
    ("app", "edition", "rules", "expected"),
    [
        ("outlook-windows", "365", False, "outlook-365"),
        ("outlook-windows", "2019", True, "outlook-365-rules"),
        ("outlook-windows", "2021", False, "outlook-365"),
        ("outlook-windows", "2024", True, "outlook-365-rules"),
        ("outlook-windows", "2016", False, "outlook-2016"),
        ("outlook-windows", "2016", True, "outlook-2016-rules"),
        ("thunderbird", None, False, "thunderbird"),
        ("thunderbird", None, True, "thunderbird"),  # no rules variant: the plain guide
        ("apple-mail", None, False, "apple-mail"),
        ("outlook-web", None, False, "office365-signin"),
        ("outlook-windows", "2013", False, None),
        ("outlook-mac", None, False, None),
        ("new-outlook-windows", None, False, None),
        ("eudora", None, False, None),
    ],
)
def test_selection_table(app: str, edition: str | None, rules: bool, expected: str | None) -> None:
    key = select_guide(app, edition, rules=rules)
    assert (key.stem if key else None) == expected


def test_table_agrees_with_the_support_matrix() -> None:
    matrix = SupportMatrix.load()
    versions = {"thunderbird": "102.2.0", "apple-mail": "13.5"}
    for (app, edition), guide_id in GUIDE_TABLE.items():
        if app not in matrix.apps:
            continue
        verdict = matrix.verdict(app, versions.get(app), edition)
        assert verdict.guide == guide_id, (app, edition)
        assert guide_for_verdict(verdict, rules=True) == select_guide(app, edition, rules=True)
    assert guide_for_verdict(matrix.verdict("apple-mail", "10.13")) is None


def test_every_guide_the_matrix_names_exists() -> None:
    matrix = SupportMatrix.load()
    named = {r.guide for app in matrix.apps.values() for r in (*app.rules, app.otherwise)}
    assert named - {None} <= set(GUIDE_IDS)
    assert {r.rules_guide and r.guide for a in matrix.apps.values() for r in a.rules} - {False} <= (
        RULES_VARIANTS
    )


def _org_with_folder(tmp_path: Path, folder: Path) -> Organization:
    config = tmp_path / "org.toml"
    config.write_text(f'[guides]\nofficial_folder = "{folder.as_posix()}"\n', encoding="utf-8")
    return load_organization(config=config)


def test_official_folder_wins_per_guide(tmp_path: Path) -> None:
    official = tmp_path / "official"
    official.mkdir()
    (official / "thunderbird.ja.pdf").write_bytes(
        bundled_pdf_path(GuideKey("apple-mail"), "ja").read_bytes()
    )
    org = _org_with_folder(tmp_path, official)
    tb = resolve_guide(GuideKey("thunderbird"), "ja", org)
    assert tb.origin == "official" and tb.target.path == (official / "thunderbird.ja.pdf").resolve()
    assert tb.notes == ()
    # Other guides and the other language still come from the bundle.
    assert resolve_guide(GuideKey("thunderbird"), "en", org).origin == "bundled"
    assert resolve_guide(GuideKey("outlook-365", rules=True), "ja", org).origin == "bundled"


def test_relative_official_folder_is_relative_to_its_profile(tmp_path: Path) -> None:
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "outlook-2016-rules.en.pdf").write_bytes(
        bundled_pdf_path(GuideKey("outlook-2016", True), "en").read_bytes()
    )
    config = tmp_path / "org.toml"
    config.write_text('[guides]\nofficial_folder = "pdfs"\n', encoding="utf-8")
    org = load_organization(config=config)
    assert resolve_guide(GuideKey("outlook-2016", True), "en", org).origin == "official"


def test_broken_official_pdf_falls_back_with_a_note(tmp_path: Path) -> None:
    official = tmp_path / "official"
    official.mkdir()
    (official / "apple-mail.en.pdf").write_bytes(b"<html>not a pdf</html>")
    (official / "thunderbird.en.pdf").write_bytes(b"MZ\x90\x00 a program")
    org = _org_with_folder(tmp_path, official)
    for stem in ("apple-mail", "thunderbird"):
        guide = resolve_guide(GuideKey(stem), "en", org)
        assert guide.origin == "bundled"
        assert len(guide.notes) == 1
        sentence = Translator("en").render(guide.notes[0])
        assert str(official / f"{stem}.en.pdf") in sentence


def test_missing_bundled_pdf_names_outlook_on_the_web(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bundle"
    empty.mkdir()
    monkeypatch.setattr("assistant.guides.catalog.resource_path", lambda name: empty)
    monkeypatch.setattr("assistant.guides.safety.bundled_pdf_folder", lambda: empty)
    with pytest.raises(GuideUnavailable) as err:
        resolve_guide(GuideKey("thunderbird"), "ja", load_organization())
    sentence = Translator("ja").render(err.value.message)
    assert "https://portal.office.com" in sentence and "見つかりません" in sentence
