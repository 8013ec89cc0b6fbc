"""Getting written bytes onto the medium, the way each system needs it.

- Windows: ``FlushFileBuffers`` (what ``os.fsync`` calls) needs a handle with write
  access; on a read-only one it fails (EBADF). A file is flushed through a writable handle.
- macOS: ``fsync`` hands the data to the drive, whose cache may still lose it at a power
  cut; ``fcntl(F_FULLFSYNC)`` asks the drive to write its cache out. A file system that
  cannot (some network ones) refuses it, and then ``fsync`` is what there is.
- Folders: flushed where a folder can be opened (POSIX), so a new name survives too.

Which applies is chosen by capability (``platform_caps``), so each branch runs in tests.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from assistant import platform_caps

log = logging.getLogger(__name__)

_O_BINARY = getattr(os, "O_BINARY", 0)
F_FULLFSYNC = 51  # <sys/fcntl.h> on macOS; Python names it only on macOS


def flush_open_file(fd: int) -> None:
    """Flush an open file (opened for writing where the system needs that)."""
    if platform_caps.CAPS.full_fsync and _full_fsync(fd):
        return
    os.fsync(fd)


def _full_fsync(fd: int) -> bool:
    if sys.platform == "win32":  # the type checker's test: no fcntl on Windows
        return False
    import fcntl

    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_FULLFSYNC", F_FULLFSYNC))
    except OSError:  # not every file system can (SMB, some FUSE ones): fsync instead
        log.debug("F_FULLFSYNC refused on this file system; fsync instead", exc_info=True)
        return False
    return True


def flush_file(path: Path | str, *, full: bool = True) -> None:
    """Flush a file already written and closed: through a writable handle where the
    system's flush needs one (the file is not changed by opening it so). ``full=False``:
    fsync only, for many files followed by one full flush of the drive's cache."""
    writable = platform_caps.CAPS.fsync_needs_writable
    fd = os.open(path, (os.O_RDWR if writable else os.O_RDONLY) | _O_BINARY)
    try:
        if full:
            flush_open_file(fd)
        else:
            os.fsync(fd)
    finally:
        os.close(fd)


def flush_folder(folder: Path | str) -> None:
    """Flush a folder's entries (a new or replaced name), where a folder can be opened."""
    if not platform_caps.CAPS.flush_folders:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
