"""A backup at the scale of a real mailbox: the manifest streamed to the disk and read back
both ways, memory that does not grow with the file count, cancel among many small files,
progress reports that stay few, and the flush that runs along the copy."""

from __future__ import annotations

import itertools
import json
import os
import threading
import tracemalloc
from pathlib import Path

import pytest
from backup_support import (
    BROKEN_SECOND_PROCESSES,
    backup_folder,
    broken_second_process,
    mail_folders,
    snapshot,
    thunderbird_like_profile,
)

from assistant.backup import copy_helper, to_disk
from assistant.backup.copy import open_source
from assistant.backup.job import BackupJob
from assistant.backup.manifest import MANIFEST_NAME, load_manifest, open_manifest
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.progress import CancelToken, Progress, ProgressMeter
from assistant.backup.restore import RestoreJob
from assistant.backup.small_files import BATCH_FILES, IN_FLIGHT, WORKERS
from assistant.backup.to_disk import FlushAlong
from assistant.backup.verify import VerifyJob
from assistant.errors import AssistantError


def backup_of(src: Path, dest: Path, **job: object) -> Path:
    plan = plan_backup([SourceRequest(src)], dest, "backup")
    result = BackupJob(plan, **job).run()  # type: ignore[arg-type]
    assert result.status == "completed", result.error
    return backup_folder(dest)


def first_format(backup: Path) -> None:
    """Rewrite ``manifest.json`` as the first version of the tool wrote it: the whole
    object on one line, no counts on a last line."""
    manifest = load_manifest(backup)
    raw = {
        "schema": 1,
        "tool": "mail-migration-assistant",
        "tool_version": "0.1.0",
        "created_at": manifest.created_at,
        "sources": [vars(s) for s in manifest.sources],
        "files": [f._asdict() for f in manifest.files],
        "links": [vars(link) for link in manifest.links],
        "skipped": [vars(s) for s in manifest.skipped],
        "changed_during_copy": manifest.changed_during_copy,
    }
    data = json.dumps(raw, ensure_ascii=True, separators=(",", ":"))
    (backup / MANIFEST_NAME).write_text(data, encoding="ascii")


def test_the_manifest_is_written_one_line_per_file_and_is_still_one_json_object(
    tmp_path: Path,
) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    backup = backup_of(profile, tmp_path / "dest")

    lines = (backup / MANIFEST_NAME).read_bytes().splitlines()
    whole = json.loads((backup / MANIFEST_NAME).read_bytes())  # what the first reader did
    assert lines[0].endswith(b'"files":[') and lines[-1].startswith(b"],")
    assert len(lines) == len(whole["files"]) + 2
    assert whole["file_count"] == len(whole["files"]) == 7
    assert whole["total_bytes"] == sum(f["size"] for f in whole["files"])
    stored = open_manifest(backup)
    assert [f._asdict() for f in stored.files()] == whole["files"]
    assert (stored.file_count, stored.total_bytes) == (7, whole["total_bytes"])
    assert [vars(link) for link in stored.head.links] == whole["links"]
    assert VerifyJob(backup).run().whole
    assert snapshot(profile) == before


def test_verify_and_restore_read_a_manifest_of_the_first_format(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    (profile / "a-fifo").unlink()
    before = snapshot(profile)
    backup = backup_of(profile, tmp_path / "dest")
    first_format(backup)
    assert len((backup / MANIFEST_NAME).read_bytes().splitlines()) == 1

    assert VerifyJob(backup).run().whole
    (backup / profile.name / "stray.txt").write_text("?")
    report = VerifyJob(backup).run()
    assert report.extra == [f"{profile.name}/stray.txt"] and not report.changed
    (backup / profile.name / "stray.txt").unlink()
    result = RestoreJob(backup, to=tmp_path / "restored").run()
    assert result.status == "completed", result.error
    restored = snapshot(tmp_path / "restored" / profile.name)
    files = {k: v[:3] for k, v in before.items() if v[0] == "file" and k != ".parentlock"}
    assert {k: v[:3] for k, v in restored.items() if v[0] == "file"} == files
    assert snapshot(profile) == before


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda lines: lines[:-1], "cut short"),  # the last line lost
        (lambda lines: lines[:3] + lines[4:], "the last line says"),  # one file's line lost
        (
            lambda lines: [*lines[:2], lines[2].replace(b'"sha256":"', b'"sha256":"x'), *lines[3:]],
            "line 3",
        ),
        (lambda lines: [lines[0], lines[2], lines[1], *lines[3:]], "line 2:"),
    ],
)
def test_a_damaged_streamed_manifest_is_one_sentence_and_restore_writes_nothing(
    tmp_path: Path, damage: object, reason: str
) -> None:
    src = mail_folders(tmp_path / "src", 6)
    backup = backup_of(src, tmp_path / "dest")
    lines = (backup / MANIFEST_NAME).read_bytes().splitlines(keepends=True)
    (backup / MANIFEST_NAME).write_bytes(b"".join(damage(lines)))  # type: ignore[operator]

    with pytest.raises(AssistantError) as verify_error:
        VerifyJob(backup).run()
    with pytest.raises(AssistantError) as restore_error:
        RestoreJob(backup, to=tmp_path / "restored").run()

    for error in (verify_error, restore_error):
        assert error.value.message.key == "mailbackup.error.manifest_bad"
        assert error.value.message.params["file"] == str(backup / MANIFEST_NAME)
        assert reason in str(error.value.message.params["reason"])
    assert not (tmp_path / "restored").exists()


