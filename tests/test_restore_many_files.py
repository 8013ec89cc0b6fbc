"""A restore of many small files, copied as a backup copies them (two lanes, one of them a
second process): the same result with the second process or without, the first damaged
file in the manifest's order named, cancel, and a second process that fails."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest
from backup_support import (
    BROKEN_SECOND_PROCESSES,
    backup_folder,
    broken_second_process,
    files_only,
    mail_folders,
    snapshot,
)

from assistant.backup import copy_helper
from assistant.backup.job import BackupJob
from assistant.backup.manifest import open_manifest
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.progress import CancelToken, Progress
from assistant.backup.restore import RestoreJob, RestoreResult
from assistant.backup.small_files import BATCH_FILES

MIB = 1024 * 1024
STARTED = "a second process copies small files"  # copy_helper's log line when it starts


def backed_up(src: Path, dest: Path) -> Path:
    plan = plan_backup([SourceRequest(src)], dest, "backup")
    result = BackupJob(plan, second_process=False).run()
    assert result.status == "completed", result.error
    return backup_folder(dest)


def mailbox_with_a_large_file(root: Path, files: int) -> Path:
    """Small files in folders of 100, more than a batch in one folder, and a large file
    among them (copied on the job thread once the files before it are done)."""
    mail_folders(root, files, per_folder=100)
    crowded = root / "Mailbox 999.mbox" / "Messages"
    crowded.mkdir(parents=True)
    for n in range(BATCH_FILES + 10):
        (crowded / f"{n}.emlx").write_bytes(b"Subject: crowded %d\n" % n)
    (root / "Mailbox 004.mbox" / "Attachments.bin").write_bytes(os.urandom(3 * MIB))
    return root


def restore(backup: Path, to: Path, **job: object) -> tuple[RestoreResult, list[Progress]]:
    reports: list[Progress] = []
    threads: set[str] = set()

    def on_progress(progress: Progress) -> None:
        reports.append(progress)
        threads.add(threading.current_thread().name)

    result = RestoreJob(
        backup,
        to=to,
        progress=on_progress,
        reports_per_second=0,
        **job,  # type: ignore[arg-type]
    ).run()
    assert threads <= {threading.current_thread().name}  # one stream, from the job's thread
    assert not any(t.name.startswith(("copy-helper", "copy-small")) for t in threading.enumerate())
    return result, reports


@pytest.mark.parametrize("second_process", [True, False])
def test_a_restore_of_many_files_brings_every_file_back_with_its_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, second_process: bool
) -> None:
    src = mailbox_with_a_large_file(tmp_path / "src", 900)
    backup = backed_up(src, tmp_path / "dest")
    manifest = open_manifest(backup)
    caplog.set_level(logging.INFO, logger=copy_helper.__name__)

    result, reports = restore(backup, tmp_path / "to", second_process=second_process)

    assert result.status == "completed", result.error
    restored = files_only(snapshot(tmp_path / "to" / "src"))
    assert restored == files_only(snapshot(src))  # contents and times
    assert (result.files, result.bytes) == (manifest.file_count, manifest.total_bytes)
    assert (STARTED in caplog.text) is second_process
    done = [(p.files_done, p.bytes_done) for p in reports]
    assert done == sorted(done)  # only counts up
    assert done[-1] == (manifest.file_count, manifest.total_bytes)
    assert [p.name for p in (tmp_path / "to").iterdir()] == ["src"]


def spoil(file: Path, how: str) -> None:
    """Make one file of a backup bad, as ``how`` says."""
    if how == "damaged":  # the same size, other bytes
        file.write_bytes(b"X" * file.stat().st_size)
        return
    file.unlink()
    if how == "a folder":  # open, but cannot be read
        file.mkdir()
    elif how == "not a file":
        os.mkfifo(file)


BAD = {
    "damaged": "mailbackup.error.backup_file_damaged",
    "missing": "mailbackup.error.backup_file_missing",  # found by the job's own look
    "a folder": "hostile.restore.backup_file_unreadable",  # found by a lane
    "not a file": "hostile.restore.backup_file_not_regular",  # found copying it again
}


@pytest.mark.parametrize("second_process", [True, False])
@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("damaged", "a folder"),
        ("damaged", "missing"),
        ("missing", "damaged"),
        ("a folder", "damaged"),
        ("not a file", "damaged"),
    ],
)
def test_the_first_bad_file_of_the_backup_is_the_one_named_and_nothing_is_left(
    tmp_path: Path, second_process: bool, first: str, then: str
) -> None:
    """Of two bad files of one folder (one batch) the first in the manifest's order is
    named, whoever finds its fault; the target is untouched."""
    src = mail_folders(tmp_path / "src", 600, per_folder=100)
    backup = backed_up(src, tmp_path / "dest")
    messages = backup / "src" / "Mailbox 003.mbox" / "Messages"
    spoil(messages / "450.emlx", first)
    spoil(messages / "460.emlx", then)
    to = tmp_path / "to"
    (to / "src").mkdir(parents=True)
    (to / "src" / "kept.eml").write_bytes(b"what the user has")
    before = snapshot(to)

    result, _ = restore(backup, to, second_process=second_process)

    assert result.status == "failed" and result.error is not None
    named = (result.error.key, result.error.params["file"])
    assert named == (BAD[first], str(messages / "450.emlx"))
    assert snapshot(to) == before


def test_cancel_ends_a_restore_with_a_second_process_and_leaves_no_half_copy(
    tmp_path: Path,
) -> None:
    src = mail_folders(tmp_path / "src", 3000, per_folder=300)
    backup = backed_up(src, tmp_path / "dest")
    to = tmp_path / "to"
    (to / "src").mkdir(parents=True)
    (to / "src" / "kept.eml").write_bytes(b"what the user has")
    before = snapshot(to)
    cancel = CancelToken()
    seen: list[int] = []

    def on_progress(progress: Progress) -> None:
        seen.append(progress.files_done)
        if progress.files_done >= 300:
            cancel.cancel()

    result = RestoreJob(
        backup,
        to=to,
        progress=on_progress,
        cancel=cancel,
        reports_per_second=0,
        second_process=True,
    ).run()

    assert result.status == "cancelled" and result.error is None
    assert result.restored == [] and seen[-1] < 3000
    assert snapshot(to) == before
    assert not any(t.name.startswith(("copy-helper", "copy-small")) for t in threading.enumerate())


@pytest.mark.parametrize("helper", BROKEN_SECOND_PROCESSES)
def test_what_a_failing_second_process_does_not_restore_this_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    src = mail_folders(tmp_path / "src", 300, per_folder=100)
    backup = backed_up(src, tmp_path / "dest")
    monkeypatch.setattr(copy_helper, "command", lambda: broken_second_process(helper, tmp_path))

    result, _ = restore(backup, tmp_path / "to", second_process=True)

    assert result.status == "completed", result.error
    assert files_only(snapshot(tmp_path / "to" / "src")) == files_only(snapshot(src))
