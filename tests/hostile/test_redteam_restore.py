"""Red-team cases for ``restore``: crafted manifest names, ``--to`` onto a file, a backup
folder that is itself a link."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from safewrite_support import backup_with_cli

from assistant.backup.manifest import MANIFEST_NAME


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script: no terminal
    return home


def _backup(home: Path, tmp_path: Path, run_cli) -> Path:  # type: ignore[no-untyped-def]
    pst = home / "Documents" / "Outlook Files" / "mail.pst"
    pst.parent.mkdir(parents=True)
    pst.write_bytes(b"!BDN" + os.urandom(4000))
    return backup_with_cli(run_cli, pst, tmp_path / "backups")


def test_to_onto_a_file_is_refused_before_anything_is_planned(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    """The plan listed "mail.pst → FILE/mail.pst (new)", then the copy failed with
    "An error happened with FILE/mail.pst.restoring (Not a directory)"."""
    backup = _backup(home, tmp_path, run_cli)
    afile = tmp_path / "afile"
    afile.write_text("mine\n")
    code, out, err = run_cli("--lang", "en", "restore", str(backup), "--to", str(afile), "--yes")
    assert (code, out) == (1, "")
    assert err == (
        f"{afile}, given with --to, is not a folder, so nothing was restored;"
        " name the folder to restore into.\n"
    )
    assert afile.read_text() == "mine\n"


CRAFTED_NAMES = {
    "dot-dot": "..",
    "absolute": "/etc",
    "slash": "a/../../x.pst",
    "nul": "mail\u0000.pst",
    "empty": "",
    "escape that unescapes to a slash": "..%2Fx.pst",
}


@pytest.mark.parametrize("name", CRAFTED_NAMES.values(), ids=CRAFTED_NAMES.keys())
def test_a_crafted_source_name_never_leaves_the_to_folder(
    home: Path, tmp_path: Path, run_cli, name: str
) -> None:  # type: ignore[no-untyped-def]
    backup = _backup(home, tmp_path, run_cli)
    path = backup / MANIFEST_NAME
    raw = json.loads(path.read_text())
    raw["sources"][0]["name"] = name
    path.write_text(json.dumps(raw))
    to = tmp_path / "to" / "deeper"
    to.mkdir(parents=True)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run_cli("--lang", "en", "restore", str(backup), "--to", str(to), "--yes")
    assert code == 1, out
    assert err.count("\n") == 1 and "Traceback" not in err
    assert list(to.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_backup_folder_that_is_a_link_restores_what_it_points_to(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    backup = _backup(home, tmp_path, run_cli)
    link = tmp_path / "link-to-backup"
    link.symlink_to(backup)
    to = tmp_path / "to"
    to.mkdir()
    code, _out, err = run_cli("--lang", "en", "restore", str(link), "--to", str(to), "--yes")
    assert code == 0, err  # stderr holds the progress lines
    pst = home / "Documents" / "Outlook Files" / "mail.pst"
    assert (to / "mail.pst").read_bytes() == pst.read_bytes()
