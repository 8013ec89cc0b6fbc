"""Writing ``manifest.json`` as a backup goes: one line per file, nothing held in memory.

The file is the same JSON object a reader of the first format expects (``json.loads`` of
the whole file works), laid out so that it can be written and read line by line::

    {"schema":1,...,"sources":[...],"files":[
    {"path":"Mail/a.eml","size":1234,"mtime_ns":...,"sha256":"..."}
    ,{"path":"Mail/b.eml",...}
    ],"links":[...],"skipped":[...],"changed_during_copy":[...],"file_count":2,"total_bytes":...}

The last line carries what is known only at the end, and the counts a reader checks the
lines against (a manifest cut short is damaged, not smaller).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii
from pathlib import Path

from assistant.backup import manifest as recorded
from assistant.backup.copy_errors import write_error
from assistant.backup.manifest import (
    FILES_OPENING,
    MANIFEST_NAME,
    NAMES_ESCAPED,
    Manifest,
    ManifestLink,
    SkippedEntry,
)
from assistant.flush import flush_open_file

_O_BINARY = getattr(os, "O_BINARY", 0)
_BUFFER = 1024 * 1024  # lines go to the disk in blocks of this size


# The JSON string of a file name, in ASCII: what json.dumps does, without its set-up per call.
_json_string = encode_basestring_ascii


def _dumps(value: object) -> str:
    # ASCII keeps any undecodable file name (a lone surrogate) representable.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def _escaped(name: str) -> str:
    return recorded.escape_name(name)  # looked up on each call (tests break it on purpose)


class EntriesDigest:
    """A running digest of file entries, so that what was written and what is read back
    can be compared without keeping either. (Python's tuple hash: it is there to catch a
    writer and a reader that disagree, not an attacker; the manifest itself carries the
    SHA-256 of every file.)"""

    def __init__(self) -> None:
        self._value = 0

    def add(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        self._value = hash((self._value, path, size, mtime_ns, sha256))

    def hexdigest(self) -> str:
        return f"{self._value & 0xFFFFFFFFFFFFFFFF:016x}"


class ManifestWriter:
    """Creates ``manifest.json`` in ``folder`` (it must not exist) and writes its head."""

    def __init__(self, folder: Path, head: Manifest) -> None:
        self.path = folder / MANIFEST_NAME
        self.file_count = 0
        self.total_bytes = 0
        self.entries = EntriesDigest()  # of what was written, for the read-back
        start = {
            "schema": head.schema,
            "tool": "mail-migration-assistant",
            "tool_version": head.tool_version,
            "created_at": head.created_at,
            "names": NAMES_ESCAPED,
            "sources": [{**vars(s), "name": _escaped(s.name)} for s in head.sources],
        }
        opening = _dumps(start)[:-1] + "," + FILES_OPENING.decode("ascii") + "\n"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
        try:
            fd = os.open(self.path, flags, 0o600)
        except OSError as exc:
            raise write_error(exc, str(self.path)) from exc
        self._file = open(fd, "w", encoding="ascii", newline="\n", buffering=_BUFFER)  # noqa: PTH123, SIM115
        self._write(opening)

    def add(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        """One copied file (its digest read back from the backup)."""
        comma = "," if self.file_count else ""
        self._write(
            f'{comma}{{"path":{_json_string(_escaped(path))},"size":{size},'
            f'"mtime_ns":{mtime_ns},"sha256":"{sha256}"}}\n'
        )
        self.entries.add(path, size, mtime_ns, sha256)
        self.file_count += 1
        self.total_bytes += size

    def seal(
        self,
        links: Sequence[ManifestLink],
        skipped: Sequence[SkippedEntry],
        changed_during_copy: Sequence[str],
        *,
        flush: bool = False,
    ) -> Path:
        """The last line, then the file closed; a failure here fails the job. ``flush``:
        on the disk too before this returns. A backup job leaves that to its flush of the
        whole folder before the folder's rename when it is durable (``flush_to_disk``), so
        each file is flushed once; one that is not durable flushes nothing."""
        end = {
            "links": [{"path": _escaped(link.path), "target": link.target} for link in links],
            "skipped": [{"path": _escaped(s.path), "reason": s.reason} for s in skipped],
            "changed_during_copy": [_escaped(p) for p in changed_during_copy],
            "file_count": self.file_count,
            "total_bytes": self.total_bytes,
        }
        self._write("]," + _dumps(end)[1:] + "\n")
        try:
            self._file.flush()
            if flush:
                flush_open_file(self._file.fileno())
            self._file.close()
        except OSError as exc:
            raise write_error(exc, str(self.path)) from exc
        return self.path

    def close(self) -> None:
        """Close without sealing (a failed or cancelled job; its folder is removed)."""
        if not self._file.closed:
            # The job already failed; its .partial folder goes with this file.
            with contextlib.suppress(OSError):
                self._file.close()

    def _write(self, text: str) -> None:
        try:
            self._file.write(text)
        except OSError as exc:
            raise write_error(exc, str(self.path)) from exc
