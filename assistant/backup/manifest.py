"""``manifest.json``: what a backup holds, so it can be verified and restored later.

Paths inside the backup are relative POSIX paths that start with the name of the
source's folder in the backup (``Profiles-abc.default/prefs.js``, ``Outlook.pst``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant import __version__
from assistant.errors import AssistantError
from assistant.flush import flush_open_file

MANIFEST_NAME = "manifest.json"
SCHEMA = 1


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
            "sources": [asdict(s) for s in self.sources],
            "files": [
                {"path": f.path, "size": f.size, "mtime_ns": f.mtime_ns, "sha256": f.sha256}
                for f in self.files
            ],
            "links": [{"path": link.path, "target": link.target} for link in self.links],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "changed_during_copy": list(self.changed_during_copy),
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
        raw = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise AssistantError("mailbackup.error.not_a_backup", folder=str(backup_dir)) from None
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


def _parse(raw: Any) -> Manifest:
    if not isinstance(raw, dict):
        raise TypeError("the top level is not an object")
    if raw.get("schema") != SCHEMA:
        raise ValueError(f"unknown schema {raw.get('schema')!r}")
    files = [
        ManifestFile(
            path=_relative(str(f["path"])),
            size=int(f["size"]),
            mtime_ns=int(f["mtime_ns"]),
            sha256=_hex(str(f["sha256"])),
        )
        for f in raw["files"]
    ]
    sources = [
        ManifestSource(
            name=_single_name(str(s["name"])),
            origin=str(s["origin"]),
            is_folder=bool(s["is_folder"]),
            app=None if s.get("app") is None else str(s["app"]),
            kind=None if s.get("kind") is None else str(s["kind"]),
        )
        for s in raw["sources"]
    ]
    return Manifest(
        created_at=str(raw["created_at"]),
        sources=sources,
        files=files,
        links=[ManifestLink(_relative(str(x["path"])), str(x["target"])) for x in raw["links"]],
        skipped=[SkippedEntry(str(x["path"]), str(x["reason"])) for x in raw["skipped"]],
        changed_during_copy=[str(x) for x in raw.get("changed_during_copy", [])],
        tool_version=str(raw["tool_version"]),
    )


def _relative(path: str) -> str:
    """A manifest path must stay inside the backup: no absolute paths, no ``..``."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or ".." in parts or "" in parts:
        raise ValueError(f"path {path!r} leaves the backup folder")
    if ":" in parts[0]:
        raise ValueError(f"path {path!r} leaves the backup folder")
    return path


def _single_name(name: str) -> str:
    """A source's name in the backup is one folder or file name."""
    if "/" in _relative(name):
        raise ValueError(f"source name {name!r} is not a single name")
    return name


def _hex(digest: str) -> str:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"{digest!r} is not a SHA-256 digest")
    return digest
