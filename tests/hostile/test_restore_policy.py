"""Issue 16 §2: a restore writes only where it should. The manifest is not authenticated,
so a crafted backup must not write over ``~/.ssh/authorized_keys`` (or anything outside the
known places of mail data in the user's home); the places are shown before anything is
written; a ``--demo`` backup never goes into the assistant's own files."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from safewrite_support import backup_with_cli, home_with_profile

from assistant.backup.manifest import MANIFEST_NAME
from assistant.resources import resource_root

KEYS = b"ssh-ed25519 AAAA... user@laptop\n"


class Terminal(io.StringIO):
    """Standard input that is a terminal, with the user's answer typed in."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "authorized_keys").write_bytes(KEYS)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: no terminal
    return home


def _pst(home: Path) -> Path:
    pst = home / "Documents" / "Outlook Files" / "mail.pst"
    pst.parent.mkdir(parents=True, exist_ok=True)
    pst.write_bytes(b"!BDN" + os.urandom(4000))
    return pst


def _craft(backup: Path, **source: object) -> None:
    """Change what the manifest says about its first source (as an attacker can)."""
    path = backup / MANIFEST_NAME
    raw = json.loads(path.read_text())
    raw["sources"][0].update(source)
    path.write_text(json.dumps(raw))


@pytest.mark.parametrize(
    ("kind", "origin"),
    [
        ("pst", "{home}/.ssh/authorized_keys"),
        (None, "{home}/.ssh/authorized_keys"),
        ("thunderbird_profile", "{home}/.ssh/authorized_keys"),
        ("pst", "{home}/Documents/../.ssh/authorized_keys"),
        ("pst", "{outside}/mail.pst"),
        ("something_else", "{home}/Documents/Outlook Files/mail.pst"),
    ],
)
def test_a_crafted_origin_is_refused_and_nothing_is_written(
    home: Path, tmp_path: Path, run_cli, kind: str | None, origin: str
) -> None:  # type: ignore[no-untyped-def]
    backup = backup_with_cli(run_cli, _pst(home), tmp_path / "backups")
    target = origin.format(home=home, outside=tmp_path / "outside")
    _craft(backup, kind=kind, origin=target)
    for extra in ((), ("--yes",)):
        code, out, err = run_cli("--lang", "en", "restore", str(backup), *extra)
        assert code == 1 and out == ""
        assert err.strip() == (
            f"The backup says mail.pst came from {target}, which is not a place where the"
            " assistant keeps mail data (a known place in your home folder), so nothing was"
            " written. Choose a folder with --to."
        )
    assert (home / ".ssh" / "authorized_keys").read_bytes() == KEYS
    assert sorted(p.name for p in (home / ".ssh").iterdir()) == ["authorized_keys"]
    assert not (tmp_path / "outside").exists()


