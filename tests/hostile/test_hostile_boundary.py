"""§1 A snapshot is a boundary: nothing outside --root is read, listed or copied.

Each case builds a snapshot whose registry, profiles.ini or links lead to a host folder
holding a secret, runs report/backup/fix from the outside, and checks that the secret
appears nowhere (not in the report, not in the backup) and that the escape is a finding
("points outside the snapshot").
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_snapshots import (
    SECRET,
    cli,
    host_secret,
    linux_args,
    linux_snapshot,
    open_tree,
    users,
    windows_args,
    windows_snapshot,
)

from assistant.environment import Environment


def _backed_up(dest: Path) -> str:
    """Everything written into the backup destination, as one text."""
    return "".join(p.read_text(errors="replace") for p in dest.rglob("*") if p.is_file())


def test_a_registry_pst_path_with_dot_dot_is_a_finding_never_a_copy(tmp_path: Path) -> None:
    host_secret(tmp_path)
    root, reg = windows_snapshot(tmp_path, ["C:\\..\\host\\secret.pst"])
    report = cli("--lang", "en", *windows_args(root, reg), "report", "--json")
    data = report.json()
    assert report.code == 3  # incomplete wins over the action the POP account needs
    assert data["incomplete"] is True
    assert data["data_stores"] == []
    [problem] = [p for p in data["problems"] if p["id"] == "hostile.problem.outside_snapshot"]
    assert "C:\\..\\host\\secret.pst points outside the snapshot" in problem["text"]
    dest = tmp_path / "dest"
    dest.mkdir()
    backup = cli("--lang", "en", *windows_args(root, reg), "backup", "--dest", dest, "--json")
    assert backup.code == 1 and backup.last_json()["status"] == "failed"
    assert "No mail data to back up" in backup.err
    assert "C:\\..\\host\\secret.pst points outside the snapshot" in backup.err
    assert SECRET not in _backed_up(dest)


def test_an_escaping_documents_folder_is_not_listed(tmp_path: Path) -> None:
    host_secret(tmp_path)
    root, _ = windows_snapshot(tmp_path, [])
    outlook_files = root / "Users" / "taro" / "Documents" / "Outlook Files"
    outlook_files.mkdir(parents=True)
    (outlook_files / "mine.pst").write_bytes(b"!BDN")
    (outlook_files / "stolen.pst").symlink_to(tmp_path / "host" / "secret.pst")
    env = Environment.snapshot("windows", root)
    from assistant.detect.machine import detect_machine

    facts = detect_machine(env)
    assert [Path(s.path).name for s in facts.data_stores] == ["mine.pst"]
    assert any(p.message.key == "hostile.problem.outside_snapshot" for p in facts.problems)


@pytest.mark.parametrize("user", users())
def test_a_thunderbird_folder_linked_to_the_host_is_not_read(user: str | None) -> None:
    with open_tree() as base:
        host = host_secret(base)
        root, home = linux_snapshot(base, profiles=())
        shutil.rmtree(home / ".thunderbird")
        (home / ".thunderbird").symlink_to(host)
        _everyone(base)
        report = cli("--lang", "en", *linux_args(root, home), "report", "--json", user=user)
        data = report.json()
        assert SECRET not in report.out
        assert data["accounts"] == [] and data["data_stores"] == []
        assert any("points outside the snapshot" in p["text"] for p in data["problems"])
        assert report.code == 3  # nothing seen needs action, but a part was not seen
        fix = cli("--lang", "en", *linux_args(root, home), "fix", "thunderbird", "--dry-run")
        assert fix.code == 1  # not "no profile, nothing to change" (exit 0)
        assert "points outside the snapshot" in fix.err and SECRET not in fix.out + fix.err


@pytest.mark.parametrize("user", users())
def test_an_absolute_profile_path_out_of_the_root_is_not_backed_up(user: str | None) -> None:
    with open_tree() as base:
        host_secret(base)
        root, home = linux_snapshot(base)
        ini = home / ".thunderbird" / "profiles.ini"
        ini.write_text(
            ini.read_text() + "[Profile1]\nName=host\nIsRelative=0\nPath=/../host/hostprofile\n"
        )
        dest = base / "dest"
        dest.mkdir()
        _everyone(base)
        dest.chmod(0o777)
        report = cli("--lang", "en", *linux_args(root, home), "report", "--json", user=user)
        data = report.json()
        assert SECRET not in report.out
        assert [s["profile"] for s in data["data_stores"]] == ["good"]
        escaped = root / ".." / "host" / "hostprofile"
        [problem] = data["problems"]
        assert f"{escaped} points outside the snapshot" in problem["text"]
        backup = cli(
            "--lang", "en", *linux_args(root, home), "backup", "--dest", dest, "--json", user=user
        )
        assert backup.code == 0, backup.err
        assert backup.last_json()["status"] == "completed"
        assert SECRET not in _backed_up(dest)
        assert "ACCOUNTS" not in backup.err


@pytest.mark.parametrize("user", users())
def test_a_prefs_js_linked_to_a_host_file_is_not_read_nor_fixed(user: str | None) -> None:
    with open_tree() as base:
        host = host_secret(base)
        root, home = linux_snapshot(base)
        prefs = home / ".thunderbird" / "good" / "prefs.js"
        prefs.unlink()
        prefs.symlink_to(host / "hostprofile" / "prefs.js")
        _everyone(base)
        before = (host / "hostprofile" / "prefs.js").read_bytes()
        report = cli("--lang", "en", *linux_args(root, home), "report", "--json", user=user)
        assert SECRET not in report.out
        assert f"{prefs} points outside the snapshot" in report.out
        fix = cli("--lang", "en", *linux_args(root, home), "fix", "thunderbird", "--yes", user=user)
        assert fix.code == 1, fix.out + fix.err
        assert f"{prefs} points outside the snapshot" in fix.err
        assert (host / "hostprofile" / "prefs.js").read_bytes() == before


def test_confine_resolves_links_and_dot_dot(tmp_path: Path) -> None:
    from assistant.boundary import OutsideSnapshot, confine
    from assistant.datafile import INI_LIMIT, read_data_file

    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "in").symlink_to(root / "a")
    (root / "out").symlink_to(tmp_path)
    assert confine(root / "in" / "x", (root,)) == (root / "a" / "x").resolve()
    assert confine(root / "a" / ".." / "a", (root,)) == (root / "a").resolve()
    for escape in (root / "out" / "x", root / ".." / "x", root / "a" / ".." / ".." / "x"):
        with pytest.raises(OutsideSnapshot):
            confine(escape, (root,))
    assert confine(tmp_path / "x", ()) == tmp_path / "x"  # the live machine: no boundary
    (tmp_path / "f.ini").write_text("[a]\n")
    with pytest.raises(OutsideSnapshot):
        read_data_file(root / "out" / "f.ini", INI_LIMIT, within=(root,))


def _everyone(base: Path) -> None:
    from hostile_snapshots import let_everyone_read

    let_everyone_read(base)
