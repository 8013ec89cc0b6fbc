"""Re-read every file of a backup against its manifest: what is missing, changed or extra."""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.backup.backup_contents import BackupContents
from assistant.backup.copy import CHUNK, SMALL_FILE, open_source
from assistant.backup.longpath import os_path
from assistant.backup.manifest import StoredManifest, open_manifest
from assistant.backup.progress import (
    DEFAULT_REPORTS_PER_SECOND,
    Cancelled,
    CancelToken,
    ProgressCallback,
    ProgressMeter,
)
from assistant.backup.volume import volume_of

# open() errors that mean "something other than a file is there" (O_NOFOLLOW on a link).
_NOT_A_FILE = frozenset({errno.ELOOP, getattr(errno, "EMLINK", errno.ELOOP), errno.EISDIR})


@dataclass
class VerifyReport:
    backup_dir: Path
    status: Literal["completed", "cancelled"]
    files_checked: int = 0
    bytes_checked: int = 0
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    # Files (and folders) that are there but could not be read: not known to be changed.
    unreadable: list[str] = field(default_factory=list)

    @property
    def whole(self) -> bool:
        return (
            self.status == "completed"
            and not self.missing
            and not self.changed
            and not self.extra
            and not self.unreadable
        )

    def as_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "backup_dir": str(self.backup_dir),
            "whole": self.whole,
            "files": self.files_checked,
            "bytes": self.bytes_checked,
            "seconds": round(self.seconds, 3),
            "missing": self.missing,
            "changed": self.changed,
            "extra": self.extra,
            "unreadable": self.unreadable,
        }


class FileHasher:
    """SHA-256 of large files, cancellable between chunks: this thread reads the next chunk
    while a helper hashes the last one (hashlib lets go of the GIL), so the reading hides
    behind the hashing. Two chunks of memory whatever the file size."""

    def __init__(self, chunk_size: int = CHUNK) -> None:
        self._chunk_size = chunk_size
        self._buffers: tuple[bytearray, ...] = ()  # made for the first large file
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def sha256(self, fd: int, cancel: CancelToken, meter: ProgressMeter) -> str:
        digest = hashlib.sha256()
        pending: Future[None] | None = None
        turn = 0
        if not self._buffers:
            self._buffers = (bytearray(self._chunk_size), bytearray(self._chunk_size))
        with io.FileIO(fd, "rb", closefd=False) as f:
            try:
                while True:
                    cancel.raise_if_cancelled()
                    buffer = self._buffers[turn]  # its last hash was waited for below
                    count = f.readinto(buffer) or 0
                    if pending is not None:
                        pending.result()  # the other buffer is hashed, in order
                        pending = None
                    if not count:
                        break
                    pending = self._pool.submit(digest.update, memoryview(buffer)[:count])
                    meter.add_bytes(count)
                    turn ^= 1
            finally:
                if pending is not None:  # an error on the way: the helper lets go first
                    pending.exception()
        return digest.hexdigest()


@dataclass
class VerifyJob:
    backup_dir: Path
    progress: ProgressCallback | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    reports_per_second: float = DEFAULT_REPORTS_PER_SECOND

    def run(self) -> VerifyReport:
        """Raises AssistantError when the folder is not a backup or its manifest is damaged."""
        started = time.monotonic()
        manifest = open_manifest(self.backup_dir)
        report = VerifyReport(self.backup_dir, "completed")
        try:
            self._check(manifest, report)
        except Cancelled:
            report.status = "cancelled"
        report.seconds = time.monotonic() - started
        return report

    def _check_file(
        self, path: str, size: int, sha256: str, hasher: FileHasher, meter: ProgressMeter
    ) -> Literal["ok", "missing", "changed", "unreadable"]:
        """One file against its record: open, look, read, hash (small files in one read,
        counted in the progress at once)."""
        try:
            fd = open_source(path)
        except FileNotFoundError:
            return "missing"
        except OSError as exc:
            # A link (or another kind of entry) where the file should be is a change;
            # a file we may not read is only unreadable: we do not know its contents.
            return "changed" if exc.errno in _NOT_A_FILE else "unreadable"
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size != size:
                return "changed"
            if size <= SMALL_FILE:
                if self.cancel.cancelled:
                    raise Cancelled
                digest = hashlib.sha256(os.read(fd, size + 1)).hexdigest()
            else:
                digest = hasher.sha256(fd, self.cancel, meter)
        except OSError:
            return "unreadable"
        finally:
            os.close(fd)
        return "ok" if digest == sha256 else "changed"

    def _check(self, manifest: StoredManifest, report: VerifyReport) -> None:
        """Every file of the manifest, streamed from it; then what the folder holds besides."""
        meter = ProgressMeter(
            "verify",
            manifest.total_bytes,
            manifest.file_count,
            self.progress,
            self.reports_per_second,
        )
        hasher = FileHasher()
        try:
            self._check_files(manifest, report, meter, hasher)
        finally:
            hasher.close()
        meter.finish()

    def _check_files(
        self,
        manifest: StoredManifest,
        report: VerifyReport,
        meter: ProgressMeter,
        hasher: FileHasher,
    ) -> None:
        root = os_path(self.backup_dir)
        # Names as the volume holds them (HFS+: decomposed; FAT: any case).
        contents = BackupContents(
            self.backup_dir, volume_of(self.backup_dir).case_insensitive, report.unreadable
        )
        for item in manifest.files():
            large = item.size > SMALL_FILE
            if large:
                meter.start_file(item.path)
            held = contents.holds(item.path) or item.path
            path = root + os.sep + held.replace("/", os.sep)
            verdict = self._check_file(path, item.size, item.sha256, hasher, meter)
            if verdict == "missing":
                report.missing.append(item.path)
            elif verdict == "changed":
                report.changed.append(item.path)
            elif verdict == "unreadable":
                report.unreadable.append(item.path)
            report.files_checked += 1
            report.bytes_checked += item.size
            if large:
                meter.file_done()
            else:
                meter.whole_file(item.size, item.path)
        report.extra = contents.extras(lambda: (item.path for item in manifest.files()))
