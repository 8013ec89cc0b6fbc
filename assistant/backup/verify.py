"""Re-read every file of a backup against its manifest: what is missing, changed or extra."""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.backup.copy import CHUNK, SMALL_FILE, open_source
from assistant.backup.longpath import os_path
from assistant.backup.manifest import MANIFEST_NAME, Manifest, load_manifest
from assistant.backup.names import Listing
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


def file_sha256(fd: int, buffer: bytearray, cancel: CancelToken, meter: ProgressMeter) -> str:
    """SHA-256 of an open file, read in chunks into ``buffer``; cancellable between chunks."""
    digest = hashlib.sha256()
    view = memoryview(buffer)
    with io.FileIO(fd, "rb", closefd=False) as f:
        while True:
            cancel.raise_if_cancelled()
            count = f.readinto(buffer) or 0
            if not count:
                break
            digest.update(view[:count])
            meter.add_bytes(count)
    return digest.hexdigest()


def files_in_backup(backup_dir: Path, unreadable: list[str] | None = None) -> set[str]:
    """Every file under the backup folder, as manifest paths (``manifest.json`` excepted).

    A folder that cannot be listed goes to ``unreadable`` (its manifest path + "/")."""
    found: set[str] = set()
    stack: list[tuple[str, str]] = [(os_path(backup_dir), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError:
            if unreadable is None:
                raise
            unreadable.append(f"{rel}/")
            continue
        with it:
            for entry in it:
                entry_rel = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, entry_rel))
                elif entry_rel != MANIFEST_NAME:
                    found.add(entry_rel)
    return found


@dataclass
class VerifyJob:
    backup_dir: Path
    progress: ProgressCallback | None = None
    cancel: CancelToken = field(default_factory=CancelToken)
    reports_per_second: float = DEFAULT_REPORTS_PER_SECOND

    def run(self) -> VerifyReport:
        """Raises AssistantError when the folder is not a backup or its manifest is damaged."""
        started = time.monotonic()
        manifest = load_manifest(self.backup_dir)
        report = VerifyReport(self.backup_dir, "completed")
        try:
            self._check(manifest, report)
        except Cancelled:
            report.status = "cancelled"
        report.seconds = time.monotonic() - started
        return report

    def _check_file(
        self, path: str, size: int, sha256: str, buffer: bytearray, meter: ProgressMeter
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
                digest = file_sha256(fd, buffer, self.cancel, meter)
        except OSError:
            return "unreadable"
        finally:
            os.close(fd)
        return "ok" if digest == sha256 else "changed"

    def _check(self, manifest: Manifest, report: VerifyReport) -> None:
        meter = ProgressMeter(
            "verify",
            manifest.total_bytes,
            len(manifest.files),
            self.progress,
            self.reports_per_second,
        )
        buffer = bytearray(CHUNK)
        root = os_path(self.backup_dir)
        # Names as the volume holds them (HFS+: decomposed; FAT: any case).
        listing = Listing(
            files_in_backup(self.backup_dir, report.unreadable),
            volume_of(self.backup_dir).case_insensitive,
        )
        for item in manifest.files:
            large = item.size > SMALL_FILE
            if large:
                meter.start_file(item.path)
            held = listing.actual(item.path) or item.path
            path = root + os.sep + held.replace("/", os.sep)
            verdict = self._check_file(path, item.size, item.sha256, buffer, meter)
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
        report.extra = listing.not_named(item.path for item in manifest.files)
        meter.finish()
