"""How much a folder of mail data holds: bytes and files, symbolic links not followed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FolderSize:
    bytes: int = 0
    files: int = 0
    # Sub-folders that could not be listed, with the error (PermissionError under
    # macOS privacy protection); the totals leave them out.
    unreadable: list[tuple[Path, OSError]] = field(default_factory=list)

    @property
    def denied(self) -> bool:
        return any(isinstance(error, PermissionError) for _, error in self.unreadable)


def measure_folder(folder: Path) -> FolderSize:
    size = FolderSize()

    def record(error: OSError) -> None:
        size.unreadable.append((Path(error.filename or folder), error))

    for top, _dirs, names in os.walk(folder, onerror=record, followlinks=False):
        for name in names:
            try:
                stat = (Path(top) / name).lstat()
            except OSError as error:
                record(error)
                continue
            size.bytes += stat.st_size
            size.files += 1
    return size
