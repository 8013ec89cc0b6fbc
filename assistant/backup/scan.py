"""The pre-scan: every file, folder and link of a source, with sizes, before copying.

Symbolic links are recorded, never followed; sockets, FIFOs and devices are skipped;
Thunderbird's lock files at the top of a profile are skipped (they only say "in use").
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH115

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from assistant.backup.cloud import CLOUD_FIELDS, cloud_only
from assistant.backup.copy_errors import source_unreadable
from assistant.backup.longpath import os_path
from assistant.backup.manifest import ManifestLink, ManifestSource, SkippedEntry
from assistant.datafile import file_kind
from assistant.errors import AssistantError

# Thunderbird/Firefox profile locks: ``lock`` (a symlink on Linux), ``.parentlock`` (macOS,
# Linux), ``parent.lock`` (Windows). Copying them would make the restored profile look in use.
LOCK_FILE_NAMES = frozenset({"lock", ".parentlock", "parent.lock"})
_name = attrgetter("name")


class FileEntry(NamedTuple):
    path: str  # as given to os functions
    rel: str  # relative POSIX path inside the backup
    size: int
    mtime_ns: int


class FolderBatch(NamedTuple):
    """One folder's own contents, as found. A single-file source comes as one batch with
    no folder (``rel`` None)."""

    path: str
    rel: str | None
    mtime_ns: int
    files: list[FileEntry]
    links: list[ManifestLink]
    skipped: list[SkippedEntry]
    folders: list[str]  # the folders in it (relative paths), walked after it
    cloud_only: list[str]  # its files whose contents are only in the cloud


@dataclass
class SourceScan:
    """What the pre-scan counted (totals only: the job walks the source again, folder by
    folder, so memory does not grow with the number of files)."""

    source: ManifestSource
    path: Path
    files: int = 0
    bytes: int = 0
    folders: int = 0
    links: list[ManifestLink] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    # Files whose contents are only in the cloud (reading them downloads them).
    cloud_only: list[str] = field(default_factory=list)


def walk_source(path: Path, source: ManifestSource) -> Iterator[FolderBatch]:
    """Walk ``path`` (a folder or one file) without following links: each folder before
    the folders in it, names in order (the order the manifest lists the files in)."""
    top = os_path(path)
    try:
        st = os.lstat(top)
    except OSError as exc:
        raise source_unreadable(str(path), exc) from exc
    if stat.S_ISREG(st.st_mode):
        whole = FileEntry(top, source.name, st.st_size, st.st_mtime_ns)
        cloud = [source.name] if cloud_only(st) else []
        yield FolderBatch(top, None, 0, [whole], [], [], [], cloud)
        return
    if not stat.S_ISDIR(st.st_mode):
        raise AssistantError("mailbackup.error.source_not_regular", file=str(path))
    stack: list[tuple[str, str, int]] = [(top, source.name, st.st_mtime_ns)]
    may_be_in_cloud = CLOUD_FIELDS  # Linux's stat cannot say: not asked 500,000 times
    while stack:
        folder, rel, mtime_ns = stack.pop()
        batch = FolderBatch(folder, rel, mtime_ns, [], [], [], [], [])
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_name)
        except OSError as exc:
            raise source_unreadable(folder, exc) from exc
        subfolders: list[tuple[str, str, int]] = []
        at_top = rel == source.name
        for entry in entries:
            entry_rel = f"{rel}/{entry.name}"
            if at_top and entry.name in LOCK_FILE_NAMES:
                batch.skipped.append(SkippedEntry(entry_rel, "lock_file"))
                continue
            try:
                est = entry.stat(follow_symlinks=False)
            except OSError as exc:
                raise source_unreadable(entry.path, exc) from exc
            mode = est.st_mode
            if stat.S_ISREG(mode):
                batch.files.append(FileEntry(entry.path, entry_rel, est.st_size, est.st_mtime_ns))
                if may_be_in_cloud and cloud_only(est):
                    batch.cloud_only.append(entry_rel)
            elif stat.S_ISDIR(mode):
                subfolders.append((entry.path, entry_rel, est.st_mtime_ns))
                batch.folders.append(entry_rel)
            elif stat.S_ISLNK(mode):
                try:
                    target = os.readlink(entry.path)
                except OSError as exc:
                    raise source_unreadable(entry.path, exc) from exc
                batch.links.append(ManifestLink(entry_rel, target))
            else:
                batch.skipped.append(SkippedEntry(entry_rel, file_kind(mode)))
        stack.extend(reversed(subfolders))
        yield batch


def scan_source(
    path: Path,
    source: ManifestSource,
    each_folder: Callable[[FolderBatch], None] = lambda batch: None,
) -> SourceScan:
    """Count what ``path`` holds (files, bytes, folders), without following links;
    ``each_folder`` sees every folder's contents on the way (the plan's checks)."""
    scan = SourceScan(source=source, path=path)
    for batch in walk_source(path, source):
        each_folder(batch)
        scan.cloud_only.extend(batch.cloud_only)
        scan.files += len(batch.files)
        scan.bytes += sum(f.size for f in batch.files)
        scan.folders += batch.rel is not None
        scan.links.extend(batch.links)
        scan.skipped.extend(batch.skipped)
    return scan
