"""Reading the INI files Mozilla apps write (application.ini, profiles.ini, ...)."""

from __future__ import annotations

import configparser
from pathlib import Path

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


def read_ini(path: Path, problems: list[Problem], app: str | None = None) -> IniFile | None:
    """The parsed file, or None with a problem recorded when it is unreadable or malformed.

    A missing file is not a problem (callers check for it first when it matters).
    """
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        text = path.read_text(encoding="utf-8-sig", errors="strict")
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
        line = getattr(exc, "lineno", None)
        problems.append(
            Problem(Message("problem.ini_malformed", {"file": str(path), "line": line or "?"}), app)
        )
        return None
    return IniFile(parser, path)
