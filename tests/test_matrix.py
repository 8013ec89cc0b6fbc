from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import DataFileError
from assistant.matrix import SupportMatrix, Verdict

MATRIX = SupportMatrix.load()


@pytest.mark.parametrize(
    ("version", "verdict"),
    [
        ("78.3.0", Verdict.UPDATE_REQUIRED),
        ("78.3.1", Verdict.SUPPORTED),
        ("91.12.0", Verdict.SUPPORTED),
        ("91.12.0 (x64 ja)", Verdict.SUPPORTED),
        ("91.13.0", Verdict.UPDATE_REQUIRED),
        ("91.13.0 (ja)", Verdict.UPDATE_REQUIRED),
        ("102.0b3", Verdict.UPDATE_REQUIRED),
        ("102.1.0", Verdict.UPDATE_REQUIRED),
        ("102.1.2", Verdict.UPDATE_REQUIRED),
        ("102.2.0", Verdict.SUPPORTED),
        ("115.3.1", Verdict.SUPPORTED),
        ("140.4.0 ESR (x64 ja)", Verdict.SUPPORTED),
        ("153.7.0esr", Verdict.SUPPORTED),
        ("156.0a1", Verdict.SUPPORTED),
        ("60.9.1", Verdict.UPDATE_REQUIRED),
        ("version ?", Verdict.UNKNOWN),
    ],
)
def test_thunderbird_versions(version: str, verdict: Verdict) -> None:
    result = MATRIX.verdict("thunderbird", version)
    assert result.verdict is verdict
    assert result.guide == "thunderbird"


@pytest.mark.parametrize(
    ("macos", "verdict", "guide"),
    [
        ("10.13.6", Verdict.UNSUPPORTED, None),
        ("10.14", Verdict.SUPPORTED, "apple-mail"),
        ("10.14.0", Verdict.SUPPORTED, "apple-mail"),
        ("11.7.10", Verdict.SUPPORTED, "apple-mail"),
        ("14.5", Verdict.SUPPORTED, "apple-mail"),
        ("10.9", Verdict.UNSUPPORTED, None),
    ],
)
def test_apple_mail_follows_macos(macos: str, verdict: Verdict, guide: str | None) -> None:
    result = MATRIX.verdict("apple-mail", macos)
    assert (result.verdict, result.guide) == (verdict, guide)


@pytest.mark.parametrize(
    ("edition", "verdict", "guide"),
    [
        ("365", Verdict.SUPPORTED, "outlook-365"),
        ("2024", Verdict.SUPPORTED, "outlook-365"),
        ("2021", Verdict.SUPPORTED, "outlook-365"),
        ("2019", Verdict.SUPPORTED, "outlook-365"),
        ("2016", Verdict.SUPPORTED, "outlook-2016"),
        ("2013", Verdict.UNSUPPORTED, None),
        ("2010", Verdict.UNSUPPORTED, None),
    ],
)
def test_outlook_editions(edition: str, verdict: Verdict, guide: str | None) -> None:
    result = MATRIX.verdict("outlook-windows", "16.0.17928.20114", edition)
    assert (result.verdict, result.guide) == (verdict, guide)
    assert result.rules_guide is (guide is not None)
    if verdict is Verdict.UNSUPPORTED:
        assert result.notes, "an unsupported Outlook says why"


def test_outlook_version_alone_gives_edition_for_old_majors() -> None:
    assert MATRIX.verdict("outlook-windows", "15.0.5023.1000").edition == "2013"
    assert MATRIX.verdict("outlook-windows", "14.0.7268.5000").verdict is Verdict.UNSUPPORTED
    ambiguous = MATRIX.verdict("outlook-windows", "16.0.17928.20114")
    assert ambiguous.verdict is Verdict.UNKNOWN
    assert ambiguous.notes[0].key == "matrix.note.edition_unknown"


def test_other_apps() -> None:
    assert MATRIX.verdict("outlook-mac", "16.89").verdict is Verdict.CONTACT_HELPDESK
    assert MATRIX.verdict("new-outlook-windows", "1.2024.1").verdict is Verdict.SUPPORTED
    unknown = MATRIX.verdict("eudora", "7.1")
    assert unknown.verdict is Verdict.UNKNOWN
    assert unknown.notes[0].key == "matrix.note.unknown_app"


def test_bad_matrix_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text(
        '[apps.x]\nname = "X"\n[[apps.x.rules]]\nversions = ">=1..2"\nverdict = "supported"\n'
        '[apps.x.otherwise]\nverdict = "unknown"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as info:
        SupportMatrix.load(bad)
    assert info.value.message.params == {
        "file": str(bad),
        "key": "apps.x.rules[0].versions",
        "value": ">=1..2",
    }
    bad.write_text('[apps.x]\nname = "X"\n[apps.x.otherwise]\nverdict = "maybe"\n', "utf-8")
    with pytest.raises(DataFileError) as info:
        SupportMatrix.load(bad)
    assert info.value.message.params["key"] == "apps.x.otherwise.verdict"
