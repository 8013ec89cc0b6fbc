"""``manifest.json``: what a backup holds, so it can be verified and restored later.

Paths inside the backup are relative POSIX paths that start with the name of the
source's folder in the backup (``Profiles-abc.default/prefs.js``, ``Outlook.pst``).

Names are written escaped (``"names": "escaped"``): in every path and source name,
``%`` is written ``%25``, ``\\`` is written ``%5C`` and ``:`` is written ``%3A``; nothing
else changes. So a Linux or macOS file name holding a backslash or a colon (both legal
there) is recorded losslessly and never reads as a Windows separator or drive. A manifest
without that field (written before it existed) holds its names as they are. Read back,
a name may not be empty, ``.`` or ``..``; on Windows it may not hold ``\\`` or ``:``
either (such a file cannot exist there).

The file is one JSON object (schema 1, documented in ``docs/manifest.md``). A backup job
writes it as it goes (``manifest_writer``), one line per file between a first and a last
line, so that neither the job nor a reader holds 500,000 entries in memory; the first
manifests were the same object on one line. ``open_manifest`` reads both: the head and
the last line at once, the files streamed one by one on each ``files()``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, NamedTuple

from assistant import __version__
from assistant.datafile import MANIFEST_LIMIT, open_regular, read_data_file, readable_folder
from assistant.errors import AssistantError, UnusableFile

MANIFEST_NAME = "manifest.json"
SCHEMA = 1
NAMES_ESCAPED = "escaped"
_ESCAPED = re.compile(r"%(25|5C|3A)|%")
_UNESCAPED = {"25": "%", "5C": "\\", "3A": ":"}
# The first line of a manifest written file by file ends with this: the files follow.
FILES_OPENING = b'"files":['
_SHA256 = re.compile(r"[0-9a-f]{64}")
LINE_LIMIT = 4 * 1024 * 1024  # the head or one file's line (a real one is under 100 KB)
NameReader = Callable[[str], str]  # a recorded name -> the name (unescaped or as it is)


class ManifestFile(NamedTuple):  # a tuple: read 500,000 times from a large manifest
    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class ManifestLink:
    """A symbolic link found in a source: recorded, never followed."""

    path: str
    target: str


@dataclass(frozen=True)
class SkippedEntry:
    path: str
    reason: str  # lock_file, socket, fifo, device, other


@dataclass(frozen=True)
class ManifestSource:
    """One thing that was backed up: a folder (a profile) or a single file (a PST)."""

    name: str  # its name inside the backup folder
    origin: str  # where it was read from on this machine (restore puts it back there)
    is_folder: bool
    app: str | None = None
    kind: str | None = None  # pst, thunderbird_profile, apple_mail, outlook_mac_profile
    link: str | None = None  # the origin was a symbolic link to this; its contents were read


@dataclass
class Manifest:
    """Everything a manifest says. ``files`` is filled by ``load_manifest``; a job's result
    and ``open_manifest`` leave it empty (the files stay on the disk, streamed)."""

    created_at: str
    sources: list[ManifestSource]
    files: list[ManifestFile] = field(default_factory=list)
    links: list[ManifestLink] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    # Files that kept changing while they were copied: the copy is the last state read.
    changed_during_copy: list[str] = field(default_factory=list)
    tool_version: str = __version__
    schema: int = SCHEMA

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def write(self, folder: Path) -> Path:
        """Write this manifest, files included, into ``folder`` (flushed to disk)."""
        from assistant.backup.manifest_writer import ManifestWriter

        writer = ManifestWriter(folder, self)
        try:
            for f in self.files:
                writer.add(f.path, f.size, f.mtime_ns, f.sha256)
            return writer.seal(self.links, self.skipped, self.changed_during_copy, flush=True)
        finally:
            writer.close()


class StoredManifest:
    """A backup's manifest on the disk: its head in memory, its files read on demand.

    Every ``files()`` reads the file again and checks each entry with the same rules;
    a damaged entry raises the same one-sentence error as a damaged head."""

    def __init__(
        self,
        path: Path,
        head: Manifest,
        file_count: int,
        total_bytes: int,
        in_memory: list[ManifestFile] | None,
        name_of: NameReader = str,
    ) -> None:
        self.path = path
        self.head = head
        self.file_count = file_count
        self.total_bytes = total_bytes
        self._in_memory = in_memory  # a one-line (first-format) manifest, parsed whole
        self._name_of = name_of

    def files(self) -> Generator[ManifestFile]:
        if self._in_memory is not None:
            yield from self._in_memory
            return
        try:
            with os.fdopen(open_regular(self.path), "rb") as f:
                _line(f)  # the head, read by open_manifest
                yield from _file_lines(f, self.file_count, self.total_bytes, self._name_of)
        except UnusableFile as exc:
            raise AssistantError(exc.message.key, **exc.message.params) from None
        except RecursionError:
            raise AssistantError("hostile.error.data_file_too_deep", file=str(self.path)) from None
        except (OSError, KeyError, TypeError, ValueError) as exc:
            raise _bad(self.path, exc) from exc

    def check(self) -> None:
        """Read every entry once: raises before anything is done with a damaged manifest."""
        for _ in self.files():
            pass


def open_manifest(backup_dir: Path) -> StoredManifest:
    """A backup's manifest, either layout; a missing or damaged one is one clear error.

    Read like every data file (``datafile``): a regular file only, never a FIFO or a
    device; the one-line layout whole, at most ``MANIFEST_LIMIT`` bytes; the streamed
    one line by line, no line longer than ``LINE_LIMIT``."""
    path = backup_dir / MANIFEST_NAME
    readable_folder(backup_dir)
    try:
        with os.fdopen(open_regular(path), "rb") as f:
            first = _line(f)
            if first.rstrip(b"\r\n").endswith(FILES_OPENING):
                return _open_streamed(path, f, first)
        raw = json.loads(read_data_file(path, MANIFEST_LIMIT))
        manifest = _parse(raw)
    except FileNotFoundError:
        raise AssistantError("mailbackup.error.not_a_backup", folder=str(backup_dir)) from None
    except UnusableFile as exc:
        raise AssistantError(exc.message.key, **exc.message.params) from None
    except RecursionError:
        raise AssistantError("hostile.error.data_file_too_deep", file=str(path)) from None
    except (OSError, KeyError, TypeError, ValueError) as exc:
        raise _bad(path, exc) from exc
    files, manifest.files = manifest.files, []
    total = sum(f.size for f in files)
    if (raw.get("file_count", len(files)), raw.get("total_bytes", total)) != (len(files), total):
        raise _bad(path, ValueError("file_count or total_bytes does not match the files"))
    return StoredManifest(path, manifest, len(files), total, files)


def _line(f: IO[bytes]) -> bytes:
    """One line of a streamed manifest, refused when longer than any real one."""
    line = f.readline(LINE_LIMIT)
    if len(line) == LINE_LIMIT and not line.endswith(b"\n"):
        raise ValueError(f"a line longer than {LINE_LIMIT} bytes")
    return line


def load_manifest(backup_dir: Path) -> Manifest:
    """A backup's whole manifest in memory, files included (for small backups and tests)."""
    stored = open_manifest(backup_dir)
    head = stored.head
    return Manifest(
        created_at=head.created_at,
        sources=head.sources,
        files=list(stored.files()),
        links=head.links,
        skipped=head.skipped,
        changed_during_copy=head.changed_during_copy,
        tool_version=head.tool_version,
        schema=head.schema,
    )


