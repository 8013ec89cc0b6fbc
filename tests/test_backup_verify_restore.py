"""Verify finds what is missing, changed or extra; restore round-trips and moves aside."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from backup_support import backup_folder, files_only, snapshot, thunderbird_like_profile

from assistant.backup.job import BackupJob
from assistant.backup.manifest import MANIFEST_NAME, load_manifest
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.progress import CancelToken, Progress
from assistant.backup.restore import RestoreJob
from assistant.backup.verify import VerifyJob
from assistant.detect.facts import RunningApp
from assistant.environment import Environment
from assistant.errors import AssistantError

MIB = 1024 * 1024


def make_backup(tmp_path: Path, *sources: Path | SourceRequest) -> Path:
    requests = [s if isinstance(s, SourceRequest) else SourceRequest(s) for s in sources]
    plan = plan_backup(requests, tmp_path / "dest", "backup")
    result = BackupJob(plan).run()
    assert result.status == "completed", result.error
    return backup_folder(tmp_path / "dest")


def test_verify_finds_corruption_deletion_and_extra_files(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    backup = make_backup(tmp_path, profile)
    assert VerifyJob(backup).run().whole

    name = profile.name
    inbox = backup / name / "ImapMail" / "outlook.office365.com" / "INBOX"
    data = bytearray(inbox.read_bytes())
    data[10] ^= 0xFF  # one flipped bit, same size
    inbox.write_bytes(bytes(data))
    (backup / name / "prefs.js").unlink()
    (backup / name / "stray.txt").write_text("?")

    report = VerifyJob(backup).run()

    assert not report.whole
    assert report.changed == [f"{name}/ImapMail/outlook.office365.com/INBOX"]
    assert report.missing == [f"{name}/prefs.js"]
    assert report.extra == [f"{name}/stray.txt"]
    assert report.as_json()["whole"] is False
    assert snapshot(profile) == before


def test_verify_a_truncated_file_and_cancel(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.pst").write_bytes(os.urandom(20 * MIB))
    backup = make_backup(tmp_path, src)
    token = CancelToken()

    def on_progress(progress: Progress) -> None:
        if progress.bytes_done > 0:
            token.cancel()

    cancelled = VerifyJob(backup, progress=on_progress, cancel=token, reports_per_second=0).run()
    assert cancelled.status == "cancelled" and not cancelled.whole
    with (backup / "src" / "big.pst").open("r+b") as f:
        f.truncate(MIB)
    assert VerifyJob(backup).run().changed == ["src/big.pst"]


def test_verify_refuses_a_folder_that_is_not_a_backup_or_a_damaged_manifest(
    tmp_path: Path,
) -> None:
    with pytest.raises(AssistantError) as excinfo:
        VerifyJob(tmp_path).run()
    assert excinfo.value.message.key == "mailbackup.error.not_a_backup"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_bytes(b"a")
    backup = make_backup(tmp_path, src)
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    raw["files"][0]["path"] = "../../etc/passwd"
    (backup / MANIFEST_NAME).write_text(json.dumps(raw))
    with pytest.raises(AssistantError) as excinfo:
        load_manifest(backup)
    assert excinfo.value.message.key == "mailbackup.error.manifest_bad"
    assert "leaves the backup folder" in str(excinfo.value.message.params["reason"])
    raw["files"][0]["path"] = "src/a"
    raw["sources"][0]["name"] = "src/../.."
    (backup / MANIFEST_NAME).write_text(json.dumps(raw))
    with pytest.raises(AssistantError) as excinfo:
        RestoreJob(backup, to=tmp_path / "r").run()
    assert excinfo.value.message.key == "mailbackup.error.manifest_bad"
    assert not (tmp_path / "r").exists()
    (backup / MANIFEST_NAME).write_text("{not json")
    with pytest.raises(AssistantError):
        VerifyJob(backup).run()


def test_restore_under_another_folder_round_trips(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    pst = tmp_path / "src" / "Outlook.pst"
    pst.write_bytes(os.urandom(3 * MIB))
    before = snapshot(tmp_path / "src")
    backup = make_backup(tmp_path, profile, pst)

    result = RestoreJob(backup, to=tmp_path / "restored").run()

    assert result.status == "completed", result.error
    restored = tmp_path / "restored"
    assert files_only(snapshot(restored / profile.name)) == files_only(snapshot(profile))
    assert (restored / "Outlook.pst").read_bytes() == pst.read_bytes()
    assert (restored / "Outlook.pst").stat().st_mtime_ns == pst.stat().st_mtime_ns
    assert (restored / profile.name / "prefs-link.js").readlink() == Path("prefs.js")
    assert not (restored / profile.name / "lock").exists()
    assert [r.moved_aside for r in result.restored] == [None, None]
    assert snapshot(tmp_path / "src") == before
    assert VerifyJob(backup).run().whole


def users_machine(tmp_path: Path) -> Environment:
    """The machine of a user whose home folder is ``tmp_path/home``."""
    return Environment("linux", Path("/"), tmp_path / "home", live=True)


def test_restore_to_the_origin_moves_what_is_there_aside(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "home" / ".thunderbird", with_socket=False)
    (profile / "a-fifo").unlink()
    original = files_only(snapshot(profile))
    backup = make_backup(tmp_path, SourceRequest(profile, "thunderbird", "thunderbird_profile"))
    # After the backup the user's profile changes: a message lost, a new file.
    inbox = profile / "ImapMail" / "outlook.office365.com" / "INBOX"
    inbox.write_bytes(b"damaged")
    (profile / "new-after-backup.txt").write_text("keep me")
    changed = snapshot(profile)

    result = RestoreJob(backup, profile_in_use=lambda _p: False, env=users_machine(tmp_path)).run()

    assert result.status == "completed", result.error
    (item,) = result.restored
    assert item.target == profile and item.moved_aside is not None
    assert item.moved_aside.name.startswith(profile.name + ".before-restore-")
    assert files_only(snapshot(profile)) == original
    assert snapshot(item.moved_aside) == changed  # nothing the user had is lost
    assert not list(profile.parent.glob("*.restoring*"))


def test_restore_stops_on_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "home" / ".thunderbird" / "src"
    src.mkdir(parents=True)
    (src / "a.eml").write_bytes(b"a" * 5000)
    (src / "b.eml").write_bytes(b"b" * 5000)
    backup = make_backup(tmp_path, SourceRequest(src, "thunderbird", "thunderbird_profile"))
    (src / "a.eml").write_bytes(b"current")
    current = snapshot(src)
    damaged = backup / "src" / "b.eml"
    damaged.write_bytes(b"B" * 5000)

    result = RestoreJob(backup, profile_in_use=lambda _p: False, env=users_machine(tmp_path)).run()

    assert result.status == "failed"
    assert result.error is not None
    assert result.error.key == "mailbackup.error.backup_file_damaged"
    assert result.error.params["file"] == str(damaged)
    assert snapshot(src) == current
    assert sorted(p.name for p in src.parent.iterdir()) == ["src"]


def test_restore_refuses_while_the_app_runs(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "home" / ".thunderbird", with_socket=False)
    plan = plan_backup(
        [SourceRequest(profile, "thunderbird", "thunderbird_profile")], tmp_path / "dest", "b"
    )
    assert BackupJob(plan).run().status == "completed"
    before = snapshot(profile)
    running = [RunningApp("thunderbird", 42, "thunderbird")]
    with pytest.raises(AssistantError) as excinfo:
        RestoreJob(plan.final_dir, running=running, env=users_machine(tmp_path)).run()
    assert excinfo.value.message.key == "mailbackup.error.app_running"
    assert snapshot(profile) == before


def test_restore_cancelled_leaves_no_half_copy(tmp_path: Path) -> None:
    src = tmp_path / "home" / "Documents" / "Outlook Files"
    src.mkdir(parents=True)
    (src / "big.pst").write_bytes(os.urandom(24 * MIB))
    backup = make_backup(tmp_path, SourceRequest(src / "big.pst", "outlook-windows", "pst"))
    token = CancelToken()

    def on_progress(progress: Progress) -> None:
        if progress.bytes_done > 0:
            token.cancel()

    before = snapshot(src)
    result = RestoreJob(
        backup,
        progress=on_progress,
        cancel=token,
        reports_per_second=0,
        profile_in_use=lambda _p: False,
        env=users_machine(tmp_path),
    ).run()
    assert result.status == "cancelled" and result.restored == []
    assert snapshot(src) == before
    assert sorted(p.name for p in src.iterdir()) == ["big.pst"]
