"""The copies of ``prefs.js`` the fix keeps beside it, and the record that names them.

Each fix copies ``prefs.js`` to ``prefs.js.before-oauth2-<time>`` (owner, group, mode and
times kept) and appends the copy's name to ``prefs.js.oauth2-copies.json`` in the same
folder. ``--undo`` takes the copy the record names last: file times cannot tell (a copy
keeps the original's modification time, and anyone can touch a file). Copies made before
the record existed are ordered by the time in their names.

The record, one small JSON object::

    {"tool": "mail-migration-assistant", "schema": 1,
     "copies": ["prefs.js.before-oauth2-20261202-061500", ...]}   (oldest first)
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from assistant.datafile import PREFS_LIMIT, NotRegularFile, read_data_file
from assistant.errors import AssistantError, UnusableFile
from assistant.user_file import copy_user_file, replace_user_file

BACKUP_PREFIX = "prefs.js.before-oauth2-"
UNDO_PREFIX = "prefs.js.before-undo-"
RECORD_NAME = "prefs.js.oauth2-copies.json"
RECORD_LIMIT = 1024 * 1024  # a record of thousands of fixes is still far below this
_STAMPED = re.compile(r"([0-9]{8}-[0-9]{6})(?:-([0-9]+))?")


def backup_copy(prefs: Path, now: datetime, prefix: str = BACKUP_PREFIX) -> Path:
    """A copy of ``prefs`` beside it, named with the time, never overwriting one (its
    bytes, times, owner, group and mode; flushed through the handle that wrote it)."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    number = 1
    while True:
        copy = prefs.with_name(f"{prefix}{stamp}" + ("" if number == 1 else f"-{number}"))
        try:
            copy_user_file(prefs, copy)
            return copy
        except FileExistsError:
            number += 1


def refuse_record_link(folder: Path) -> Path:
    """The record's path in ``folder``; refused when it is a link. The record is our own
    file, never written through a link: one to ``~/.bashrc`` would be replaced by JSON (the
    link and its target are the user's, so the safe writer would follow it)."""
    record = folder / RECORD_NAME
    if record.is_symlink():
        raise AssistantError("redteam.fix.record_link", file=str(record))
    return record


def record_copy(copy: Path) -> None:
    """Add ``copy`` as the newest entry of its folder's record."""
    record = refuse_record_link(copy.parent)
    names = _recorded_names(copy.parent) or []
    names.append(copy.name)
    data = {"tool": "mail-migration-assistant", "schema": 1, "copies": names}
    text = json.dumps(data, ensure_ascii=True, indent=1) + "\n"
    replace_user_file(record, text.encode("ascii"), new_mode=0o600)


def _recorded_names(folder: Path) -> list[str] | None:
    """The copies the record names, oldest first; None when there is no usable record.

    Only names the fix itself gives (``prefs.js.before-oauth2-<date>-<time>[-<n>]``) count:
    a name with a NUL, a separator or ``..`` names nothing in the profile folder. A record
    that names none of ours is not ours (the folder's copies are then found by name)."""
    path = folder / RECORD_NAME
    try:  # the one reader: a FIFO put there cannot hang the undo
        raw = json.loads(read_data_file(path, RECORD_LIMIT))
    except (OSError, ValueError, RecursionError):
        return None
    copies = raw.get("copies") if isinstance(raw, dict) else None
    if not isinstance(copies, list):
        return None
    names = [name for name in copies if isinstance(name, str) and is_copy_name(name)]
    return names if names or not copies else None


def is_copy_name(name: str) -> bool:
    """A name :func:`backup_copy` gives (and nothing else: no NUL, separator or ``..``)."""
    stamp = name[len(BACKUP_PREFIX) :]
    return name.startswith(BACKUP_PREFIX) and _STAMPED.fullmatch(stamp) is not None


def _legacy_order(name: str) -> tuple[str, int]:
    match = _STAMPED.fullmatch(name[len(BACKUP_PREFIX) :])
    if match is None:
        return ("", 0)
    return (match.group(1), int(match.group(2) or 1))


def copies_in(folder: Path) -> list[Path]:
    """The fix's copies of ``prefs.js`` in a profile folder, oldest first (by the record)."""
    recorded = _recorded_names(folder)
    if recorded is not None:
        return [folder / name for name in recorded]
    try:
        found = [p.name for p in folder.iterdir() if p.name.startswith(BACKUP_PREFIX)]
    except OSError:
        return []
    return [folder / name for name in sorted(found, key=lambda n: (_legacy_order(n), n))]


def read_copy(copy: Path) -> bytes:
    """The bytes of a copy to go back to; one sentence when it is gone, not a plain file
    (a folder, a FIFO, a link: refused, never followed), too big or unreadable."""
    try:
        return read_data_file(copy, PREFS_LIMIT, follow_links=False)
    except FileNotFoundError:
        raise AssistantError("fix.thunderbird.copy_missing", file=str(copy)) from None
    except NotRegularFile:
        raise AssistantError("fix.thunderbird.copy_not_file", file=str(copy)) from None
    except UnusableFile as exc:
        raise AssistantError(exc.message.key, **exc.message.params) from None
    except OSError as exc:
        raise AssistantError(
            "fix.thunderbird.copy_unreadable", file=str(copy), reason=exc.strerror or str(exc)
        ) from None