def _bad(path: Path, exc: BaseException) -> AssistantError:
    reason = (
        str(exc) if isinstance(exc, OSError | AssistantError) else f"{type(exc).__name__}: {exc}"
    )
    return AssistantError("mailbackup.error.manifest_bad", file=str(path), reason=reason)


def _open_streamed(path: Path, f: IO[bytes], first: bytes) -> StoredManifest:
    """The layout written file by file: the head line, then the last line (found from the
    end of the file); the files in between are read by ``files()``."""
    head_text = first.rstrip(b"\r\n")[: -len(FILES_OPENING)].rstrip()
    if not head_text.endswith(b","):
        raise ValueError("line 1: the head does not end with a comma before the files")
    head = json.loads(head_text[:-1] + b"}")
    last = _last_line(f)
    if not last.startswith(b"],"):
        raise ValueError("the last line does not close the list of files (cut short?)")
    tail = json.loads(b"{" + last[2:])
    manifest = _parse({**head, **tail, "files": []})
    return StoredManifest(
        path,
        manifest,
        _count(tail, "file_count"),
        _count(tail, "total_bytes"),
        None,
        _name_reader(head),
    )


def _count(tail: dict[str, Any], key: str) -> int:
    value = tail[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{key} is not a count: {value!r}")
    return value


def _last_line(f: IO[bytes]) -> bytes:
    """The file's last non-empty line, read backwards from its end in blocks."""
    end = f.seek(0, 2)
    block = 64 * 1024
    tail = b""
    position = end
    while position > 0:
        step = min(block, position)
        position -= step
        f.seek(position)
        tail = f.read(step) + tail
        if len(tail) > MANIFEST_LIMIT:
            raise ValueError(f"a last line longer than {MANIFEST_LIMIT} bytes")
        stripped = tail.rstrip()
        cut = stripped.rfind(b"\n")
        if cut >= 0:
            return stripped[cut + 1 :]
    return tail.strip()


_BLOCK = 512  # file lines parsed with one json.loads call


def _file_lines(
    f: IO[bytes], expected_count: int, expected_bytes: int, name_of: NameReader
) -> Iterator[ManifestFile]:
    """The file entries between the head and the last line: ``{...}``, then ``,{...}``.

    Lines are parsed a block at a time (one ``json.loads`` of ``[`` + lines + ``]``: the
    leading commas are the list's); a block that does not parse is parsed line by line
    to name the damaged line."""
    count = 0
    total = 0
    number = 1  # the line number of the last line read
    block: list[bytes] = []
    closed = False
    for line in iter(lambda: _line(f), b""):
        if line.startswith(b"],"):
            closed = True
            break
        block.append(line)
        if len(block) == _BLOCK:
            for entry in _parse_block(block, number, count, name_of):
                count += 1
                total += entry.size
                yield entry
            number += len(block)
            block = []
    for entry in _parse_block(block, number, count, name_of):
        count += 1
        total += entry.size
        yield entry
    if not closed:
        raise ValueError("the list of files is not closed (the manifest was cut short)")
    if count != expected_count or total != expected_bytes:
        raise ValueError(
            f"{count} files of {total} bytes listed, the last line says "
            f"{expected_count} files of {expected_bytes} bytes"
        )


def _parse_block(
    block: list[bytes], number: int, count: int, name_of: NameReader
) -> list[ManifestFile]:
    """``block``: the lines after line ``number``, after ``count`` entries."""
    if not block:
        return []
    joined = b"".join(block)
    if count:
        if not joined.startswith(b","):
            raise ValueError(f"line {number + 1}: no comma before the entry")
        joined = joined[1:]
    try:
        raw = json.loads(b"[" + joined + b"]")
        if len(raw) != len(block):
            raise ValueError("not one entry per line")
        return [_file_entry(item, name_of) for item in raw]
    except (KeyError, TypeError, ValueError):
        pass  # find the line, below
    for offset, line in enumerate(block):
        text = line.rstrip(b"\r\n")
        if count or offset:
            if not text.startswith(b","):
                raise ValueError(f"line {number + offset + 1}: no comma before the entry")
            text = text[1:]
        try:
            _file_entry(json.loads(text), name_of)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"line {number + offset + 1}: {type(exc).__name__}: {exc}") from exc
    raise ValueError(f"lines {number + 1}-{number + len(block)}: not one entry per line")


