"""Writing over a user's file safely, even when the assistant runs elevated.

The helpdesk runs us as an administrator or root. A file written the plain way then
belongs to root with our mode, and the user's own app can no longer read it (Thunderbird
renames an unreadable ``prefs.js`` to ``Invalidprefs.js`` and starts with defaults).
So every write over a user's file goes through here:

- a temporary file in the same folder, given the owner, group and mode of the file it
  replaces before it takes its place;
- flushed to the disk through a *writable* handle (Windows' ``os.fsync`` needs one;
  ``assistant.flush`` does what each system needs);
- an atomic replace, then the folder flushed where the system allows it;
- a symbolic link is written at its target, never replaced by a plain file, and only
  when the target belongs to whoever owns the link (an elevated run never follows a
  user's link into someone else's file).
"""

# owners_like walks plain strings (a restore passes \\?\ long paths on Windows).
# ruff: noqa: PTH101, PTH118

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO

from assistant import platform_caps
from assistant.errors import AssistantError
from assistant.flush import flush_folder, flush_open_file

_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def where_to_write(path: Path) -> Path:
    """``path``, or the file a symbolic link at ``path`` points to (refused when that file
    belongs to someone else than the link, or does not exist)."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return path
    if not stat.S_ISLNK(link.st_mode):
        return path
    target = Path(os.path.realpath(path))
    try:
        st = target.stat()
    except OSError:
        raise AssistantError("userfile.link_dangling", file=str(path), target=str(target)) from None
    if not stat.S_ISREG(st.st_mode):  # a folder, a device: said as what it is
        refuse_not_regular(path, st)
    if st.st_uid != link.st_uid:
        raise AssistantError("userfile.link_elsewhere", file=str(path), target=str(target))
    return target


def refuse_not_regular(path: Path, st: os.stat_result) -> None:
    """One sentence for a place that is not a regular file: a folder is named as a folder
    (``--output DIR``), anything else as a device or a pipe."""
    if stat.S_ISDIR(st.st_mode):
        raise AssistantError("redteam.userfile.folder", file=str(path))
    raise AssistantError("userfile.not_regular", file=str(path))


def give_like(file: int | str, like: os.stat_result, *, mode: bool = True) -> None:
    """Owner and group of ``like`` onto ``file`` (an open file's descriptor, or a path: a
    link itself, never followed), and its mode too with ``mode``. Owner first: changing it
    may clear the mode's set-id bits. Nothing is called for what already matches.

    Windows: the folder's ACL decides, there is no owner to copy (and, through a handle,
    no mode either)."""
    on_handle = isinstance(file, int)
    if sys.platform == "win32" and on_handle:
        return
    st = _state(file)
    if sys.platform != "win32" and (st.st_uid, st.st_gid) != (like.st_uid, like.st_gid):
        try:
            # (follow_symlinks: a path's link is given away itself; a handle has none.)
            os.chown(file, like.st_uid, like.st_gid, follow_symlinks=on_handle)
        except PermissionError:
            # Only root gives files away: a user writing into a folder of someone
            # else's (/tmp, a shared collection folder) keeps the file as theirs.
            if os.geteuid() == 0:
                raise
        st = _state(file)
    wanted = stat.S_IMODE(like.st_mode)
    if mode and not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) != wanted:
        os.chmod(file, wanted)


def _state(file: int | str) -> os.stat_result:
    return os.fstat(file) if isinstance(file, int) else os.lstat(file)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def replace_user_file(path: Path, data: bytes, *, new_mode: int = 0o600) -> Path:
    """Replace the file at ``path`` (or its link's target) with ``data``; returns the file
    written. A file that does not exist yet gets ``new_mode`` and the owner of its folder."""
    target = where_to_write(path)
    with _replacement(target, new_mode) as f:
        f.write(data)
    return target


def user_file_writer(path: Path, *, new_mode: int = 0o600) -> AbstractContextManager[BinaryIO]:
    """:func:`replace_user_file` for content written in pieces (a long report streamed
    out): the file takes the place of ``path`` whole when the ``with`` block ends, and
    is removed, ``path`` untouched, when the block raises."""
    return _replacement(where_to_write(path), new_mode)


@contextmanager
def _replacement(target: Path, new_mode: int) -> Iterator[BinaryIO]:
    folder = target.parent
    try:
        like = target.stat()
        if not stat.S_ISREG(like.st_mode):  # a device or a pipe is never replaced by a file
            refuse_not_regular(target, like)
    except FileNotFoundError:
        folder_st = folder.stat()
        like = os.stat_result(
            (stat.S_IFREG | new_mode, 0, 0, 1, folder_st.st_uid, folder_st.st_gid, 0, 0, 0, 0)
        )
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        try:
            with os.fdopen(fd, "wb", closefd=False) as f:
                yield f
            give_like(fd, like)
            flush_open_file(fd)  # mkstemp's handle is writable: Windows' flush needs that
        finally:
            os.close(fd)
        Path(temp_name).replace(target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    flush_folder(folder)


def copy_user_file(source: Path, copy: Path) -> None:
    """A new file ``copy`` with the bytes, times, owner, group and mode of ``source``,
    on the disk when this returns; never overwrites (``FileExistsError``)."""
    src_fd = os.open(source, os.O_RDONLY | _O_BINARY)
    try:
        like = os.fstat(src_fd)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY | _O_NOFOLLOW
        dst_fd = os.open(copy, flags, 0o600)
        try:
            while chunk := os.read(src_fd, 1024 * 1024):
                _write_all(dst_fd, chunk)
            give_like(dst_fd, like)
            if platform_caps.CAPS.utime_on_descriptor:
                os.utime(dst_fd, ns=(like.st_atime_ns, like.st_mtime_ns))
            flush_open_file(dst_fd)  # a writable handle: Windows' flush needs one
        except BaseException:
            os.close(dst_fd)
            copy.unlink(missing_ok=True)
            raise
        os.close(dst_fd)
    finally:
        os.close(src_fd)
    if not platform_caps.CAPS.utime_on_descriptor:  # Windows: closing may set it again
        os.utime(copy, ns=(like.st_atime_ns, like.st_mtime_ns))
    flush_folder(copy.parent)


def owners_like(new: str, old: str) -> None:
    """Before ``new`` takes the place of ``old`` (a restore): every entry of ``new`` gets
    the owner, group and mode of the same entry in ``old`` when there is one of the same
    kind, else the owner and group of ``old`` itself (of its folder when ``old`` does not
    exist) and keeps its mode. Nothing to do when those are ours already."""
    try:
        top = os.lstat(old)
    except FileNotFoundError:
        top = os.stat(os.path.dirname(old))  # noqa: PTH116, PTH120
    stack = [(new, old)]
    while stack:
        new_path, old_path = stack.pop()
        st = os.lstat(new_path)
        try:
            before: os.stat_result | None = os.lstat(old_path)
        except OSError:
            before = None
        if before is not None and stat.S_IFMT(before.st_mode) == stat.S_IFMT(st.st_mode):
            give_like(new_path, before)
        else:
            give_like(new_path, top, mode=False)
        if stat.S_ISDIR(st.st_mode):
            with os.scandir(new_path) as it:
                names = [entry.name for entry in it]
            stack.extend((os.path.join(new_path, n), os.path.join(old_path, n)) for n in names)


def make_folders(folder: Path) -> None:
    """``folder`` and its missing parents, each owned like the nearest folder that was
    there (an elevated restore into ``~/Documents/Outlook Files`` leaves it the user's)."""
    missing: list[Path] = []
    existing = folder
    while not os.path.lexists(existing) and existing.parent != existing:
        missing.append(existing)
        existing = existing.parent
    like = existing.stat()
    for path in reversed(missing):
        path.mkdir()
        give_like(str(path), like, mode=False)
