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
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant import __version__
from assistant.datafile import MANIFEST_LIMIT, read_data_file
from assistant.errors import AssistantError, UnusableFile
from assistant.flush import flush_open_file

MANIFEST_NAME = "manifest.json"
SCHEMA = 1
NAMES_ESCAPED = "escaped"
_ESCAPED = re.compile(r"%(25|5C|3A)|%")
_UNESCAPED = {"25": "%", "5C": "\\", "3A": ":"}


@dataclass(frozen=True)
class ManifestFile:
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

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "tool": "mail-migration-assistant",
            "tool_version": self.tool_version,
            "created_at": self.created_at,
            "names": NAMES_ESCAPED,
            "sources": [{**asdict(s), "name": escape_name(s.name)} for s in self.sources],
            "files": [
                {
                    "path": escape_name(f.path),
                    "size": f.size,
                    "mtime_ns": f.mtime_ns,
                    "sha256": f.sha256,
                }
                for f in self.files
            ],
            "links": [
                {"path": escape_name(link.path), "target": link.target} for link in self.links
            ],
            "skipped": [{"path": escape_name(s.path), "reason": s.reason} for s in self.skipped],
            "changed_during_copy": [escape_name(p) for p in self.changed_during_copy],
        }

    def write(self, folder: Path) -> Path:
        """Write ``manifest.json`` into ``folder`` (durably: flushed to disk)."""
        path = folder / MANIFEST_NAME
        # One line, no indent: the C encoder is fast on 100,000 files; ASCII keeps any
        # undecodable file name (a lone surrogate) representable.
        data = json.dumps(self.to_json(), ensure_ascii=True, separators=(",", ":")).encode("ascii")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            flush_open_file(f.fileno())
        return path


def load_manifest(backup_dir: Path) -> Manifest:
    """Read a backup's manifest; a missing or damaged one is one clear error naming it."""
    path = backup_dir / MANIFEST_NAME
    if not backup_dir.is_dir():
        raise AssistantError("mailbackup.error.not_a_backup", folder=str(backup_dir))
    try:
        raw = json.loads(read_data_file(path, MANIFEST_LIMIT))
    except FileNotFoundError:
        raise AssistantError("mailbackup.error.not_a_backup", folder=str(backup_dir)) from None
    except UnusableFile as exc:
        raise AssistantError(exc.message.key, **exc.message.params) from None
    except RecursionError:
        raise AssistantError("hostile.error.data_file_too_deep", file=str(path)) from None
    except (OSError, ValueError) as exc:
        raise AssistantError(
            "mailbackup.error.manifest_bad", file=str(path), reason=str(exc)
        ) from exc
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise AssistantError(
            "mailbackup.error.manifest_bad", file=str(path), reason=reason
        ) from exc


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


def _parse(raw: Any) -> Manifest:
    if not isinstance(raw, dict):
        raise TypeError("the top level is not an object")
    if raw.get("schema") != SCHEMA:
        raise ValueError(f"unknown schema {raw.get('schema')!r}")
    names = raw.get("names")
    if names not in (None, NAMES_ESCAPED):
        raise ValueError(f"unknown names {names!r}")
    name_of = unescape_name if names == NAMES_ESCAPED else str

    def _relative(recorded: object) -> str:
        return _valid_relative(name_of(str(recorded)))

    def _single_name(recorded: object) -> str:
        return _valid_single_name(name_of(str(recorded)))

    files = [
        ManifestFile(
            path=_relative(f["path"]),
            size=int(f["size"]),
            mtime_ns=int(f["mtime_ns"]),
            sha256=_hex(str(f["sha256"])),
        )
        for f in raw["files"]
    ]
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
    Windows no name holding a separator or a drive (``\\``, ``:``)."""
    parts = path.split("/")
    for part in parts:
        if part in ("", ".", "..") or "\x00" in part:
            raise ValueError(f"path {path!r} leaves the backup folder")
        if sys.platform == "win32" and ("\\" in part or ":" in part):
            raise ValueError(f"path {path!r} leaves the backup folder")
    return path


def _valid_single_name(name: str) -> str:
    """A source's name in the backup is one folder or file name."""
    if "/" in _valid_relative(name):
        raise ValueError(f"source name {name!r} is not a single name")
    return name


def _hex(digest: str) -> str:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"{digest!r} is not a SHA-256 digest")
    return digest
