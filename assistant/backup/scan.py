"""The pre-scan: every file, folder and link of a source, with sizes, before copying.

Symbolic links are recorded, never followed; sockets, FIFOs and devices are skipped;
Thunderbird's lock files at the top of a profile are skipped (they only say "in use").
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH115

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from assistant.backup.cloud import cloud_only
from assistant.backup.copy_errors import source_unreadable
from assistant.backup.longpath import os_path
from assistant.backup.manifest import ManifestLink, ManifestSource, SkippedEntry
from assistant.errors import AssistantError

# Thunderbird/Firefox profile locks: ``lock`` (a symlink on Linux), ``.parentlock`` (macOS,
# Linux), ``parent.lock`` (Windows). Copying them would make the restored profile look in use.
LOCK_FILE_NAMES = frozenset({"lock", ".parentlock", "parent.lock"})


class FileEntry(NamedTuple):
    path: str  # as given to os functions
    rel: str  # relative POSIX path inside the backup
    size: int
    mtime_ns: int


class FolderEntry(NamedTuple):
    rel: str
    mtime_ns: int


@dataclass
class SourceScan:
    source: ManifestSource
    files: list[FileEntry] = field(default_factory=list)
    folders: list[FolderEntry] = field(default_factory=list)  # parents before children
    links: list[ManifestLink] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    # Files whose contents are only in the cloud (reading them downloads them).
    cloud_only: list[str] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        return sum(f.size for f in self.files)


def _skip_reason(mode: int) -> str:
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def scan_source(
    path: Path, source: ManifestSource, cancelled: Callable[[], bool] = lambda: False
) -> SourceScan:
    """Walk ``path`` (a folder or one file) without following links."""
    scan = SourceScan(source=source)
    top = os_path(path)
    try:
        st = os.lstat(top)
    except OSError as exc:
        raise source_unreadable(str(path), exc) from exc
    if stat.S_ISREG(st.st_mode):
        scan.files.append(FileEntry(top, source.name, st.st_size, st.st_mtime_ns))
        if cloud_only(st):
            scan.cloud_only.append(source.name)
        return scan
    if not stat.S_ISDIR(st.st_mode):
        raise AssistantError("mailbackup.error.source_not_regular", file=str(path))
    scan.folders.append(FolderEntry(source.name, st.st_mtime_ns))
    stack: list[tuple[str, str]] = [(top, source.name)]
    while stack:
        if cancelled():
            break
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            raise source_unreadable(folder, exc) from exc
        subfolders: list[tuple[str, str]] = []
        for entry in entries:
            entry_rel = f"{rel}/{entry.name}"
            if rel == source.name and entry.name in LOCK_FILE_NAMES:
                scan.skipped.append(SkippedEntry(entry_rel, "lock_file"))
                continue
            try:
                est = entry.stat(follow_symlinks=False)
            except OSError as exc:
                raise source_unreadable(entry.path, exc) from exc
            mode = est.st_mode
            if stat.S_ISREG(mode):
                scan.files.append(FileEntry(entry.path, entry_rel, est.st_size, est.st_mtime_ns))
                if cloud_only(est):
                    scan.cloud_only.append(entry_rel)
            elif stat.S_ISDIR(mode):
                scan.folders.append(FolderEntry(entry_rel, est.st_mtime_ns))
                subfolders.append((entry.path, entry_rel))
            elif stat.S_ISLNK(mode):
                scan.links.append(ManifestLink(entry_rel, os.readlink(entry.path)))
            else:
                scan.skipped.append(SkippedEntry(entry_rel, _skip_reason(mode)))
        stack.extend(reversed(subfolders))
    return scan
