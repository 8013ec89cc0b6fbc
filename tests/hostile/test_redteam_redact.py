"""Red-team cases for ``report --redact``: names that case-folding changes, and names
written decomposed (as macOS file systems keep them) beside the composed form."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hostile_snapshots import linux_args
from thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

from assistant.redact import Redactor


def _home_of(base: Path, user: str, full_name: str) -> tuple[Path, Path]:
    root = base / "root"
    home = root / "home" / user
    tb = home / ".thunderbird"
    write_profile(tb / "p1", {**ACCOUNTS, "mail.identity.id1.fullName": full_name})
    write_profiles_ini(tb, "[Profile0]\nName=p1\nIsRelative=1\nPath=p1\n")
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    return root, home


@pytest.mark.parametrize("form", ["text", "json", "csv", "jamf"])
def test_a_name_case_folding_changes_is_masked(run_cli, tmp_path: Path, form: str) -> None:  # type: ignore[no-untyped-def]
    """A home folder "Groß": the mask was looked up by the case-folded "gross", which a
    case-insensitive match never finds in "Groß", so every path kept the name."""
    root, home = _home_of(tmp_path, "Groß", "Groß")
    code, out, err = run_cli("--lang", "en", *linux_args(root, home), "report", "--redact",
                             "--format", form)  # fmt: skip
    assert code in (1, 3), err
    assert "Groß" not in out
    assert "user1" in out or form == "jamf"


def test_the_decomposed_spelling_of_a_known_name_is_masked() -> None:
    composed = unicodedata.normalize("NFC", "だいすけ")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    r = Redactor([composed])
    assert r.text(f"/Users/{decomposed}/Library/Mail") == "/Users/user1/Library/Mail"
    assert r.text(f"{composed} と {decomposed.upper()}") == "user1 と user1"


@pytest.mark.parametrize("name", ["Groß", "STRASSE", "Ǆemal", "ﬁona", "İlker"])
def test_every_spelling_of_a_name_gets_the_one_mask(name: str) -> None:
    r = Redactor([name])
    assert r.text(f"C:\\Users\\{name}\\x") == "C:\\Users\\user1\\x"
    assert r.text(f"{name.upper()} {name.lower()}") == "user1 user1"
