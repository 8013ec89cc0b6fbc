"""The copy engine: files copied, hashed on the way, read back and compared.

Small files (a Thunderbird profile has thousands, an Apple Mail mailbox up to 500,000)
take one read, one write and one read-back each; a backup job copies them on two helper
threads (``small_files``, through ``copy_small``). Large files go chunk by
chunk: on Linux the kernel copies (``kernel_copy``); elsewhere this thread reads and
writes. Either way one helper thread hashes and another reads the chunk back from the
destination and compares (hashlib releases the GIL on large buffers). Memory stays at a
few chunks whatever the file size, and the cancel token is looked at between chunks
(milliseconds apart).

The SHA-256 in the manifest is the digest of the bytes the backup holds, and those are
proved equal to what was read from the source.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH108

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

from assistant import platform_caps
from assistant.backup import folder_handles, kernel_copy
from assistant.backup.copy_errors import copy_mismatch, source_unreadable, write_error
from assistant.backup.folder_handles import FolderHandles
from assistant.backup.progress import Cancelled, CancelToken, ProgressMeter
from assistant.backup.same_bytes import same_bytes
from assistant.backup.scan import FileEntry
from assistant.backup.to_disk import let_go, start_writeback
from assistant.errors import AssistantError

log = logging.getLogger(__name__)

CHUNK = 8 * 1024 * 1024  # large enough for fast hashing and syscalls, small for quick cancel
BUFFERS = 4  # chunks in flight: memory stays at BUFFERS + 1 chunks whatever the file size
SMALL_FILE = 1024 * 1024  # up to this size a file is copied in one read, without the thread

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO put where a file was opens at once
_CREATE_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW

SourceOpener = Callable[[str], int]
Writer = Callable[[int, memoryview], int]


_SOURCE_FLAGS = os.O_RDONLY | _O_BINARY | _O_NOFOLLOW | _O_NONBLOCK


def open_source(path: str) -> int:
    """Open a source file for reading only; a symlink put in its place is not followed,
    a FIFO does not block (the callers check the kind on the descriptor)."""
    return os.open(path, _SOURCE_FLAGS)


class CopiedFile(NamedTuple):  # a tuple: made once per file, thousands of times
    sha256: str
    size: int
    mtime_ns: int
    changed_during_copy: bool


def _read_back(dst: int, dest: str, view: memoryview, offset: int, apart: bool) -> int:
    """Read ``len(view)`` bytes of the destination at ``offset``.

    By a positioned read on the writing handle where the system has one. Otherwise
    (Windows has no pread), or when ``apart``, through a read-only handle of its own,
    opened for this read: two users of one handle share (and race for) its file
    position; and some file-system drivers answer a read on the writing handle from
    their own buffer, or a handle opened earlier from the size it had then (fusefat:
    zeros, or a short read, for a tail just written). A handle opened now reads what a
    later reader will."""
    if platform_caps.CAPS.positioned_read and not apart:
        return _pread_into(dst, view, offset)
    try:
        reader = os.open(dest, os.O_RDONLY | _O_BINARY | _O_NOFOLLOW)
    except OSError as exc:
        raise write_error(exc, dest) from exc
    try:
        if platform_caps.CAPS.positioned_read:
            return _pread_into(reader, view, offset)
        os.lseek(reader, offset, os.SEEK_SET)
        done = 0
        while done < len(view):  # a read may return less than asked before the end
            data = os.read(reader, len(view) - done)
            if not data:
                break
            view[done : done + len(data)] = data
            done += len(data)
        return done
    finally:
        os.close(reader)


def _pread_into(fd: int, view: memoryview, offset: int) -> int:
    if sys.platform == "win32":  # the type checker's test: Windows has no preadv
        raise OSError("no positioned read on Windows")
    return os.preadv(fd, [view], offset)


class CopyEngine:
    """Copies files one by one into a destination; owns the hash thread and the buffers."""

    def __init__(
        self,
        cancel: CancelToken,
        meter: ProgressMeter,
        *,
        opener: SourceOpener = open_source,
        writer: Writer = os.write,
        chunk_size: int = CHUNK,
        early_writeback: bool = False,
        read_back_apart: bool = False,
    ) -> None:
        """``early_writeback``: for a job that flushes at the end, start writing each chunk
        of a large file to the disk as soon as it is written (the flush then has little
        left to do), and let it leave the cache once verified."""
        self.cancel = cancel
        self.meter = meter
        self.opener = opener
        self.writer = writer
        self.chunk_size = chunk_size
        self.early_writeback = early_writeback
        # Read back through a handle of its own (a destination the volume says needs it).
        self.read_back_apart = read_back_apart
        # The small files' path, decided once (tests switch the platform before this).
        self._pread_back = (
            sys.platform != "win32" and platform_caps.CAPS.positioned_read and not read_back_apart
        )
        self._utime_on_descriptor = platform_caps.CAPS.utime_on_descriptor
        # Files opened by name in their open folders (not with a test's opener).
        by_folder = folder_handles.WORKS_HERE and opener is open_source
        self._source_folders = FolderHandles() if by_folder else None
        self._copy_folders = FolderHandles() if by_folder else None
        # One thread each, so chunks are hashed and checked in order.
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-back")
        self._chunks: tuple[bytearray, ...] = ()  # made for the first large file
        # The kernel copies only with the real writer (a test's writer stands for the disk).
        self._kernel_copy = (
            platform_caps.CAPS.kernel_copy and writer is os.write and not read_back_apart
        )

    @property
    def _buffers(self) -> tuple[bytearray, ...]:
        """The chunks a large file goes through, BUFFERS of them, and the read-back's one
        (5 x 8 MiB): made once a large file comes, so a mailbox of small files never
        holds them."""
        return self._all_chunks()[:BUFFERS]

    @property
    def _check(self) -> bytearray:
        return self._all_chunks()[BUFFERS]

    def _all_chunks(self) -> tuple[bytearray, ...]:
        if not self._chunks:
            self._chunks = tuple(bytearray(self.chunk_size) for _ in range(BUFFERS + 1))
        return self._chunks

    def close(self) -> None:
        self._hasher.shutdown(wait=True)
        self._checker.shutdown(wait=True)
        for folders in (self._source_folders, self._copy_folders):
            if folders is not None:
                folders.close()

    def __enter__(self) -> CopyEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def copy_file(self, entry: FileEntry, dest: str, *, mtime_ns: int | None = None) -> CopiedFile:
        """Copy ``entry`` to the new file ``dest``; copy once more if it changed meanwhile.

        The first attempt compares against the size and time seen by the pre-scan (a change
        since then is a change too); the second against a fresh look at the file, and
        streams it whatever its size (it may have grown).

        ``mtime_ns``: the time the copy gets, set once, when it is not the source's (a
        restore gives back the time the manifest recorded; the backup's volume may keep a
        coarser one).
        """
        if entry.size <= SMALL_FILE:
            copied = self.copy_small(entry, dest, mtime_ns)
            if copied is not None:
                self.meter.whole_file(copied.size, entry.rel)
                return copied
        else:
            self.meter.start_file(entry.rel)
            digest, size, after = self._copy_once(entry, dest, self._copy_large_first, mtime_ns)
            same = entry.size == after.st_size == size and entry.mtime_ns == after.st_mtime_ns
            if same and digest:  # no digest: the source changed under the kernel's copy
                self.meter.file_done()
                return CopiedFile(digest, size, entry.mtime_ns, False)
            self.meter.take_back_bytes(size)
        return self.copy_again(entry, dest, mtime_ns)

    def copy_again(self, entry: FileEntry, dest: str, mtime_ns: int | None = None) -> CopiedFile:
        """The source changed while it was copied: once more, streamed whatever its size,
        against a fresh look at it; still changing, it is reported as such."""
        os.unlink(dest)
        fresh = self._stat_source(entry)
        self.meter.start_file(entry.rel)
        digest, size, after = self._copy_once(entry, dest, self._copy_large, mtime_ns)
        unchanged = (
            fresh.st_size == after.st_size == size and fresh.st_mtime_ns == after.st_mtime_ns
        )
        self.meter.file_done()
        return CopiedFile(digest, size, after.st_mtime_ns, not unchanged)

    def _stat_source(self, entry: FileEntry) -> os.stat_result:
        try:
            st = os.lstat(entry.path)
        except OSError as exc:
            raise source_unreadable(entry.path, exc) from exc
        if not stat.S_ISREG(st.st_mode):
            raise AssistantError("mailbackup.error.source_not_regular", file=entry.path)
        return st

    def _open_source(self, path: str) -> int:
        """By name in its open folder where the engine holds folders, else by ``opener``."""
        sources = self._source_folders
        try:
            return self.opener(path) if sources is None else sources.open(path, _SOURCE_FLAGS)
        except OSError as exc:
            raise source_unreadable(path, exc) from exc

    def copy_small(
        self, entry: FileEntry, dest: str, mtime_ns: int | None = None
    ) -> CopiedFile | None:
        """A small file in one read, one write and one read-back; None when it changed
        since the pre-scan (the caller copies it again, with ``copy_again``). Counts no
        progress: the caller does, in order (it may run on a helper thread).

        This is the path of the thousands of files of a mailbox: as few system calls per
        file as the checks allow, and few Python calls around them (each costs about a
        microsecond; measured on 30,000 files, the same steps spread over six functions
        took 13% more CPU).
        """
        if self.cancel.cancelled:
            raise Cancelled
        path = entry.path
        src = self._open_source(path)
        try:  # its size and one byte more, so a file that grew shows
            data = os.read(src, entry.size + 1)
            after = os.fstat(src)  # from the open file: a change while reading shows
        except OSError as exc:
            raise source_unreadable(path, exc) from exc
        finally:
            os.close(src)
        size = len(data)
        keep = entry.mtime_ns if mtime_ns is None else mtime_ns
        dst = self._create(dest)
        try:
            try:
                written = self.writer(dst, memoryview(data))
            except OSError as exc:
                raise write_error(exc, dest) from exc
            if written != size:  # a short write: the rest, in a loop
                self._write_all(dst, memoryview(data)[written:], dest)
            if size:  # read back: one pread where the system has it
                if sys.platform != "win32" and self._pread_back:
                    if os.pread(dst, size + 1, 0) != data:
                        raise copy_mismatch(dest)
                else:
                    self._check_small(dst, dest, data)
            if self._utime_on_descriptor:
                os.utime(dst, ns=(keep, keep))
        finally:
            os.close(dst)
        if not self._utime_on_descriptor:  # Windows: on the path, once closed
            os.utime(dest, ns=(keep, keep))
        if size != entry.size or after.st_size != size or after.st_mtime_ns != entry.mtime_ns:
            return None
        return CopiedFile(hashlib.sha256(data).hexdigest(), size, entry.mtime_ns, False)

    def _check_small(self, dst: int, dest: str, data: bytes) -> None:
        """The small file reads back as written, without a pread on the writing handle
        (Windows, or a volume that needs a handle of its own)."""
        back = bytearray(len(data) + 1)
        got = _read_back(dst, dest, memoryview(back), 0, self.read_back_apart)
        if got != len(data) or back[:got] != data:
            raise copy_mismatch(dest)

    def _create(self, dest: str) -> int:
        """The new copy, by name in its open folder where the engine holds folders."""
        copies = self._copy_folders
        try:
            if copies is None:
                return os.open(dest, _CREATE_FLAGS, 0o600)
            return copies.open(dest, _CREATE_FLAGS, 0o600)
        except OSError as exc:
            raise write_error(exc, dest) from exc

    def _copy_once(
        self,
        entry: FileEntry,
        dest: str,
        copy: Callable[[FileEntry, int, int, str], tuple[str, int]],
        mtime_ns: int | None,
    ) -> tuple[str, int, os.stat_result]:
        """Open both files and copy; the digest, the size copied, and the source's state
        after the copy (from the open file: a change to it while copying shows there).
        The copy gets ``mtime_ns``, or the source's time."""
        src = self._open_source(entry.path)
        try:
            dst = self._create(dest)
            try:
                digest, size = copy(entry, src, dst, dest)
                try:
                    after = os.fstat(src)
                except OSError as exc:
                    raise source_unreadable(entry.path, exc) from exc
                keep = after.st_mtime_ns if mtime_ns is None else mtime_ns
                _keep_mtime(dst, keep)
            finally:
                os.close(dst)
            _keep_mtime_once_closed(dest, keep)
            return digest, size, after
        finally:
            os.close(src)

    def _copy_large_first(self, entry: FileEntry, src: int, dst: int, dest: str) -> tuple[str, int]:
        """The first attempt at a large file: copied by the kernel where it can (Linux),
        otherwise through this process. A source that changed meanwhile comes back with
        an empty digest; the size and time check then sends it round once more."""
        if self._kernel_copy:
            try:
                return kernel_copy.copy_by_kernel(
                    src,
                    dst,
                    dest,
                    chunk=self.chunk_size,
                    check=self._check,
                    hasher=self._hasher,
                    checker=self._checker,
                    cancel=self.cancel,
                    meter=self.meter,
                    in_flight=BUFFERS,
                    early_writeback=self.early_writeback,
                )
            except kernel_copy.KernelCopyUnavailable as exc:
                log.info("the kernel cannot copy to %s; copying through this process", dest)
                self._kernel_copy = False  # the same for the rest of this destination
                self.meter.take_back_bytes(exc.bytes_done)
                if exc.bytes_done:  # (a file system may refuse to truncate: fusefat)
                    os.ftruncate(dst, 0)
            except kernel_copy.SourceChanged as exc:
                return "", exc.bytes_done
        return self._copy_large(entry, src, dst, dest)

    def _copy_large(self, entry: FileEntry, src: int, dst: int, dest: str) -> tuple[str, int]:
        """Three stages on three threads, chunk by chunk: this thread reads and writes, one
        helper hashes, the other reads the chunk back from the destination and compares.
        Each buffer is reused once both helpers are done with it."""
        digest = hashlib.sha256()
        buffers = self._buffers
        pending: list[tuple[Future[None], Future[None]] | None] = [None] * len(buffers)
        source = io.FileIO(src, "rb", closefd=False)
        offset = 0
        turn = 0
        try:
            while True:
                self.cancel.raise_if_cancelled()
                buf = buffers[turn]
                waiting = pending[turn]
                if waiting is not None:
                    for future in waiting:
                        future.result()  # the helpers are done with this buffer
                count = self._read_into(entry, source, buf)
                if count == 0:
                    break
                view = memoryview(buf)[:count]
                self._write_all(dst, view, dest)
                if self.early_writeback:
                    start_writeback(dst, offset, count)
                pending[turn] = (
                    self._hasher.submit(digest.update, view),
                    self._checker.submit(self._compare, dst, buf, count, offset, dest),
                )
                offset += count
                self.meter.add_bytes(count)
                turn = (turn + 1) % len(buffers)
        except BaseException:
            _wait_all(pending, keep_first_error=True)
            raise
        _wait_all(pending, keep_first_error=False)
        return digest.hexdigest(), offset

    def _compare(self, dst: int, buf: bytearray, count: int, offset: int, dest: str) -> None:
        """On the read-back thread: the destination holds the chunk; then it may leave the
        cache."""
        check = self._check
        got = _read_back(dst, dest, memoryview(check)[:count], offset, self.read_back_apart)
        same = same_bytes(memoryview(check)[:count], memoryview(buf)[:count])
        if got != count or not same:
            raise copy_mismatch(dest)
        if self.early_writeback:
            let_go(dst, offset, count)

    def _read_into(self, entry: FileEntry, source: io.FileIO, buf: bytearray) -> int:
        try:
            return source.readinto(buf) or 0
        except OSError as exc:
            raise source_unreadable(entry.path, exc) from exc

    def _write_all(self, fd: int, view: memoryview, dest: str) -> None:
        while view:
            try:
                written = self.writer(fd, view)
            except OSError as exc:
                raise write_error(exc, dest) from exc
            view = view[written:]


def _wait_all(
    pending: Sequence[tuple[Future[None], Future[None]] | None], *, keep_first_error: bool
) -> None:
    """Wait for every helper; raise the first error unless one is already on its way."""
    for waiting in pending:
        for future in waiting or ():
            if keep_first_error:
                future.exception()
            else:
                future.result()


def _keep_mtime(fd: int, mtime_ns: int) -> None:
    """The copy keeps the source's modification time: set on the open file where the
    system allows it..."""
    if platform_caps.CAPS.utime_on_descriptor:
        os.utime(fd, ns=(mtime_ns, mtime_ns))


def _keep_mtime_once_closed(path: str, mtime_ns: int) -> None:
    """...and on Windows on the path, once the file is closed (closing a written file may
    set its time again)."""
    if not platform_caps.CAPS.utime_on_descriptor:
        os.utime(path, ns=(mtime_ns, mtime_ns))
