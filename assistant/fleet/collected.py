"""Reading reports collected from many machines, one file at a time.

Each input is a report file or a folder searched for ``*.json`` (folders below it too,
each folder's names sorted so the output is stable). The summary's own file is never
one of the reports it reads: a report named as the output is refused before anything
is read or written (one file by any spelling, link or hard link), and an earlier
summary in a folder read is passed over. Each file is read once, however many names
reach it (a hard link beside the report, a folder named twice): one file, one machine.
A file is read only if it is a regular file (checked on the opened descriptor: a FIFO
never blocks the run) of at most :data:`MAX_REPORT_BYTES`; a file that is not our
report (broken JSON, another tool's JSON, another schema) becomes one
:class:`UnreadableReport`, never an exception.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.datafile import FileTooBig, NotRegularFile, read_data_file
from assistant.errors import UsageError
from assistant.i18n import Message

# A real report is a few KB; 4 MB leaves room for a machine with hundreds of accounts.
MAX_REPORT_BYTES = 4 * 1024 * 1024
SCHEMA = 1


@dataclass(frozen=True)
class AppSeen:
    app: str
    edition: str
    version: str
    verdict: str


@dataclass(frozen=True)
class BasicAuthAccount:
    app: str
    email: str
    protocol: str
    host: str


@dataclass
class CollectedReport:
    """What the fleet picture needs from one machine's report."""

    file: str
    machine: str
    status: str  # nothing_to_do, action_needed, incomplete
    generated_at: str
    apps: list[AppSeen] = field(default_factory=list)
    basic_auth: list[BasicAuthAccount] = field(default_factory=list)
    problems: int = 0


@dataclass
class UnreadableReport:
    file: str
    reason: Message


@dataclass(frozen=True)
class ReportFile:
    path: Path
    in_folder: bool  # found under a folder named, not named itself
    identity: tuple[int, int] | None = None  # (device, inode); None when it cannot be seen
    links: int = 1  # names the file has (st_nlink): more than one, another may be read too


def refuse_output_among_inputs(inputs: Iterable[Path], output: Path | None) -> None:
    """``summarize a.json --output a.json`` (or ``./a.json``, a link to it, a hard link)
    would read the report and then replace it with the summary: refused up front."""
    written = _identity(output)
    if written is None:  # not there yet (or not ours to see): nothing to overwrite
        return
    for path in inputs:
        if _identity(path) == written and not path.is_dir():
            raise UsageError("fleet.error.output_is_input", file=str(path))


def report_files(inputs: Iterable[Path], skip: Path | None = None) -> Iterator[ReportFile]:
    """The files named, and the ``*.json`` files under the folders named, in order, each
    file once (by device and inode: a hard link, or a folder named twice, is not a second
    machine); ``skip`` (the summary being written, when it is named ``*.json`` in such a
    folder) is not one of them. When the file ``skip`` names in a folder is a machine's
    report, not an earlier summary, the summary would replace it: that is refused."""
    inputs = list(inputs)
    skipped = _identity(skip)
    # Memory follows the files that can be met twice, not the fleet: a file with one name
    # under inputs that do not overlap is met once.
    overlapping = _overlapping(inputs)
    seen: set[tuple[int, int]] = set()
    for found in _named_files(inputs, skipped):
        if found.identity is not None and (overlapping or found.links > 1):
            if found.identity in seen:
                continue
            seen.add(found.identity)
        yield found


def _overlapping(inputs: Sequence[Path]) -> bool:
    """Whether two inputs can reach one file by its one name: the same one named twice,
    or one inside another (a folder and its subfolder, a file in a folder named)."""
    if len(inputs) < 2:
        return False
    try:
        resolved = sorted(path.resolve() for path in inputs)
    except (OSError, RuntimeError):  # a link loop: assume the worst
        return True
    # Sorted by their parts, a path is followed by the paths inside it.
    return any(b == a or a in b.parents for a, b in itertools.pairwise(resolved))


def _named_files(inputs: Iterable[Path], skipped: tuple[int, int] | None) -> Iterator[ReportFile]:
    for path in inputs:
        try:
            is_dir = path.is_dir()
        except OSError:  # a folder on the way we may not enter: read_report says so
            is_dir = False
        if is_dir:
            yield from _json_files(path, skipped)
        else:
            identity, links = _named_identity(path)
            yield ReportFile(path, in_folder=False, identity=identity, links=links)


def _identity(path: Path | None) -> tuple[int, int] | None:
    try:
        st = None if path is None else path.stat()
    except OSError:
        return None
    return None if st is None else (st.st_dev, st.st_ino)


def _named_identity(path: Path) -> tuple[tuple[int, int] | None, int]:
    """(device, inode) and number of names of a file named (what a link names); None
    when it cannot be seen (:func:`read_report` then says why)."""
    try:
        st = path.stat()
    except OSError:
        return None, 1
    return (st.st_dev, st.st_ino), st.st_nlink