def _file_entry(f: Any, name_of: NameReader) -> ManifestFile:
    if not isinstance(f, dict):
        raise TypeError("a file entry is not an object")
    return ManifestFile(
        path=_valid_relative(name_of(str(f["path"]))),
        size=_size(f["size"]),
        mtime_ns=int(f["mtime_ns"]),
        sha256=_hex(str(f["sha256"])),
    )


def _size(value: Any) -> int:
    size = int(value)
    if size < 0:
        raise ValueError(f"size {size} is negative")
    return size


def escape_name(name: str) -> str:
    """A path or name as the manifest records it (see the module's docstring)."""
    return name.replace("%", "%25").replace("\\", "%5C").replace(":", "%3A")


def unescape_name(recorded: str) -> str:
    """``escape_name`` undone; a ``%`` that is not one of its three escapes is an error."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) is None:
            raise ValueError(f"{recorded!r} holds a % that is not an escape")
        return _UNESCAPED[match.group(1)]

    return _ESCAPED.sub(one, recorded) if "%" in recorded else recorded


def _name_reader(raw: dict[str, Any]) -> NameReader:
    names = raw.get("names")
    if names not in (None, NAMES_ESCAPED):
        raise ValueError(f"unknown names {names!r}")
    return unescape_name if names == NAMES_ESCAPED else str


def _parse(raw: Any) -> Manifest:
    if not isinstance(raw, dict):
        raise TypeError("the top level is not an object")
    if raw.get("schema") != SCHEMA:
        raise ValueError(f"unknown schema {raw.get('schema')!r}")
    name_of = _name_reader(raw)

    def _relative(recorded: object) -> str:
        return _valid_relative(name_of(str(recorded)))

    def _single_name(recorded: object) -> str:
        return _valid_single_name(name_of(str(recorded)))

    files = [_file_entry(f, name_of) for f in raw["files"]]
    sources = [
        ManifestSource(
            name=_single_name(s["name"]),
            origin=str(s["origin"]),
            is_folder=bool(s["is_folder"]),
            app=None if s.get("app") is None else str(s["app"]),
            kind=None if s.get("kind") is None else str(s["kind"]),
            link=None if s.get("link") is None else str(s["link"]),
        )
        for s in raw["sources"]
    ]
    return Manifest(
        created_at=str(raw["created_at"]),
        sources=sources,
        files=files,
        links=[ManifestLink(_relative(x["path"]), str(x["target"])) for x in raw["links"]],
        skipped=[SkippedEntry(name_of(str(x["path"])), str(x["reason"])) for x in raw["skipped"]],
        changed_during_copy=[name_of(str(x)) for x in raw.get("changed_during_copy", [])],
        tool_version=str(raw["tool_version"]),
    )


def _valid_relative(path: str) -> str:
    """A manifest path must stay inside the backup: no absolute paths, no ``..``, and on
    Windows no name holding a separator or a drive (``\\``, ``:``).

    Checked on the whole string (it is read 500,000 times from a large manifest): between
    slashes added at both ends, an empty, ``.`` or ``..`` name shows as ``//``, ``/./`` or
    ``/../``."""
    wrapped = f"/{path}/"
    if "//" in wrapped or "/./" in wrapped or "/../" in wrapped or "\x00" in path:
        raise ValueError(f"path {path!r} leaves the backup folder")
    if sys.platform == "win32" and ("\\" in path or ":" in path):
        raise ValueError(f"path {path!r} leaves the backup folder")
    return path


def _valid_single_name(name: str) -> str:
    """A source's name in the backup is one folder or file name."""
    if "/" in _valid_relative(name):
        raise ValueError(f"source name {name!r} is not a single name")
    return name


def _hex(digest: str) -> str:
    if not _SHA256.fullmatch(digest):
        raise ValueError(f"{digest!r} is not a SHA-256 digest")
    return digest
