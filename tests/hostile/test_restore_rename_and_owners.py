"""Issue 16 §2 and §3 for restore: a failing final rename puts the moved-aside data back,
or names exactly where everything is (fault injected at os.rename, the system call); run
as root, restored files keep the owner, group and mode of what they replace."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from safewrite_support import NOBODY, as_root, backup_with_cli, chown_tree, home_with_profile, owner


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home_with_profile(home)
    (home / ".thunderbird" / "k2j3.main" / "Mail").mkdir(exist_ok=True)
    (home / ".thunderbird" / "k2j3.main" / "Mail" / "Inbox").write_bytes(b"From - \r\nold\r\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return home


def _failing_rename(monkeypatch: pytest.MonkeyPatch, fail_put_back: bool) -> list[tuple[str, str]]:
    """os.rename fails (EIO) for the restored copy taking its place, and, with
    ``fail_put_back``, for the moved-aside data going back too."""
    real = os.rename
    calls: list[tuple[str, str]] = []

    def rename(src: str, dst: str, *args: object, **kwargs: object) -> None:
        calls.append((str(src), str(dst)))
        if str(src).endswith(".restoring") or (fail_put_back and ".before-restore-" in str(src)):
            raise OSError(5, "Input/output error", str(src))
        real(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "rename", rename)
    return calls


def test_a_failed_final_rename_puts_the_original_back(
    home: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    profile = home / ".thunderbird" / "k2j3.main"
    backup = backup_with_cli(run_cli, profile, tmp_path / "backups")
    (profile / "Mail" / "Inbox").write_bytes(b"newer mail")
    calls = _failing_rename(monkeypatch, fail_put_back=False)
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--yes")
    assert code == 1
    assert (
        f"The restored data could not be put at {profile} (Input/output error), so what was"
        " there was moved back; " + f"{profile} is as it was."
    ) in out
    assert (profile / "Mail" / "Inbox").read_bytes() == b"newer mail"
    assert sorted(p.name for p in profile.parent.iterdir()) == ["k2j3.main", "profiles.ini"]
    assert len(calls) == 3  # aside, (failed) in place, back


def test_when_even_putting_back_fails_every_place_is_named(
    home: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    profile = home / ".thunderbird" / "k2j3.main"
    backup = backup_with_cli(run_cli, profile, tmp_path / "backups")
    (profile / "Mail" / "Inbox").write_bytes(b"newer mail")
    _failing_rename(monkeypatch, fail_put_back=True)
    code, out, err = run_cli("--lang", "en", "restore", str(backup), "--yes", "--json")
    assert code == 1
    result = json.loads(out.splitlines()[-1])
    (aside,) = profile.parent.glob("k2j3.main.before-restore-*")
    staging = profile.parent / "k2j3.main.restoring"
    assert result["kept"] == str(staging) and result["error_key"] == "restore.error.stuck"
    assert (
        f"What was there is at {aside}; the restored data is at {staging} (neither was"
        f" deleted). Nothing is at {profile} now: rename one of them to {profile}."
    ) in err
    assert "The restore failed. Items already restored: 0." in err
    assert (aside / "Mail" / "Inbox").read_bytes() == b"newer mail"
    assert (staging / "Mail" / "Inbox").read_bytes() == b"From - \r\nold\r\n"
    assert not profile.exists()


@as_root
def test_restore_as_root_keeps_the_users_owner_group_and_mode(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    profile = home / ".thunderbird" / "k2j3.main"
    (profile / "prefs.js").chmod(0o644)
    (profile / "Mail").chmod(0o750)
    chown_tree(home)
    profile_mode = owner(profile)[2]
    backup = backup_with_cli(run_cli, profile, tmp_path / "backups")
    (profile / "Mail" / "Inbox").unlink()  # lost since: restored with the profile's owner
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--yes")
    assert code == 0, out
    assert owner(profile) == (NOBODY, NOBODY, profile_mode)
    assert owner(profile / "prefs.js") == (NOBODY, NOBODY, 0o644)
    assert owner(profile / "Mail") == (NOBODY, NOBODY, 0o750)
    assert owner(profile / "Mail" / "Inbox")[:2] == (NOBODY, NOBODY)
    for dirpath, dirnames, filenames in os.walk(profile):
        for name in [*dirnames, *filenames]:
            assert owner(Path(dirpath) / name)[:2] == (NOBODY, NOBODY), name


def test_restore_under_to_also_puts_the_original_back(
    home: Path, tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.backup.restore import RestoreJob

    backup = backup_with_cli(run_cli, home / ".thunderbird" / "k2j3.main", tmp_path / "backups")
    there = tmp_path / "chosen" / "k2j3.main"
    there.mkdir(parents=True)
    (there / "mine.txt").write_bytes(b"keep me")
    _failing_rename(monkeypatch, fail_put_back=False)
    result = RestoreJob(backup, to=tmp_path / "chosen").run()
    assert result.status == "failed" and result.error is not None
    assert result.error.key == "restore.error.put_back"
    assert sorted(p.name for p in there.parent.iterdir()) == ["k2j3.main"]
    assert (there / "mine.txt").read_bytes() == b"keep me"


@as_root
def test_folders_a_restore_as_root_creates_are_the_users(
    home: Path, tmp_path: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    pst = home / "Documents" / "Outlook Files" / "mail.pst"
    pst.parent.mkdir(parents=True)
    pst.write_bytes(b"!BDN mail")
    chown_tree(home)
    backup = backup_with_cli(run_cli, pst, tmp_path / "backups")
    (pst.parent).rename(home / "old Outlook Files")
    (home / "Documents").rmdir()
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--yes")
    assert code == 0, out
    assert pst.read_bytes() == b"!BDN mail"
    for path in (home / "Documents", pst.parent, pst):
        assert owner(path)[:2] == (NOBODY, NOBODY), path
