"""Writing a whole file so that a reader sees the old one or the new one, never half.

A temporary file in the same folder, flushed and fsynced, renamed over the target
(``os.replace``, atomic on one file system), then the folder fsynced so the new name
survives a power cut. Used for ``prefs.js`` and for ``report --output`` (a collector
such as Intune or a share may read the file at any moment).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def default_mode() -> int:
    """The mode a new file gets from ``open()`` under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_writer(path: Path, new_mode: int = 0o600) -> Iterator[BinaryIO]:
    """A binary file that becomes ``path`` when the block ends without an error (flushed,
    fsynced, renamed over it); on an error the temporary file is removed and ``path`` is
    untouched. An existing file keeps its mode, a new one gets ``new_mode``."""
    mode = path.stat().st_mode & 0o777 if path.exists() else new_mode
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_atomically(path: Path, data: bytes, new_mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_writer`."""
    with atomic_writer(path, new_mode) as f:
        f.write(data)