def test_verify_finds_extras_in_folders_the_manifest_never_names(tmp_path: Path) -> None:
    src = mail_folders(tmp_path / "src", 120)
    (src / "Empty.mbox" / "Inner").mkdir(parents=True)
    backup = backup_of(src, tmp_path / "dest")
    (backup / "src" / "Empty.mbox" / "Inner" / "stray.emlx").write_text("?")
    (backup / "src" / "Mailbox 001.mbox" / "Messages" / "stray.emlx").write_text("?")
    (backup / "top-stray").write_text("?")
    expected = [
        "src/Empty.mbox/Inner/stray.emlx",
        "src/Mailbox 001.mbox/Messages/stray.emlx",
        "top-stray",
    ]
    assert VerifyJob(backup).run().extra == expected
    # A manifest listing the same files in another order (not folder by folder).
    first_format(backup)
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    raw["files"].reverse()
    raw["files"][0], raw["files"][60] = raw["files"][60], raw["files"][0]
    (backup / MANIFEST_NAME).write_text(json.dumps(raw))
    report = VerifyJob(backup).run()
    assert report.extra == expected and not report.missing and not report.changed


def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    """Ten times the files (in folders of the same size): the job's peak of Python memory
    grows by well under 100 bytes a file (it grew by about 1 KB a file when the scan and
    the manifest held every file)."""
    peaks = {}
    for files in (300, 3000):
        src = mail_folders(tmp_path / f"src{files}", files)
        plan = plan_backup([SourceRequest(src)], tmp_path / f"dest{files}", "backup")
        tracemalloc.start()
        try:
            result = BackupJob(plan, durable=False).run()
            peaks[files] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert result.status == "completed" and result.files == files
        assert VerifyJob(backup_folder(tmp_path / f"dest{files}")).run().whole
    assert peaks[3000] - peaks[300] < 2700 * 100, peaks


def test_cancel_among_many_small_files_stops_at_the_next_file(tmp_path: Path) -> None:
    src = mail_folders(tmp_path / "src", 400)
    before = snapshot(src)
    cancel = CancelToken()
    opened_after_cancel: list[str] = []

    def opener(path: str) -> int:
        if cancel.cancelled:
            opened_after_cancel.append(path)
        return open_source(path)

    def on_progress(progress: Progress) -> None:
        if progress.files_done == 150:
            cancel.cancel()

    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(
        plan, progress=on_progress, cancel=cancel, opener=opener, reports_per_second=0
    ).run()

    assert result.status == "cancelled" and result.error is None
    # Each copying helper looks at the token before each file: at most the one each was
    # opening when the cancel came.
    assert len(opened_after_cancel) <= WORKERS
    assert result.partial_removed and list((tmp_path / "dest").iterdir()) == []
    assert not any(t.name == "flush-along" for t in threading.enumerate())
    assert snapshot(src) == before


