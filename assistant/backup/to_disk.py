"""Getting a backup onto the disk: writeback started early, and the flush before the rename.

A backup folder gets its final name only once everything in it is on the disk, so that
after a power cut a folder that looks complete is complete.
"""

# Paths are plain strings from os_path() (\\?\ long paths on Windows), not Path.
# ruff: noqa: PTH118

from __future__ import annotations

import errno
import functools
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from assistant import platform_caps
from assistant.backup.longpath import os_path
from assistant.errors import AssistantError
from assistant.flush import flush_file, flush_folder

log = logging.getLogger(__name__)


def start_writeback(fd: int, offset: int, count: int) -> None:
    """Ask the system to start writing a range just written to the disk now, without
    waiting for it (Linux ``sync_file_range(SYNC_FILE_RANGE_WRITE)``).

    Started as each chunk is copied, the disk writes while the copy is read back, hashed
    and compared, instead of after it: the final flush before the rename then finds little
    left to write. Measured on a 1 GiB file (copy, then fsync): 2.4-3.0 s without, 1.8-2.3 s
    with. Linux only; elsewhere the flush does it all.
    """
    call = _libc_sync_file_range()
    if call is None:
        return
    if call(fd, offset, count, _SYNC_FILE_RANGE_WRITE) != 0:  # only a head start: a file
        log.debug("no early writeback on this file system")  # system may not offer it


def let_go(fd: int, offset: int, count: int) -> None:
    """A range read back and verified: wait until it is written to the disk, then let it
    leave the memory (Linux; elsewhere nothing).

    The data not yet on the disk stays at a few chunks, however large the file: the
    progress shown is the disk's, not the memory's (a slow USB stick is not "done" while
    gigabytes wait to be written), the final flush has little left to do, a backup does
    not push the user's own files out of the cache, and its pages are used again for the
    next chunks. Only advice and waiting: the final flush still reports any failure."""
    call = _libc_sync_file_range()
    if call is None:
        return
    if call(fd, offset, count, _SYNC_FILE_RANGE_WAIT) != 0:
        log.debug("no waiting for writeback on this file system")
    if sys.platform == "linux":  # (the type checker's test)
        try:
            os.posix_fadvise(fd, offset, count, os.POSIX_FADV_DONTNEED)
        except OSError:
            log.debug("the file system takes no advice", exc_info=True)


_SYNC_FILE_RANGE_WRITE = 2  # <fcntl.h>
_SYNC_FILE_RANGE_WAIT = 7  # WAIT_BEFORE | WRITE | WAIT_AFTER


@functools.cache
def _libc_sync_file_range() -> Callable[[int, int, int, int], int] | None:
    """Linux's ``sync_file_range`` (0, or -1 with errno set), or None where there is none."""
    if not platform_caps.CAPS.writeback_control:
        return None
    import ctypes

    try:
        call = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    call.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    call.restype = ctypes.c_int
    return call


def _libc_syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(fd)`` (0, or -1 with errno set), or None where there is none."""
    if not platform_caps.CAPS.writeback_control:
        return None
    import ctypes

    try:
        call: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return call


def _syncfs(folder: Path) -> bool:
    """Linux: flush only the file system holding ``folder`` (not every disk, as sync does).
    False where there is no syncfs; an OSError when the file system reports a failure
    (EIO: the data did not reach the disk)."""
    syncfs = _libc_syncfs()
    if syncfs is None:
        return False
    import ctypes

    fd = os.open(folder, os.O_RDONLY)
    try:
        if int(syncfs(fd)) != 0:
            number = ctypes.get_errno()
            if number == errno.ENOSYS:
                return False
            raise OSError(number, os.strerror(number), str(folder))
        return True
    finally:
        os.close(fd)


class FlushAlong:
    """While a durable job writes into ``folder``, a helper thread flushes its file system
    again and again (Linux), so the disk writes while the job copies instead of after it.

    For many small files this is most of the gain over a copy followed by ``sync``: the
    final flush before the rename then finds little left to write. It changes nothing of
    the promise: that final flush still happens, and reports any failure. Elsewhere this
    does nothing.
    """

    def __init__(self, folder: Path, pause: float = 0.25) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._fd = -1
        syncfs = _libc_syncfs()
        if syncfs is None:
            return
        try:
            self._fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        self._thread = threading.Thread(
            target=self._run, args=(syncfs, pause), name="flush-along", daemon=True
        )
        self._thread.start()

    def _run(self, syncfs: Callable[[int], int], pause: float) -> None:
        while not self._stop.wait(pause):
            syncfs(self._fd)  # ctypes lets go of the GIL while the disk writes

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FlushAlong:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def flush_to_disk(written: Path, *, names_only: bool = False) -> None:
    """Everything written (a folder, or one file) is on the disk before it gets its final
    name; ``names_only``: just the entries of the folder ``written`` (a rename in it).

    A failure the system reports (EIO from a failing disk or a pulled USB stick) is an
    AssistantError naming the folder: a job that cannot flush is not complete."""
    try:
        if names_only:
            flush_folder(written)
        else:
            _flush(written)
    except OSError as exc:
        log.warning("flushing %s failed: %s", written, exc)
        raise AssistantError(
            "mailbackup.error.flush_failed", folder=str(written), reason=exc.strerror or str(exc)
        ) from exc


def flush_while(written: Path, work: Callable[[], None]) -> None:
    """``flush_to_disk(written)`` on a helper thread while ``work`` runs on this one (the
    disk writes while the job reads its manifest back); both must succeed. The work's
    error comes first; either way the flush has ended when this returns."""
    failed: list[BaseException] = []

    def flush() -> None:
        try:
            flush_to_disk(written)
        except BaseException as exc:  # handed to the job's thread below
            failed.append(exc)

    helper = threading.Thread(target=flush, name="flush", daemon=True)
    helper.start()
    try:
        work()
    finally:
        helper.join()
    if failed:
        raise failed[0]


def _flush(written: Path) -> None:
    """Linux flushes the one file system at once. Windows has no such call: each file is
    flushed (through a writable handle). macOS: each file and folder is fsynced, then one
    F_FULLFSYNC asks the drive to write out its cache, which holds them all.
    """
    caps = platform_caps.CAPS
    if _syncfs(written):
        return
    if not (caps.fsync_needs_writable or caps.full_fsync) and hasattr(os, "sync"):
        os.sync()
        return
    files: list[str] = []
    folders: list[str] = []
    if written.is_file():
        files.append(os_path(written))
    for dirpath, _, names in os.walk(os_path(written)):
        folders.append(dirpath)
        files.extend(os.path.join(dirpath, name) for name in names)
    for file in files:
        flush_file(file, full=False)
    for folder in folders:
        flush_folder(folder)
    last = files[-1] if files else None
    if caps.full_fsync and last is not None:
        flush_file(last)  # F_FULLFSYNC: the drive's whole cache, with every file above
