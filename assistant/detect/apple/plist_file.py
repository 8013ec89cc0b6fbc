"""Reading property lists (Info.plist, SystemVersion.plist, Mail's Accounts.plist).

Apple writes them as XML or as binary ("bplist00"); :mod:`plistlib` reads both. A
file that is there but cannot be used becomes a :class:`PlistProblem` carrying one
sentence that names the file; absence and refusal stay ``FileNotFoundError`` and
``PermissionError`` so each caller can say what they mean where it stands (a missing
Info.plist is a broken app; a refused read under ``~/Library`` is macOS privacy).
"""

from __future__ import annotations

import plistlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.datafile import PLIST_LIMIT, read_data_file
from assistant.detect.facts import unreadable_message
from assistant.i18n import Message


class PlistProblem(Exception):
    """A property list that exists but cannot be used; ``message`` names the file."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.key)
        self.message = message


def parse_plist(data: bytes, source: Path) -> dict[str, Any]:
    """The top-level dictionary of a property list in XML or binary form."""
    try:
        value = plistlib.loads(data)
    except Exception as exc:  # plistlib raises many types (expat, struct, ValueError...)
        raise PlistProblem(Message("macos.problem.plist_malformed", {"file": str(source)})) from exc
    if not isinstance(value, dict):
        raise PlistProblem(Message("macos.problem.plist_not_dict", {"file": str(source)}))
    return value


def load_plist(path: Path, *, within: Sequence[Path] = ()) -> dict[str, Any]:
    """Read ``path`` (inside ``within``, by the one data-file reader).

    Raises FileNotFoundError, PermissionError or :class:`PlistProblem`."""
    try:
        data = read_data_file(path, PLIST_LIMIT, within=within)
    except (FileNotFoundError, PermissionError):
        raise
    except OSError as exc:
        raise PlistProblem(unreadable_message(path, exc)) from exc
    return parse_plist(data, path)


def text_value(data: dict[str, Any], key: str) -> str | None:
    """A non-empty string value, stripped; anything else (absent, wrong type) is None."""
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
