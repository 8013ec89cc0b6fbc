"""Reading the INI files Mozilla apps write (application.ini, profiles.ini, ...)."""

from __future__ import annotations

import configparser
from collections.abc import Sequence
from pathlib import Path

from assistant.datafile import INI_LIMIT, read_data_file
from assistant.detect.facts import Problem, unreadable
from assistant.i18n import Message


class IniFile:
    """An INI file read leniently: section and key names keep their case."""

    def __init__(self, parser: configparser.RawConfigParser, path: Path) -> None:
        self._parser = parser
        self.path = path

    def get(self, section: str, key: str) -> str | None:
        if not self._parser.has_section(section):
            return None
        value = self._parser.get(section, key, fallback=None)
        return value.strip() if isinstance(value, str) else None

    def sections(self) -> list[str]:
        return self._parser.sections()


def read_ini(
    path: Path, problems: list[Problem], app: str | None = None, *, within: Sequence[Path] = ()
) -> IniFile | None:
    """The parsed file, or None with a problem recorded when it is unreadable or malformed.

    A missing file is not a problem (callers check for it first when it matters). Read
    by the one data-file reader: inside ``within`` (a snapshot's folders), regular, capped.
    """
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        text = read_data_file(path, INI_LIMIT, within=within).decode("utf-8-sig")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        problems.append(Problem(Message("problem.file_not_text", {"file": str(path)}), app))
        return None
    except OSError as exc:
        problems.append(unreadable(path, exc, app))
        return None
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        line = _line_of(exc)
        if line is None:
            message = Message("hostile.problem.ini_malformed", {"file": str(path)})
        else:
            message = Message("problem.ini_malformed", {"file": str(path), "line": line})
        problems.append(Problem(message, app))
        return None
    return IniFile(parser, path)


def _line_of(error: configparser.Error) -> int | None:
    """The first line configparser names: ``lineno``, or the first of a ParsingError's."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    errors = getattr(error, "errors", None)
    if errors and isinstance(errors[0][0], int):
        return int(errors[0][0])
    return None
