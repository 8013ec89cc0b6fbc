"""A durable backup flushes each of its files to the disk once, manifest.json included,
before the folder gets its final name; a backup that is not durable flushes nothing.
(manifest.json used to be flushed twice in a durable backup, and once in one that is
not: the writer flushed it when sealing it, whatever the job.)

Flushes are counted by a recording ``os.fsync`` that still flushes: nothing else shows
them. On Windows every file is flushed one by one (there is no call for a whole file
system), so the Windows branch, run here, shows each file's flush."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from backup_support import backup_folder, thunderbird_like_profile
from platform_branches import as_windows

from assistant.backup.job import BackupJob
from assistant.backup.manifest import MANIFEST_NAME
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.verify import VerifyJob

FileId = tuple[int, int]  # (device, inode)


def _fsynced(monkeypatch: pytest.MonkeyPatch) -> list[FileId]:
    """The files ``os.fsync`` is asked to flush from now on (they are flushed)."""
    flushed: list[FileId] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        st = os.fstat(fd)
        flushed.append((st.st_dev, st.st_ino))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return flushed


def _files_of(folder: Path) -> dict[FileId, str]:
    found: dict[FileId, str] = {}
    for dirpath, _, names in os.walk(folder):
        for name in names:
            st = os.lstat(os.path.join(dirpath, name))
            found[st.st_dev, st.st_ino] = os.path.relpath(os.path.join(dirpath, name), folder)
    return found


def _back_up(tmp_path: Path, durable: bool) -> Path:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    (profile / "big.pst").write_bytes(os.urandom(3 * 1024 * 1024))  # chunk by chunk
    plan = plan_backup([SourceRequest(profile)], tmp_path / "dest", "backup")
    result = BackupJob(plan, durable=durable).run()
    assert result.status == "completed", result.error
    return backup_folder(tmp_path / "dest")


def test_a_durable_backup_flushes_each_file_once_on_the_windows_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_windows(monkeypatch)
    flushed = _fsynced(monkeypatch)

    backup = _back_up(tmp_path, durable=True)

    files = _files_of(backup)
    assert MANIFEST_NAME in files.values() and len(files) > 5
    times = Counter(files.get(file, "(not in the backup)") for file in flushed)
    assert times == Counter(dict.fromkeys(files.values(), 1))
    assert VerifyJob(backup).run().whole


def test_a_backup_that_is_not_durable_flushes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed = _fsynced(monkeypatch)

    backup = _back_up(tmp_path, durable=False)

    assert flushed == []
    assert VerifyJob(backup).run().whole