def test_a_link_out_of_the_home_folder_is_not_inside_it(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (home / ".thunderbird").symlink_to(elsewhere)
    profile = home / ".thunderbird" / "x.default"
    profile.mkdir()
    (profile / "prefs.js").write_text("// prefs\n")
    backup = backup_with_cli(run_cli, profile, tmp_path / "backups")
    code, _, err = run_cli("--lang", "en", "restore", str(backup), "--yes")
    assert code == 1 and "is not a place where the assistant keeps mail data" in err
    assert sorted(p.name for p in elsewhere.iterdir()) == ["x.default"]


def test_without_a_terminal_or_yes_the_places_are_shown_and_nothing_is_written(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    pst = _pst(home)
    backup = backup_with_cli(run_cli, pst, tmp_path / "backups")
    pst.write_bytes(b"newer")
    code, out, _ = run_cli("--lang", "en", "restore", str(backup))
    assert code == 1
    assert out.splitlines() == [
        f"  - mail.pst → {pst} (what is there now is moved aside, not deleted)",
        "Restoring to where the data came from needs a confirmation and there is no terminal"
        " to ask on, so nothing was written. Run it again with --yes if the places above are"
        " right, or choose a folder with --to.",
    ]
    assert pst.read_bytes() == b"newer"
    assert sorted(p.name for p in pst.parent.iterdir()) == ["mail.pst"]
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--json")
    assert code == 1 and json.loads(out.splitlines()[-1])["error_key"] == "restore.no_terminal"


def test_on_a_terminal_the_user_confirms_or_declines(
    home: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pst = _pst(home)
    saved = pst.read_bytes()
    backup = backup_with_cli(run_cli, pst, tmp_path / "backups")
    pst.write_bytes(b"newer")
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, _ = run_cli("--lang", "en", "restore", str(backup))
    assert code == 1 and "Restore to the places above? [y/N]" in out
    assert out.endswith("[y/N] Nothing was restored; nothing was written.\n")
    assert pst.read_bytes() == b"newer"
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code, out, _ = run_cli("--lang", "en", "restore", str(backup))
    assert code == 0, out
    assert pst.read_bytes() == saved
    (aside,) = pst.parent.glob("mail.pst.before-restore-*")
    assert aside.read_bytes() == b"newer"
    assert f"What was at {pst} was moved to {aside} (nothing was deleted)." in out


def test_yes_restores_in_place_for_scripts(home: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    pst = _pst(home)
    saved = pst.read_bytes()
    backup = backup_with_cli(run_cli, pst, tmp_path / "backups")
    pst.unlink()
    code, out, err = run_cli("--lang", "en", "restore", str(backup), "--yes", "--json")
    assert code == 0, err
    assert pst.read_bytes() == saved
    assert err.splitlines()[0] == f"  - mail.pst → {pst} (new)"
    assert json.loads(out.splitlines()[-1])["restored"][0]["target"] == str(pst)


def test_to_a_chosen_folder_asks_nothing(home: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    pst = _pst(home)
    backup = backup_with_cli(run_cli, pst, tmp_path / "backups")
    _craft(backup, origin=str(home / ".ssh" / "authorized_keys"))
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--to", str(tmp_path / "r"))
    assert code == 0, out
    assert (tmp_path / "r" / "mail.pst").read_bytes() == pst.read_bytes()
    assert (home / ".ssh" / "authorized_keys").read_bytes() == KEYS


def test_a_demo_backup_never_restores_into_the_programs_files(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    demo = resource_root() / "demo"
    before = sorted((p, p.stat().st_mtime_ns) for p in demo.rglob("*"))
    code, out, err = run_cli("--lang", "en", "--demo", "backup", "--dest", str(tmp_path), "--json")
    assert code == 0, err
    backup = json.loads(out.splitlines()[-1])["backup_dir"]
    for argv in (
        ("--demo", "restore", backup, "--yes"),
        ("--demo", "restore", backup, "--to", str(demo)),
        ("restore", backup, "--to", str(demo / "windows")),
    ):
        code, out, err = run_cli("--lang", "en", *argv)
        assert code == 1 and out == ""
        assert "is among the assistant's own files (such as the sample machine)" in err
    assert sorted((p, p.stat().st_mtime_ns) for p in demo.rglob("*")) == before


def test_a_snapshot_backup_goes_back_into_the_snapshot(home: Path, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "root"
    profile = home_with_profile(root / "home" / "taro")
    snapshot = ("--platform", "linux", "--root", str(root))
    code, out, err = run_cli(
        "--lang",
        "en",
        *snapshot,
        "backup",
        "--app",
        "thunderbird",
        "--dest",
        str(tmp_path / "b"),
        "--json",
    )
    assert code == 0, err
    backup = json.loads(out.splitlines()[-1])["backup_dir"]
    saved = (profile / "prefs.js").read_bytes()
    (profile / "prefs.js").write_bytes(b"// changed since")
    code, _, err = run_cli("--lang", "en", "restore", backup, "--yes")  # this machine's home
    assert code == 1 and "is not a place where the assistant keeps mail data" in err
    code, out, _ = run_cli("--lang", "en", *snapshot, "restore", backup, "--yes")
    assert code == 0, out
    assert (profile / "prefs.js").read_bytes() == saved