def test_small_files_are_copied_on_helper_threads_never_far_ahead_and_recorded_in_order(
    tmp_path: Path,
) -> None:
    """Small files are copied whole (read, written, read back) on the copying helpers, side
    by side; the helpers are never more than the batches in flight ahead of the files
    recorded, whatever the number of files; and the manifest lists the files in the walk's
    order, as one thread would."""
    src = mail_folders(tmp_path / "src", 600)
    before = snapshot(src)
    lock = threading.Lock()
    opened: list[str] = []
    threads: set[str] = set()
    ahead_at_report: list[int] = []

    def opener(path: str) -> int:
        with lock:
            opened.append(path)
            threads.add(threading.current_thread().name)
        return open_source(path)

    def writer(fd: int, data: memoryview) -> int:
        with lock:
            threads.add(threading.current_thread().name)
        return os.write(fd, data)

    def on_progress(progress: Progress) -> None:
        with lock:
            ahead_at_report.append(len(opened) - progress.files_done)

    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(
        plan, opener=opener, writer=writer, progress=on_progress, reports_per_second=0
    ).run()

    assert result.status == "completed" and result.files == 600
    assert threads <= {f"copy-small_{n}" for n in range(WORKERS)}, threads
    assert len(threads) >= 1
    assert ahead_at_report and max(ahead_at_report) <= (IN_FLIGHT + 2) * BATCH_FILES
    folder = backup_folder(tmp_path / "dest")
    listed = [f["path"] for f in json.loads((folder / "manifest.json").read_text())["files"]]
    walked = sorted(p.relative_to(src.parent).as_posix() for p in src.rglob("*") if p.is_file())
    assert sorted(listed) == walked and len(listed) == 600
    assert listed == sorted(listed, key=lambda p: p.split("/"))  # each folder's names in order
    assert VerifyJob(folder).run().whole
    assert snapshot(src) == before


def test_progress_reports_are_few_whatever_the_number_of_files(tmp_path: Path) -> None:
    """A clock that moves 1 ms per look: 1,000 small files take "1 s" and at 10 reports a
    second the listener hears about a dozen reports, not a thousand."""
    src = mail_folders(tmp_path / "src", 1000)
    ticks = itertools.count()
    reports: list[Progress] = []
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")

    result = BackupJob(
        plan, progress=reports.append, reports_per_second=10, clock=lambda: next(ticks) / 1000
    ).run()

    assert result.status == "completed"
    assert 5 <= len(reports) <= 20, len(reports)
    assert reports[-1].files_done == reports[-1].files_total == 1000
    assert [r.files_done for r in reports] == sorted(r.files_done for r in reports)


def test_the_meter_counts_every_file_and_reports_on_the_clock() -> None:
    ticks = itertools.count()
    reports: list[Progress] = []
    meter = ProgressMeter(
        "copy", 500_000 * 10, 500_000, reports.append, 10, lambda: next(ticks) / 1e4
    )
    for n in range(500_000):
        meter.whole_file(10, f"f{n}")
    meter.finish()
    # 500,000 looks at the clock, 0.1 ms apart: 50 s, so about 500 reports plus the last.
    assert 400 <= len(reports) <= 520
    assert (reports[-1].files_done, reports[-1].bytes_done) == (500_000, 5_000_000)


def test_a_failing_backup_leaves_no_flush_thread_behind(tmp_path: Path) -> None:
    src = mail_folders(tmp_path / "src", 30)
    bad = str(src / "Mailbox 000.mbox" / "Messages" / "120.emlx")

    def opener(path: str) -> int:
        if path == bad:
            raise PermissionError(13, "Permission denied", path)
        return open_source(path)

    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(plan, opener=opener).run()
    assert result.status == "failed" and result.error is not None
    assert result.error.params["file"] == bad
    assert not any(t.name == "flush-along" for t in threading.enumerate())
    assert list((tmp_path / "dest").iterdir()) == []


