"""The one reader of data files, and loading and checking the TOML ones.

Every file the program reads as data (prefs.js, profiles.ini, property lists, registry
exports, os-release, the organisation profile, --config, a backup's manifest) is read
by :func:`read_data_file`: a regular file only (checked with ``fstat`` on the opened
descriptor, opened without blocking so a FIFO cannot hang us), at most ``limit`` bytes
(a link to ``/dev/zero`` cannot eat the memory), inside the snapshot when one is
diagnosed (:mod:`assistant.boundary`). What it refuses is an :class:`UnusableFile`
whose sentence names the file.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.boundary import confine
from assistant.errors import AssistantError, DataFileError, UnusableFile
from assistant.i18n import Message
from assistant.sizes import human_size

MIB = 1024 * 1024
# Size caps per kind of file: far above any real one, far below what hurts.
PREFS_LIMIT = 16 * MIB  # real prefs.js are well under 1 MB
INI_LIMIT = 4 * MIB
PLIST_LIMIT = 32 * MIB
TEXT_LIMIT = 1 * MIB  # os-release
TOML_LIMIT = 4 * MIB  # support matrix, organisation profile, --config, catalogs
REGISTRY_LIMIT = 512 * MIB  # a whole HKCU export of a long-used PC is ~100 MB
MANIFEST_LIMIT = 1024 * MIB  # ~200 bytes per file: five million files

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
# What open() with O_NOFOLLOW says of a link: ELOOP (Linux, macOS), EMLINK (FreeBSD).
_LINK_REFUSED = (errno.ELOOP, errno.EMLINK)
_CHUNK = 1 * MIB


def file_kind(mode: int) -> str:
    """What a non-regular entry is, in the words our sentences and manifests use."""
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


class NotRegularFile(UnusableFile):
    """A FIFO, device, socket or folder where a data file was expected."""

    def __init__(self, path: Path, mode: int) -> None:
        what = Message(f"hostile.file_kind.{file_kind(mode)}")
        super().__init__(
            errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
            path,
            Message("hostile.problem.not_regular_file", {"file": str(path), "what": what}),
        )
        self.mode = mode  # what is there instead (``stat.S_ISLNK``: a link not followed)


class FileTooBig(UnusableFile):
    """A data file bigger than any real one of its kind."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(
            errno.EFBIG,
            path,
            Message(
                "hostile.problem.file_too_big", {"file": str(path), "limit": human_size(limit)}
            ),
        )


def regular_file(path: Path, *, within: Sequence[Path] = (), follow_links: bool = True) -> Path:
    """``path`` checked to be a regular file (inside ``within``), resolved when confined.

    For readers that must open by name (SQLite). ``follow_links=False``: a link at
    ``path`` itself is refused (:class:`NotRegularFile`), never followed. Raises
    FileNotFoundError, PermissionError, :class:`UnusableFile`."""
    target = confine(path, within)
    if not follow_links:
        target = path  # the name itself, not what a link there points to
    mode = target.stat(follow_symlinks=follow_links).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, mode)
    return target


def open_regular(path: Path, *, within: Sequence[Path] = (), follow_links: bool = True) -> int:
    """A descriptor open for reading on the regular file ``path`` (the caller closes it).

    Never blocks (FIFO), never opens a device: the kind is checked before opening by name
    and again on the descriptor (the file could be swapped in between); without
    ``follow_links`` a link swapped in meanwhile is refused by the open itself."""
    target = regular_file(path, within=within, follow_links=follow_links)
    flags = _OPEN_FLAGS if follow_links else _OPEN_FLAGS | _O_NOFOLLOW
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if not follow_links and exc.errno in _LINK_REFUSED:  # pragma: no cover - a race
            raise NotRegularFile(path, stat.S_IFLNK) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_data_file(
    path: Path, limit: int, *, within: Sequence[Path] = (), follow_links: bool = True
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them; with
    ``follow_links=False`` a link at ``path`` is refused as not a regular file (our own
    files beside the user's, such as the fix's copies of prefs.js).

    Raises FileNotFoundError and PermissionError as they are (callers say what a missing
    or refused file means where they stand), :class:`UnusableFile` (outside the snapshot,
    not a regular file, too big) and other ``OSError``."""
    fd = open_regular(path, within=within, follow_links=follow_links)
    try:
        if os.fstat(fd).st_size > limit:
            raise FileTooBig(path, limit)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # it grew while we read
                raise FileTooBig(path, limit)
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_toml(
    path: Path, *, limit: int = TOML_LIMIT, within: Sequence[Path] = ()
) -> dict[str, Any]:
    try:
        data = read_data_file(path, limit, within=within)
    except FileNotFoundError:
        raise DataFileError("error.data_file_missing", file=str(path)) from None
    except UnusableFile as exc:
        raise DataFileError(exc.message.key, **exc.message.params) from None
    except OSError as exc:
        raise DataFileError(
            "error.data_file_unreadable", file=str(path), reason=exc.strerror or str(exc)
        ) from None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise DataFileError("error.data_file_encoding", file=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError("error.data_file_syntax", file=str(path), reason=str(exc)) from None
    except RecursionError:
        raise DataFileError("hostile.error.data_file_too_deep", file=str(path)) from None


def require(
    table: Mapping[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    *,
    file: Path,
    where: str = "",
) -> Any:
    """``table[key]`` checked for presence and type; else one sentence naming file and key."""
    full_key = f"{where}.{key}" if where else key
    if key not in table:
        raise DataFileError("error.data_file_key_missing", file=str(file), key=full_key)
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise DataFileError(
            "error.data_file_key_type", file=str(file), key=full_key, expected=_kind_name(kind)
        )
    return value


def optional(
    table: Mapping[str, Any],
    key: str,
    kind: type | tuple[type, ...],
    default: Any,
    *,
    file: Path,
    where: str = "",
) -> Any:
    if key not in table:
        return default
    return require(table, key, kind, file=file, where=where)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text", int: "integer", bool: "true/false", list: "list", dict: "table"}
    return " / ".join(names.get(k, k.__name__) for k in kinds)


def readable_folder(path: Path, error: type[AssistantError] = AssistantError) -> Path:
    """A folder given by the user (--root, --home, a backup to verify or restore), checked
    to be a folder we can list: a refused one would otherwise look empty ("nothing to do",
    "no manifest.json"). Else ``error`` saying it does not exist, is not a folder (a file,
    a FIFO) or cannot be read."""
    try:
        with os.scandir(path):
            return path
    except FileNotFoundError:
        raise error("error.not_a_folder", path=str(path)) from None
    except NotADirectoryError:
        raise error("hostile.error.not_a_folder", path=str(path)) from None
    except OSError as exc:
        raise error(
            "hostile.error.folder_unreadable", path=str(path), reason=exc.strerror or str(exc)
        ) from None
