"""The backup's Windows and macOS branches, run here. Windows: no positioned read, times
set on the closed file, no kernel copy. Files over 1 MiB go chunk by chunk while a second
thread reads each chunk back; on Windows that read-back used to seek on the writer's own
handle, and the two raced for one file position (every PST failed as "the destination
drive may be faulty")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from backup_support import JAPANESE, backup_folder, manifest_of, snapshot
from platform_branches import as_macos, as_windows, fcntl_requests
from portability import needs_fcntl

from assistant.backup.copy import CHUNK
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.restore import RestoreJob
from assistant.backup.verify import VerifyJob

MIB = 1024 * 1024


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    as_windows(monkeypatch)


def _contents(found: dict[str, tuple[object, ...]]) -> dict[str, tuple[object, ...]]:
    """Kind, size, time and SHA-256 (modes on restore are another issue's matter)."""
    return {rel: entry[:4] for rel, entry in found.items()}


def _mail_folder(root: Path, sizes: list[int]) -> Path:
    src = root / "Outlook ファイル"
    src.mkdir(parents=True)
    for number, size in enumerate(sizes):
        (src / f"{JAPANESE}{number}.pst").write_bytes(os.urandom(size))
    (src / "小さい.txt").write_bytes(b"small" * 100)
    return src


# Before the fix, run here: 3 MB in 64 KiB chunks failed 4 times in 5, 48 MB in the
# engine's 8 MiB chunks 3 times in 3 (the read-back moved the writer's position).
@pytest.mark.parametrize(
    ("sizes", "chunk"),
    [
        ([MIB + 1, 3 * MIB + 12345], 64 * 1024),
        ([48 * MIB], CHUNK),
    ],
    ids=["over-1MiB", "48MB"],
)
def test_large_files_back_up_verify_and_restore_on_the_windows_branch(
    tmp_path: Path, sizes: list[int], chunk: int, windows: None
) -> None:
    src = _mail_folder(tmp_path / "src", sizes)
    before = snapshot(src)
    dest = tmp_path / "dest"
    plan = plan_backup([SourceRequest(src)], dest, "backup")

    result = BackupJob(plan, chunk_size=chunk).run()

    assert result.status == "completed", result.error
    backup = backup_folder(dest)
    for number in range(len(sizes)):
        name = f"{JAPANESE}{number}.pst"
        assert (backup / src.name / name).read_bytes() == (src / name).read_bytes()
    assert {f.path for f in manifest_of(dest).files} >= {f"{src.name}/小さい.txt"}
    assert VerifyJob(backup).run().whole
    restored = RestoreJob(backup, to=tmp_path / "restored").run()
    assert restored.status == "completed", restored.error
    assert _contents(snapshot(tmp_path / "restored" / src.name)) == _contents(before)


def test_a_faulty_disk_is_still_caught_through_the_second_handle(
    tmp_path: Path, windows: None
) -> None:
    src = _mail_folder(tmp_path / "src", [2 * MIB + 5])

    def faulty_disk(fd: int, data: memoryview) -> int:
        spoiled = bytearray(data)
        spoiled[-1] ^= 0x01
        return os.write(fd, spoiled)

    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(plan, writer=faulty_disk, chunk_size=MIB).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.copy_mismatch"
    assert result.partial_removed


@needs_fcntl
def test_macos_backup_ends_with_one_full_flush_of_the_drive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file fsynced, then F_FULLFSYNC (refused by Linux here, so fsync stands in)."""
    from assistant import flush

    as_macos(monkeypatch)
    asked = fcntl_requests(monkeypatch)
    src = _mail_folder(tmp_path / "src", [2 * MIB])
    result = BackupJob(plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")).run()
    assert result.status == "completed", result.error
    # One, for the drive's cache before the rename (manifest.json is flushed with the
    # other files, not also on its own as it is written).
    assert asked == [flush.F_FULLFSYNC]
    assert VerifyJob(backup_folder(tmp_path / "dest")).run().whole
