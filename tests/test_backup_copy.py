"""The backup job on real trees: what it copies, skips, records, and how it ends."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest
from backup_support import (
    EMOJI,
    JAPANESE,
    backup_folder,
    manifest_of,
    sha256_of,
    snapshot,
    thunderbird_like_profile,
)
from portability import CAN_FIFO, CAN_SYMLINK, CAN_UNIX_SOCKET, DEEP_PATH_LENGTH, POSIX_MODES

from assistant.backup.copy import SourceOpener, open_source
from assistant.backup.job import BackupJob
from assistant.backup.manifest import MANIFEST_NAME
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.progress import CancelToken, Progress
from assistant.backup.verify import VerifyJob

MIB = 1024 * 1024


def make_plan(sources: list[Path], dest: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    return plan_backup([SourceRequest(p) for p in sources], dest, "backup", **kwargs)  # type: ignore[arg-type]


def test_profile_is_copied_whole_with_names_times_and_hashes(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src")
    before = snapshot(profile)
    dest = tmp_path / "dest"

    result = BackupJob(make_plan([profile], dest)).run()

    assert result.status == "completed", result.error
    backup = backup_folder(dest)
    assert backup == result.backup_dir
    assert not list(dest.glob("*.partial"))
    if POSIX_MODES:  # (Windows: an owner-only ACL, tests/test_windows_privacy_and_paths.py)
        assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    manifest = manifest_of(dest)
    by_path = {f.path: f for f in manifest.files}
    name = profile.name
    mail = f"{name}/ImapMail/outlook.office365.com"
    for rel in ("prefs.js", "ImapMail/outlook.office365.com/INBOX", "deep"):
        assert (backup / name / rel).exists()
    for leaf in (JAPANESE, EMOJI, "empty", "INBOX", "INBOX.msf"):
        entry = by_path[f"{mail}/{leaf}"]
        copy = backup / mail / leaf
        original = profile / "ImapMail" / "outlook.office365.com" / leaf
        assert copy.read_bytes() == original.read_bytes()
        assert entry.sha256 == sha256_of(original)
        assert entry.size == original.stat().st_size
        assert copy.stat().st_mtime_ns == original.stat().st_mtime_ns == entry.mtime_ns
    deep = [f for f in manifest.files if f.path.endswith("/last.eml")]
    assert len(deep) == 1 and len(deep[0].path) > DEEP_PATH_LENGTH - 200
    assert (backup / deep[0].path).read_bytes() == b"deep mail"
    # Locks skipped; the other link recorded, not followed; FIFO and socket skipped.
    skipped = {s.path: s.reason for s in manifest.skipped}
    assert skipped[f"{name}/.parentlock"] == "lock_file"
    if CAN_SYMLINK:
        assert skipped[f"{name}/lock"] == "lock_file"
        assert [(link.path, link.target) for link in manifest.links] == [
            (f"{name}/prefs-link.js", "prefs.js")
        ]
    if CAN_FIFO:
        assert skipped[f"{name}/a-fifo"] == "fifo"
    if CAN_UNIX_SOCKET:
        assert skipped[f"{name}/a-socket"] == "socket"
    assert not (backup / name / "lock").is_symlink()
    assert not (backup / name / "prefs-link.js").exists()
    assert manifest.sources[0].origin == str(profile)
    assert VerifyJob(backup).run().whole
    assert snapshot(profile) == before


def test_a_large_file_and_a_single_file_source(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    pst = src / "Outlook.pst"
    pst.write_bytes(os.urandom(5 * MIB + 12345))
    empty = src / "empty.pst"
    empty.write_bytes(b"")
    before = snapshot(src)
    dest = tmp_path / "dest"

    result = BackupJob(make_plan([pst, empty], dest), chunk_size=MIB).run()

    assert result.status == "completed", result.error
    backup = backup_folder(dest)
    assert sorted(p.name for p in backup.iterdir()) == ["Outlook.pst", "empty.pst", MANIFEST_NAME]
    manifest = manifest_of(dest)
    assert [(f.path, f.size) for f in manifest.files] == [
        ("Outlook.pst", 5 * MIB + 12345),
        ("empty.pst", 0),
    ]
    assert manifest.files[0].sha256 == hashlib.sha256(pst.read_bytes()).hexdigest()
    assert (backup / "Outlook.pst").read_bytes() == pst.read_bytes()
    assert [s.is_folder for s in manifest.sources] == [False, False]
    assert result.files == 2 and result.bytes == 5 * MIB + 12345
    assert snapshot(src) == before


def test_two_sources_with_the_same_name_get_distinct_folders(tmp_path: Path) -> None:
    a = tmp_path / "a" / "Mail"
    b = tmp_path / "b" / "Mail"
    for folder, text in ((a, b"a"), (b, b"b")):
        folder.mkdir(parents=True)
        (folder / "x").write_bytes(text)
    before = snapshot(tmp_path)
    result = BackupJob(make_plan([a, b], tmp_path / "dest")).run()
    assert result.status == "completed"
    assert {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("dest")} == before
    backup = backup_folder(tmp_path / "dest")
    assert (backup / "Mail" / "x").read_bytes() == b"a"
    assert (backup / "Mail-2" / "x").read_bytes() == b"b"


def test_progress_reports_files_bytes_and_the_end(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    reports: list[Progress] = []
    plan = make_plan([profile], tmp_path / "dest")
    result = BackupJob(plan, progress=reports.append, reports_per_second=0).run()
    assert result.status == "completed"
    last = reports[-1]
    assert (last.files_done, last.files_total) == (plan.files, plan.files)
    assert last.bytes_done == last.bytes_total == plan.bytes
    assert last.eta_seconds == 0
    assert [r.bytes_done for r in reports] == sorted(r.bytes_done for r in reports)
    assert {r.current for r in reports} >= {f"{profile.name}/prefs.js"}
    assert snapshot(profile) == before


def test_cancel_in_the_middle_of_a_large_file(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-small.txt").write_bytes(b"small")
    (src / "big.pst").write_bytes(os.urandom(64 * MIB))
    before = snapshot(src)
    cancel = CancelToken()
    seen_after_cancel: list[int] = []

    def on_progress(progress: Progress) -> None:
        if cancel.cancelled:
            seen_after_cancel.append(progress.bytes_done)
        elif progress.current == "src/big.pst" and progress.bytes_done > 8 * MIB:
            cancel.cancel()
            seen_after_cancel.append(progress.bytes_done)

    plan = make_plan([src], tmp_path / "dest")
    job = BackupJob(plan, progress=on_progress, cancel=cancel, reports_per_second=0)
    job.chunk_size = MIB
    result = job.run()

    assert result.status == "cancelled"
    assert result.error is None
    assert result.partial_removed
    assert result.partial_dir == plan.partial_dir
    assert not plan.partial_dir.exists() and not plan.final_dir.exists()
    assert list((tmp_path / "dest").iterdir()) == []
    # The job stopped at the next chunk: no more than one chunk after the cancel.
    assert max(seen_after_cancel) - seen_after_cancel[0] <= MIB
    assert snapshot(src) == before


def test_unreadable_source_file_fails_naming_it(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    bad = profile / "ImapMail" / "outlook.office365.com" / "INBOX.msf"

    def opener(path: str) -> int:
        # As root, chmod 000 does not stop reading: refuse the open as the OS would.
        if path == str(bad):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return open_source(path)

    if POSIX_MODES and os.geteuid() != 0:
        bad.chmod(0)
        opener = open_source  # type: ignore[assignment]
        before = snapshot(profile)
    plan = make_plan([profile], tmp_path / "dest")
    result = BackupJob(plan, opener=opener).run()

    assert result.status == "failed"
    assert result.error is not None
    assert result.error.key == "mailbackup.error.source_unreadable"
    assert result.error.params["file"] == str(bad)
    assert result.partial_removed and not plan.partial_dir.exists()
    assert not plan.final_dir.exists()
    assert snapshot(profile) == before


def test_destination_full_during_the_copy_fails_and_removes_the_partial(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.pst").write_bytes(os.urandom(3 * MIB))
    (src / "two.pst").write_bytes(os.urandom(3 * MIB))
    before = snapshot(src)
    written = [0]

    def writer(fd: int, data: memoryview) -> int:
        # The file-system boundary: after 4 MiB the disk is full.
        if written[0] + len(data) > 4 * MIB:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written[0] += len(data)
        return os.write(fd, data)

    plan = make_plan([src], tmp_path / "dest")
    result = BackupJob(plan, writer=writer, chunk_size=MIB).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.disk_full"
    assert result.partial_removed and not plan.partial_dir.exists()
    assert snapshot(src) == before


def appending_opener(path_to_change: Path, times: int) -> tuple[SourceOpener, list[int]]:
    """The file-system boundary: the mail app appends a message to ``path_to_change`` just
    after the copy opened it (so the copy reads a file that is changing), ``times`` times."""
    changes = [0]

    def opener(path: str) -> int:
        fd = open_source(path)
        if Path(path) == path_to_change and changes[0] < times:
            changes[0] += 1
            with path_to_change.open("ab") as f:
                f.write(b"new message %d\n" % changes[0])
            stamp = 2_000_000_000_000_000_000 + changes[0]
            os.utime(path_to_change, ns=(stamp, stamp))
        return fd

    return opener, changes


@pytest.mark.parametrize("size", [14_000, 3 * MIB + 5])  # the small-file path and the streamed one
def test_a_file_changed_once_during_the_copy_is_copied_again(tmp_path: Path, size: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "stable.eml").write_bytes(b"stable")
    inbox = src / "INBOX"
    inbox.write_bytes(os.urandom(size))
    stable_before = snapshot(src)["stable.eml"]
    opener, changes = appending_opener(inbox, times=1)

    result = BackupJob(make_plan([src], tmp_path / "dest"), opener=opener, chunk_size=MIB).run()

    assert result.status == "completed", result.error
    assert changes[0] == 1
    manifest = manifest_of(tmp_path / "dest")
    entry = next(f for f in manifest.files if f.path == "src/INBOX")
    assert entry.sha256 == sha256_of(inbox) and entry.size == size + len(b"new message 1\n")
    assert entry.mtime_ns == inbox.stat().st_mtime_ns
    assert (backup_folder(tmp_path / "dest") / "src" / "INBOX").read_bytes() == inbox.read_bytes()
    assert result.changed_during_copy == [] and manifest.changed_during_copy == []
    assert snapshot(src)["stable.eml"] == stable_before


@pytest.mark.parametrize("size", [4096, 3 * MIB])
def test_a_file_that_keeps_changing_is_copied_twice_then_reported(
    tmp_path: Path, size: int
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    log = src / "global-messages-db.sqlite"
    log.write_bytes(b"0" * size)
    opener, changes = appending_opener(log, times=99)

    result = BackupJob(make_plan([src], tmp_path / "dest"), opener=opener, chunk_size=MIB).run()

    assert result.status == "completed"
    assert changes[0] == 2  # the first attempt, then one more
    assert result.changed_during_copy == ["src/global-messages-db.sqlite"]
    assert manifest_of(tmp_path / "dest").changed_during_copy == result.changed_during_copy
    assert VerifyJob(backup_folder(tmp_path / "dest")).run().whole


def test_a_file_changed_between_the_scan_and_the_copy_is_copied_as_it_is_now(
    tmp_path: Path,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    draft = src / "Drafts"
    draft.write_bytes(b"draft one\n")
    plan = make_plan([src], tmp_path / "dest")
    draft.write_bytes(b"draft two, longer\n")  # saved after the pre-scan

    result = BackupJob(plan).run()

    assert result.status == "completed" and result.changed_during_copy == []
    copied = backup_folder(tmp_path / "dest") / "src" / "Drafts"
    assert copied.read_bytes() == b"draft two, longer\n"
    assert VerifyJob(backup_folder(tmp_path / "dest")).run().whole


def test_result_as_json_has_the_contract_fields(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_bytes(b"a")
    before = snapshot(src)
    result = BackupJob(make_plan([src], tmp_path / "dest")).run()
    assert snapshot(src) == before
    data = result.as_json()
    assert {"backup_dir", "files", "bytes", "seconds", "status"} <= set(data)
    assert data["status"] == "completed" and data["files"] == 1 and data["bytes"] == 1


@pytest.mark.parametrize("size", [3000, 3 * MIB + 7])
def test_a_copy_that_does_not_read_back_as_written_fails(tmp_path: Path, size: int) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "mail.mbox").write_bytes(os.urandom(size))
    before = snapshot(src)

    def faulty_disk(fd: int, data: memoryview) -> int:
        # A destination that silently stores something else (a failing USB stick).
        spoiled = bytearray(data)
        spoiled[len(spoiled) // 2] ^= 0x01
        return os.write(fd, spoiled)

    plan = make_plan([src], tmp_path / "dest")
    result = BackupJob(plan, writer=faulty_disk, chunk_size=MIB).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.copy_mismatch"
    assert result.partial_removed and list((tmp_path / "dest").iterdir()) == []
    assert snapshot(src) == before


def test_many_small_files_and_a_failure_among_them(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for n in range(600):
        folder = src / f"folder{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n:04d}.eml").write_bytes(os.urandom(n * 3))
    before = snapshot(src)
    result = BackupJob(make_plan([src], tmp_path / "ok")).run()
    assert result.status == "completed" and result.files == 600
    manifest = manifest_of(tmp_path / "ok")
    for entry in manifest.files:
        assert entry.sha256 == sha256_of(src.parent / entry.path)
    assert [f.path for f in manifest.files] == sorted(f.path for f in manifest.files)

    bad = str(src / "folder3" / "0500.eml")

    def opener(path: str) -> int:
        if path == bad:
            raise OSError(errno.EIO, os.strerror(errno.EIO), path)
        return open_source(path)

    plan = make_plan([src], tmp_path / "failing")
    failed = BackupJob(plan, opener=opener).run()
    assert failed.status == "failed" and failed.error is not None
    assert failed.error.params["file"] == bad
    assert failed.partial_removed and list((tmp_path / "failing").iterdir()) == []
    assert snapshot(src) == before


def test_an_unexpected_error_still_leaves_no_partial_folder(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.eml").write_bytes(b"a")
    before = snapshot(src)

    def broken_listener(progress: Progress) -> None:
        raise RuntimeError("a bug in whoever listens")

    plan = make_plan([src], tmp_path / "dest")
    with pytest.raises(RuntimeError):
        BackupJob(plan, progress=broken_listener, reports_per_second=0).run()
    assert list((tmp_path / "dest").iterdir()) == []
    assert snapshot(src) == before


def test_a_copied_file_removed_from_the_backup_meanwhile_fails_the_backup(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.eml").write_bytes(b"first")
    (src / "b.eml").write_bytes(b"second")
    before = snapshot(src)
    plan = make_plan([src], tmp_path / "dest")

    def writer(fd: int, data: memoryview) -> int:
        # An antivirus quarantines the first copy while the second is written.
        if bytes(data) == b"second":
            (plan.partial_dir / "src" / "a.eml").unlink()
        return os.write(fd, data)

    result = BackupJob(plan, writer=writer).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.copy_mismatch"
    assert result.error.params["file"] == "src/a.eml"
    assert result.partial_removed and not plan.partial_dir.exists()
    assert snapshot(src) == before