def _json_files(folder: Path, skipped: tuple[int, int] | None) -> Iterator[ReportFile]:
    try:
        with os.scandir(folder) as entries:
            found = sorted(
                (e.name, e.is_dir(follow_symlinks=False), *_entry_identity(e)) for e in entries
            )
    except OSError:
        yield ReportFile(folder, in_folder=False)  # read_report makes it one line
        return
    for name, is_dir, identity, links in found:
        if is_dir:
            yield from _json_files(folder / name, skipped)
        elif not name.lower().endswith(".json"):
            continue
        elif identity is None or identity != skipped:
            yield ReportFile(folder / name, in_folder=True, identity=identity, links=links)
        elif isinstance(read_report(folder / name, follow_links=False), CollectedReport):
            raise UsageError("fleet.error.output_is_input", file=str(folder / name))


def _entry_identity(entry: os.DirEntry[str]) -> tuple[tuple[int, int] | None, int]:
    """(device, inode) and number of names of a folder entry (a link's own)."""
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None, 1
    return (st.st_dev, st.st_ino), st.st_nlink


def read_reports(
    inputs: Iterable[Path], skip: Path | None = None
) -> Iterator[CollectedReport | UnreadableReport]:
    for found in report_files(inputs, skip):
        yield read_report(found.path, follow_links=not found.in_folder)


def read_report(path: Path, follow_links: bool = True) -> CollectedReport | UnreadableReport:
    """One report file. Inside a collection folder (``follow_links=False``) a link is not
    followed: anyone who can drop a file on the share could point one at a root-only
    file elsewhere. (The data-file reader opens regular files only, never a device.)"""
    file = str(path)
    try:  # the one data-file reader: regular files only, capped, never blocks on a FIFO
        data = read_data_file(path, MAX_REPORT_BYTES, follow_links=follow_links)
    except NotRegularFile as exc:
        if stat.S_ISLNK(exc.mode):
            return UnreadableReport(file, Message("redteam.fleet.link"))
        return UnreadableReport(file, Message("fleet.unreadable.not_a_file"))
    except FileTooBig:
        return UnreadableReport(
            file, Message("fleet.unreadable.too_big", {"limit": MAX_REPORT_BYTES})
        )
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return UnreadableReport(file, Message("fleet.unreadable.os", {"reason": reason}))
    try:
        parsed = json.loads(data)
    except UnicodeDecodeError:
        return UnreadableReport(file, Message("fleet.unreadable.not_utf8"))
    except (ValueError, RecursionError):  # ValueError: also a number of 5,000 digits
        return UnreadableReport(file, Message("fleet.unreadable.not_json"))
    return from_json(file, parsed)


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        raise _Foreign(key)
    return [item for item in value if isinstance(item, dict)]


class _Foreign(Exception):
    pass


def from_json(file: str, data: object) -> CollectedReport | UnreadableReport:
    """One parsed report; anything that is not a schema-1 report is unreadable."""
    if not isinstance(data, dict) or "schema" not in data or "apps" not in data:
        return UnreadableReport(file, Message("fleet.unreadable.foreign"))
    if data["schema"] != SCHEMA:
        return UnreadableReport(
            file, Message("fleet.unreadable.schema", {"schema": str(data["schema"])[:20]})
        )
    try:
        apps = _list(data, "apps")
        accounts = _list(data, "accounts")
        problems = data.get("problems", [])
    except _Foreign:
        return UnreadableReport(file, Message("fleet.unreadable.foreign"))
    machine = _text(data.get("machine")) or Path(file).stem
    return CollectedReport(
        file=file,
        machine=machine,
        status=_status(data, problems),
        generated_at=_text(data.get("generated_at")),
        apps=[
            AppSeen(
                _text(a.get("id"), "?"),
                _text(a.get("edition")),
                _text(a.get("version"), "?"),
                _text(a.get("verdict"), "?"),
            )
            for a in apps
        ],
        basic_auth=[
            BasicAuthAccount(
                _text(a.get("app"), "?"),
                _text(a.get("email"), "?"),
                _text(a.get("protocol"), "?"),
                _text(a.get("host"), "?"),
            )
            for a in accounts
            if a.get("status") == "needs_migration"
        ],
        problems=len(problems) if isinstance(problems, list) else 0,
    )


def _status(data: dict[str, Any], problems: object) -> str:
    """The report's outcome; reports written before ``outcome`` existed are judged by
    their problems and ``action_needed``, as :mod:`assistant.outcome` would."""
    outcome = data.get("outcome")
    if isinstance(outcome, dict) and outcome.get("status") in (
        "nothing_to_do",
        "action_needed",
        "incomplete",
    ):
        return str(outcome["status"])
    if isinstance(problems, list) and problems:
        return "incomplete"
    return "action_needed" if data.get("action_needed") is True else "nothing_to_do"
