"""§9 Each operation speaks its own words: no "folder None", no "line ?", an unreadable
file is unreadable (not changed), restore never says "the backup cannot be made", an
existing file is not "does not exist"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_snapshots import (
    UNPRIVILEGED,
    cli,
    let_everyone_read,
    linux_args,
    linux_snapshot,
    open_tree,
    unprivileged,
)


def _backup(base: Path, home: Path) -> Path:
    dest = base / "dest"
    dest.mkdir()
    made = cli("--lang", "en", "backup", "--source", home / ".thunderbird", "--dest", dest)
    assert made.code == 0, made.err
    [backup] = dest.iterdir()
    return backup


@unprivileged
def test_verify_calls_an_unreadable_file_unreadable() -> None:
    with open_tree() as base:
        _, home = linux_snapshot(base)
        backup = _backup(base, home)
        let_everyone_read(base)
        (backup / ".thunderbird" / "good" / "prefs.js").chmod(0o000)
        run = cli("--lang", "en", "verify", backup, "--json", user=UNPRIVILEGED)
        result = run.last_json()
        assert run.code == 1
        assert result["unreadable"] == [".thunderbird/good/prefs.js"]
        assert result["changed"] == [] and result["whole"] is False
        text = cli("--lang", "en", "verify", backup, user=UNPRIVILEGED)
        assert "unreadable: .thunderbird/good/prefs.js" in text.out + text.err
        assert "changed:" not in text.out + text.err


@unprivileged
def test_restore_says_the_backup_file_cannot_be_read_not_that_a_backup_cannot_be_made() -> None:
    with open_tree() as base:
        _, home = linux_snapshot(base)
        backup = _backup(base, home)
        let_everyone_read(base)
        (backup / ".thunderbird" / "good" / "prefs.js").chmod(0o000)
        target = base / "back"
        target.mkdir(mode=0o777)
        target.chmod(0o777)
        run = cli("--lang", "en", "restore", backup, "--to", target, user=UNPRIVILEGED)
        words = run.out + run.err
        assert run.code == 1
        assert "in the backup cannot be read, so it cannot be restored" in words
        assert "backup cannot be made" not in words


def test_a_backup_that_could_not_start_names_no_folder_none(tmp_path: Path) -> None:
    _, home = linux_snapshot(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    run = cli(
        "--lang", "en", "backup", "--source", home / ".thunderbird", "--dest", blocker / "sub"
    )
    assert run.code == 1
    assert "None" not in run.out + run.err
    # refused before the backup folder is made (homebound): the file under it is named
    assert f"The destination {blocker} is not a folder" in run.err


def test_an_ini_error_names_its_line(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text("[General]\nStartWithLastProfile=1\nno equals sign here\n")
    run = cli("--lang", "en", *linux_args(root, home), "report")
    assert f"The file {ini} is malformed at line 3." in run.out
    assert "line ?" not in run.out


@pytest.mark.parametrize("option", ["--root", "--home"])
def test_an_existing_file_given_as_a_folder_is_not_said_to_be_missing(
    tmp_path: Path, option: str
) -> None:
    root, home = linux_snapshot(tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    args = {"--root": [a_file, "--home", home], "--home": [root, "--home", a_file]}[option]
    run = cli("--lang", "en", "--platform", "linux", "--root", *args, "report")
    assert run.code == 2
    assert run.err == f"{a_file} is not a folder.\n"


def test_a_folder_given_as_a_registry_export_is_not_said_to_be_missing(tmp_path: Path) -> None:
    snapshot = ["--platform", "windows", "--root", tmp_path, "--registry", tmp_path]
    run = cli("--lang", "en", *snapshot, "report")
    assert run.code == 2
    assert run.err == f"{tmp_path} is not a file.\n"
