"""Red-team cases for ``report --redact``: names that case-folding changes, names
written decomposed (as macOS file systems keep them) beside the composed form, and
Japanese names written with a half-width space, a full-width space or none."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_snapshots import cli, linux_args, windows_args
from regexport import export_v5, write_export
from thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini
from windows_machines import pop3_account, profile, pst_service

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


# One person's name as three places write it: a half-width space, a full-width space
# (what a Japanese input method types), none.
ADDRESS, HOST, SMTP = "taro@isc.chubu.ac.jp", "outlook.office365.com", "smtp.office365.com"
YAMADA = ("山田 太郎", "山田　太郎", "山田太郎")
SATO = ("佐藤 花子", "佐藤　花子", "佐藤花子")
FORMS = ["text", "json", "csv", "jamf"]


def _thunderbird_with_names(base: Path) -> list[str | Path]:
    """Three Thunderbird profiles named after their owner (in folders
    ``<salt>.<name>`` as Thunderbird makes them); each account is called by a
    differently spaced form of that name (Account Settings > Account Name)."""
    root = base / "root"
    home = root / "home" / "yamada"
    tb = home / ".thunderbird"
    ini = ""
    pairs = [(YAMADA[2], YAMADA[1]), (SATO[1], SATO[2]), (YAMADA[0], YAMADA[1])]
    for i, (profile_name, account_name) in enumerate(pairs):
        folder = f"k{i}x7q2vd.{profile_name}"
        write_profile(tb / folder, {**ACCOUNTS, "mail.server.server1.name": account_name})
        ini += f"[Profile{i}]\nName={profile_name}\nIsRelative=1\nPath={folder}\n\n"
    write_profiles_ini(tb, ini)
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    return linux_args(root, home)


def _outlook_with_names(base: Path) -> list[str | Path]:
    """Two Outlook mail profiles named after their owner, whose accounts carry the name
    spaced differently (Account Name / Display Name); a PST file named after him."""
    root = base / "root"
    documents = root / "Users" / "yamada" / "Documents" / "Outlook ファイル"
    documents.mkdir(parents=True)
    (documents / f"{YAMADA[0]}.pst").write_bytes(b"!BDN" + bytes(1020))
    pst = rf"C:\Users\yamada\Documents\Outlook ファイル\{YAMADA[0]}.pst"
    sections = [
        *profile(
            YAMADA[2],
            [("00000001", pop3_account(ADDRESS, HOST, SMTP, display=YAMADA[1]))],
            [pst_service("0a" * 16, pst)],
        ),
        *profile(
            SATO[1],
            [("00000001", pop3_account("hanako@isc.chubu.ac.jp", HOST, SMTP, display=SATO[0]))],
            default=False,
        ),
    ]
    return windows_args(root, write_export(base / "hkcu.reg", export_v5(sections)))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("snapshot", [_thunderbird_with_names, _outlook_with_names])
def test_a_japanese_name_is_masked_however_it_is_spaced(
    tmp_path: Path, snapshot: Callable[[Path], list[str | Path]], form: str
) -> None:
    """A profile called "山田太郎" whose account is called "山田　太郎": the name was
    learned with its full-width space only, and the profile kept the name in every
    report. Run as the helpdesk runs it, in every form."""
    args = snapshot(tmp_path)
    plain = cli("--lang", "ja", *args, "report", "--format", form)
    redacted = cli("--lang", "ja", *args, "report", "--format", form, "--redact")
    assert redacted.err == "" and redacted.code == plain.code, redacted.err
    for piece in ("山田", "太郎", "佐藤", "花子"):
        assert piece not in redacted.out, (piece, redacted.out)
    if form == "json":
        before, after = plain.json(), redacted.json()
        # Each profile took the mask of its person: one person (however spaced) is one
        # mask, two people are two.
        person = {
            a["profile"]: re.sub(r"\s", "", b["profile"])
            for a, b in zip(after["accounts"], before["accounts"], strict=True)
        }
        assert all(re.fullmatch(r"user\d+", mask) for mask in person), person
        assert sorted(person.values()) == sorted(set(person.values())) == ["佐藤花子", "山田太郎"]
        for key in ("status", "host", "protocol", "auth"):
            assert [a[key] for a in after["accounts"]] == [a[key] for a in before["accounts"]]
        assert [a["id"] for a in after["actions"]] == [a["id"] for a in before["actions"]]


def test_every_spacing_of_a_japanese_name_is_the_one_mask() -> None:
    for known in YAMADA:
        r = Redactor([known])
        text = "、".join([*YAMADA, "山田　　太郎", "山田\t太郎"])
        assert r.text(text) == "、".join(["user1"] * 5), known
        assert r.masks == {"山田太郎": "user1"}


def test_spacing_does_not_mask_ordinary_words() -> None:
    r = Redactor(["山田 太郎", "Taro Yamada", "hanako"])
    kept = "山田花子、太郎丸、山田\n太郎、TaroYamada、Taro Yamadas、Hanakos、ｈａｎａｋｏｓ"
    assert r.text(kept) == kept
    assert r.text("Taro　Yamada と Taro  Yamada") == "user2 と user2"


def test_full_width_letters_are_the_same_name() -> None:
    """A profile typed with the Japanese input method on: "ｔａｒｏ" is "taro"."""
    assert Redactor(["taro"]).text("ｔａｒｏ、Ｔａｒｏ、taro") == "user1、user1、user1"
    assert Redactor(["ｔａｒｏ"]).text("/home/taro/x") == "/home/user1/x"
