"""A restore's files copied from the backup into a staging copy, each checked against the
manifest.

Small files go through ``small_files`` as a backup's do (two lanes, one of them a
second process for a large restore); a large file is copied on the job thread once every
file before it is done. Each copy gets the time the manifest recorded, and its digest
and size, read back from the copy, are compared with the manifest's in the manifest's
order: of several damaged or unreadable files, the first is the one named.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
from __future__ import annotations

import os
from collections import deque

from assistant.backup.copy import SMALL_FILE, CopiedFile, CopyEngine
from assistant.backup.copy_helper import CopyHelper
from assistant.backup.manifest import ManifestFile
from assistant.backup.progress import CancelToken
from assistant.backup.scan import FileEntry
from assistant.backup.small_files import Copied, SmallFiles
from assistant.errors import AssistantError


class RestoredFiles:
    """Use as a context manager (it ends the lanes and the second process); ``files`` and
    ``bytes`` count the files done and checked."""

    def __init__(self, engine: CopyEngine, cancel: CancelToken, helper: CopyHelper | None) -> None:
        self._engine = engine
        self._small = SmallFiles(engine, cancel, helper=helper, check=self._check)
        # The files handed out and not yet checked, in order (they come back in order).
        self._handed: deque[ManifestFile] = deque()
        self._folder = ""
        self.files = 0
        self.bytes = 0

    def copy(self, item: ManifestFile, path: str, dest: str) -> None:
        """``path``: the item's file in the backup, under the name its volume lists
        (HFS+: decomposed); ``dest``: its place in the staging copy, whose folder is made."""
        small = self._small
        try:
            state = os.lstat(path)
        except OSError as exc:
            self._count(small.finish())  # an error in a file before it comes first
            if isinstance(exc, FileNotFoundError):
                raise AssistantError("mailbackup.error.backup_file_missing", file=path) from None
            raise
        # Compared with the time the backup's volume holds (FAT keeps 2 s steps, exFAT
        # 10 ms), so the copy does not take every file for changed; the copy gets the
        # time the manifest recorded (set once, after the last write).
        entry = FileEntry(path, item.path, item.size, state.st_mtime_ns)
        folder = dest.rpartition(os.sep)[0]
        if folder != self._folder:  # a batch holds one folder's files
            self._count(small.end_folder())
            self._folder = folder
        self._handed.append(item)
        if item.size <= SMALL_FILE:
            self._count(small.copy(entry, dest, item.mtime_ns))
            return
        self._count(small.finish())
        copied = self._engine.copy_file(entry, dest, mtime_ns=item.mtime_ns)
        self._check(entry, copied)
        self._count([(entry, copied)])

    def finish(self) -> None:
        """Every file handed out so far done and checked (a source's, before it is put
        in place)."""
        self._count(self._small.finish())

    def _check(self, entry: FileEntry, copied: CopiedFile) -> None:
        item = self._handed.popleft()
        if copied.sha256 != item.sha256 or copied.size != item.size:
            raise AssistantError("mailbackup.error.backup_file_damaged", file=entry.path)

    def _count(self, done: list[Copied]) -> None:
        for _, copied in done:
            self.files += 1
            self.bytes += copied.size

    def close(self) -> None:
        self._small.close()

    def __enter__(self) -> RestoredFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