def test_flush_along_flushes_the_folders_file_system_until_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The helper calls syncfs on the backup's folder again and again (here made to
    record the calls), and not once more after ``stop``."""
    flushed: list[int] = []
    twice = threading.Event()

    def syncfs(fd: int) -> int:
        flushed.append(os.fstat(fd).st_ino)
        if len(flushed) >= 2:
            twice.set()
        return 0

    monkeypatch.setattr(to_disk, "_libc_syncfs", lambda: syncfs)
    with FlushAlong(tmp_path, pause=0.001):
        assert twice.wait(timeout=60)
    calls = len(flushed)
    assert set(flushed) == {tmp_path.stat().st_ino}
    assert not any(t.name == "flush-along" for t in threading.enumerate())
    assert len(flushed) == calls


def test_flush_along_does_nothing_where_there_is_no_syncfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(to_disk, "_libc_syncfs", lambda: None)
    with FlushAlong(tmp_path):
        assert not any(t.name == "flush-along" for t in threading.enumerate())


def test_the_final_flush_runs_while_the_manifest_is_read_back_and_both_must_succeed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-back of the manifest and the final flush overlap (the flush's syncfs is
    seen on the flush thread while the job's thread reads), and a failure of either fails
    the job; the read-back's own failure is the one reported, and no helper is left."""
    src = mail_folders(tmp_path / "src", 40)
    seen: list[str] = []

    def syncfs(fd: int) -> int:
        seen.append(threading.current_thread().name)
        return 0

    monkeypatch.setattr(to_disk, "_libc_syncfs", lambda: syncfs)
    backup_of(src, tmp_path / "ok")
    assert "flush" in seen  # the final flush, on its own thread

    def failing(fd: int) -> int:
        import ctypes

        ctypes.set_errno(5)
        return -1

    monkeypatch.setattr(to_disk, "_libc_syncfs", lambda: failing)
    plan = plan_backup([SourceRequest(src)], tmp_path / "eio", "backup")
    result = BackupJob(plan).run()
    assert result.status == "failed" and result.error is not None
    assert result.error.key == "mailbackup.error.flush_failed"

    def damaged(*args: object) -> None:
        raise AssistantError("mailbackup.error.manifest_not_read_back", file="x")

    monkeypatch.setattr(BackupJob, "_check_complete", damaged)
    plan = plan_backup([SourceRequest(src)], tmp_path / "both", "backup")
    result = BackupJob(plan).run()
    assert result.error is not None
    assert result.error.key == "mailbackup.error.manifest_not_read_back"
    assert not any(t.name in ("flush", "flush-along") for t in threading.enumerate())
    assert list((tmp_path / "both").iterdir()) == []


def test_a_second_process_copies_small_files_and_the_backup_is_the_same(tmp_path: Path) -> None:
    """With the second copying process (a large backup's), the backup verifies, lists the
    files in the walk's order, keeps every time, and leaves the source untouched; its
    process has ended when the job has."""
    src = mail_folders(tmp_path / "src", 900, per_folder=100)
    before = snapshot(src)
    one = backup_of(src, tmp_path / "alone", second_process=False)
    two = backup_of(src, tmp_path / "two", second_process=True)

    def listed(folder: Path) -> list[tuple[str, int, int, str]]:
        files = json.loads((folder / MANIFEST_NAME).read_text())["files"]
        return [(f["path"], f["size"], f["mtime_ns"], f["sha256"]) for f in files]

    assert listed(two) == listed(one) and len(listed(two)) == 900
    assert VerifyJob(two).run().whole
    copy = two / "src" / "Mailbox 003.mbox" / "Messages" / "400.emlx"
    original = src / "Mailbox 003.mbox" / "Messages" / "400.emlx"
    assert copy.stat().st_mtime_ns == original.stat().st_mtime_ns
    assert snapshot(src) == before
    assert not any(t.name.startswith("copy-helper") for t in threading.enumerate())


@pytest.mark.parametrize(
    "helper",
    BROKEN_SECOND_PROCESSES,
)
def test_what_the_second_process_does_not_copy_this_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, helper: str
) -> None:
    """The second process is only an accelerator: where it stops, says nonsense, dies or
    never starts, this process copies the rest, and the backup is whole all the same."""
    src = mail_folders(tmp_path / "src", 300, per_folder=100)
    monkeypatch.setattr(copy_helper, "command", lambda: broken_second_process(helper, tmp_path))
    folder = backup_of(src, tmp_path / "dest", second_process=True)
    assert VerifyJob(folder).run().whole
    assert len(json.loads((folder / MANIFEST_NAME).read_text())["files"]) == 300


def test_cancel_ends_the_second_process_at_once(tmp_path: Path) -> None:
    src = mail_folders(tmp_path / "src", 3000, per_folder=300)
    cancel = CancelToken()

    def on_progress(progress: Progress) -> None:
        if progress.files_done >= 300:
            cancel.cancel()

    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(
        plan, progress=on_progress, cancel=cancel, reports_per_second=0, second_process=True
    ).run()
    assert result.status == "cancelled" and result.partial_removed
    assert list((tmp_path / "dest").iterdir()) == []
    assert not any(t.name.startswith("copy-helper") for t in threading.enumerate())
