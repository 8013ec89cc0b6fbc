"""§4 Only regular files are read, within bounds, and parsed in linear time.

A FIFO where a data file is expected used to hang report, backup, fix, verify, restore
and smoke-test forever; a device node (like /dev/zero) ate the memory; a 15 MB prefs.js
of ";" took minutes; deep nesting ended in an unexpected error. Every case runs the CLI
in a subprocess with a timeout: a regression fails, it never hangs the test run.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_snapshots import (
    can_drop_privileges,
    cli,
    device_like_zero,
    fifo,
    let_everyone_read,
    linux_args,
    linux_snapshot,
    open_tree,
    users,
)

from assistant.detect.thunderbird.prefs import parse_prefs
from assistant.errors import DataFileError
from tests.macos_snapshot import MacSnapshot

PROFILE_FILES = ["prefs.js", "user.js", "compatibility.ini"]


@pytest.mark.parametrize("user", users())
@pytest.mark.parametrize("name", PROFILE_FILES)
def test_a_fifo_in_a_profile_is_a_sentence_and_the_rest_is_reported(
    name: str, user: str | None
) -> None:
    with open_tree() as base:
        root, home = linux_snapshot(base, profiles=("bad", "good"))
        pipe = fifo(home / ".thunderbird" / "bad" / name)
        let_everyone_read(base)
        run = cli("--lang", "en", *linux_args(root, home), "report", "--json", user=user)
        data = run.json()
        assert f"{pipe} is not a regular file (a named pipe), so it was not read." in [
            p["text"] for p in data["problems"]
        ]
        assert data["incomplete"] is True
        assert run.code == 3  # incomplete wins over the good profile's action
        assert {a["profile"] for a in data["accounts"]} >= {"good"}


@pytest.mark.parametrize("user", users())
@pytest.mark.parametrize("where", ["home/u/.thunderbird/installs.ini", "etc/os-release"])
def test_a_fifo_for_installs_ini_or_os_release(where: str, user: str | None) -> None:
    with open_tree() as base:
        root, home = linux_snapshot(base)
        pipe = fifo(root / where)
        let_everyone_read(base)
        run = cli("--lang", "en", *linux_args(root, home), "report", user=user)
        assert f"{pipe} is not a regular file (a named pipe)" in run.out
        assert run.code == 3


def test_a_device_where_prefs_js_should_be_is_not_read(tmp_path: Path) -> None:
    if not can_drop_privileges():
        pytest.skip("making a device node needs root")
    root, home = linux_snapshot(tmp_path)
    prefs = home / ".thunderbird" / "good" / "prefs.js"
    prefs.unlink()
    device_like_zero(prefs)
    run = cli("--lang", "en", *linux_args(root, home), "report")
    assert f"{prefs} is not a regular file (a device), so it was not read." in run.out
    assert run.code == 3  # nothing readable needs action, and a part was not seen


def test_the_reader_refuses_devices_fifos_folders_and_huge_files(tmp_path: Path) -> None:
    from assistant.datafile import PREFS_LIMIT, FileTooBig, NotRegularFile, read_data_file

    with pytest.raises(NotRegularFile):
        read_data_file(Path("/dev/zero"), PREFS_LIMIT)
    link = tmp_path / "zero"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile):
        read_data_file(link, PREFS_LIMIT)
    with pytest.raises(NotRegularFile):
        read_data_file(fifo(tmp_path / "pipe"), PREFS_LIMIT)  # no writer: would block
    with pytest.raises(NotRegularFile):
        read_data_file(tmp_path, PREFS_LIMIT)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(FileTooBig):
        read_data_file(big, 1000)
    assert read_data_file(big, 1001) == b"x" * 1001


def test_the_reader_can_refuse_a_link_to_a_regular_file(tmp_path: Path) -> None:
    """``follow_links=False`` (our own files beside the user's): a link is refused even
    when it leads to a plain file; without it the same link is read at its target."""
    from assistant.datafile import PREFS_LIMIT, NotRegularFile, read_data_file

    target = tmp_path / ".bashrc"
    target.write_text("export PATH=precious\n")
    link = tmp_path / "prefs.js.before-oauth2-20261202-061500"
    link.symlink_to(target)
    assert read_data_file(link, PREFS_LIMIT) == b"export PATH=precious\n"
    with pytest.raises(NotRegularFile) as refused:
        read_data_file(link, PREFS_LIMIT, follow_links=False)
    assert refused.value.message.params["file"] == str(link)
    assert read_data_file(target, PREFS_LIMIT, follow_links=False) == b"export PATH=precious\n"
    with pytest.raises(NotRegularFile):
        read_data_file(fifo(tmp_path / "pipe"), PREFS_LIMIT, follow_links=False)


@pytest.mark.parametrize("user", users())
def test_a_fifo_or_device_as_config_is_a_sentence(user: str | None) -> None:
    with open_tree() as base:
        pipe = fifo(base / "org.toml")
        let_everyone_read(base)
        for config in (pipe, Path("/dev/zero")):
            run = cli("--lang", "en", "--config", config, "--demo", "report", user=user)
            assert run.code == 3
            assert f"{config} is not a regular file" in run.err
            assert run.out == ""


def test_a_fifo_parentlock_does_not_hang_backup(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    fifo(home / ".thunderbird" / "good" / ".parentlock")
    dest = tmp_path / "dest"
    dest.mkdir()
    run = cli("--lang", "en", *linux_args(root, home), "backup", "--dest", dest, "--json")
    assert run.code == 0, run.err
    result = run.last_json()
    assert result["status"] == "completed"


def test_a_fifo_manifest_or_backup_file_does_not_hang_verify_or_restore(tmp_path: Path) -> None:
    _, home = linux_snapshot(tmp_path)
    dest = tmp_path / "dest"
    dest.mkdir()
    made = cli("--lang", "en", "backup", "--source", home / ".thunderbird", "--dest", dest)
    assert made.code == 0, made.err
    [backup] = dest.iterdir()
    prefs = backup / ".thunderbird" / "good" / "prefs.js"
    prefs.unlink()
    fifo(prefs)
    verify = cli("--lang", "en", "verify", backup)
    assert verify.code == 1
    assert "changed: .thunderbird/good/prefs.js" in verify.out + verify.err
    restore = cli("--lang", "en", "restore", backup, "--to", tmp_path / "back")
    assert restore.code == 1
    assert "in the backup is not a regular file, so it cannot be restored" in restore.out
    manifest = fifo(backup / "manifest.json")
    for command in ("verify", "restore"):
        run = cli("--lang", "en", command, backup)
        assert run.code != 0
        assert f"{manifest} is not a regular file (a named pipe)" in run.err


def test_a_fifo_system_version_plist_does_not_hang(tmp_path: Path) -> None:
    mac = MacSnapshot(tmp_path / "mac")
    plist = fifo(mac.root / "System/Library/CoreServices/SystemVersion.plist")
    run = cli("--lang", "en", "--platform", "macos", "--root", mac.root, "report", "--json")
    data = run.json()
    assert f"{plist} is not a regular file (a named pipe), so it was not read." in [
        p["text"] for p in data["problems"]
    ]
    assert run.code == 3


def test_smoke_test_ends_with_a_failure_when_the_diagnosis_fails(tmp_path: Path) -> None:
    run = cli("--lang", "en", "--config", fifo(tmp_path / "org.toml"), "--demo", "smoke-test")
    assert run.code == 1
    assert '"ok": false' in run.out


def test_a_prefs_js_of_semicolons_parses_in_one_pass() -> None:
    from assistant.detect.thunderbird.prefs import MAX_ISSUES

    count = 4 * 1024 * 1024
    prefs = parse_prefs(b";" * count + b'\nuser_pref("a", 1);\n' + b"a;" * 100_000)
    assert prefs.values() == {"a": 1}
    assert len(prefs.issues) == MAX_ISSUES  # the first ones with their lines, not millions
    assert prefs.issue_count == count + 100_000
    assert prefs.issues[0].line == 1


def test_a_huge_prefs_js_is_a_sentence(tmp_path: Path) -> None:
    from assistant.datafile import PREFS_LIMIT

    root, home = linux_snapshot(tmp_path)
    prefs = home / ".thunderbird" / "good" / "prefs.js"
    with prefs.open("ab") as f:
        f.truncate(PREFS_LIMIT + 1)
    run = cli("--lang", "en", *linux_args(root, home), "report")
    assert f"{prefs} is too big (the limit is 16.0 MB), so it was not read." in run.out


def test_deeply_nested_toml_and_manifest_are_sentences(tmp_path: Path) -> None:
    from assistant.datafile import load_toml

    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(DataFileError) as caught:
        load_toml(deep)
    assert caught.value.message.key == "hostile.error.data_file_too_deep"
    run = cli("--lang", "en", "--config", deep, "--demo", "report")
    assert run.code == 3 and f"The data file {deep} is nested too deeply" in run.err
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    verify = cli("--lang", "en", "verify", backup)
    assert verify.code != 0
    assert f"{backup / 'manifest.json'} is nested too deeply" in verify.err


def test_a_link_to_dev_zero_as_a_registry_export_is_a_sentence(tmp_path: Path) -> None:
    link = tmp_path / "zero.reg"
    link.symlink_to("/dev/zero")
    run = cli(
        "--lang", "en", "--platform", "windows", "--root", tmp_path, "--registry", link, "report"
    )
    assert run.code == 2  # a usage error: the export named on the command line is no file
    assert f"{link} is not a file." in run.err
    assert os.path.exists("/dev/zero")


def test_a_fifo_hostname_does_not_hang_report(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    fifo(root / "etc" / "hostname")
    run = cli("--lang", "en", *linux_args(root, home), "report", "--json")
    assert run.json()["machine"] is None  # not read, not waited for
    assert run.code == 1


def test_a_fifo_copy_record_does_not_hang_undo(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    fifo(home / ".thunderbird" / "good" / "prefs.js.oauth2-copies.json")
    run = cli("--lang", "en", *linux_args(root, home), "fix", "thunderbird", "--undo")
    assert run.code == 1
    assert "Traceback" not in run.err and run.err.strip()


def test_a_fifo_among_collected_reports_does_not_hang_summarize(tmp_path: Path) -> None:
    report = cli("--lang", "en", "--demo", "report", "--json")
    (tmp_path / "pc1.json").write_text(report.out)
    fifo(tmp_path / "pc2.json")
    run = cli("--lang", "en", "summarize", tmp_path)
    assert "pc2.json" in run.out + run.err
