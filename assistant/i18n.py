"""Translations for every user-visible string (core, CLI and GUI share one catalog).

The catalog is ``resources/i18n/messages.toml``: one table per message, each with a
``ja`` and an ``en`` text using ``{name}`` placeholders. A test keeps both languages
complete and checks that every key the code uses exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from assistant.records import FrozenRecord
from assistant.resources import resource_path

Language = Literal["ja", "en"]
LANGUAGES: tuple[Language, ...] = ("ja", "en")

log = logging.getLogger(__name__)


class Message(FrozenRecord):
    """A translatable message: a catalog key and its parameters, rendered later.
    Immutable, equal when key and parameters are (``records.py``: not a dataclass)."""

    __slots__ = ("key", "params")
    key: str
    params: Mapping[str, object]

    def __init__(self, key: str, params: Mapping[str, object] | None = None) -> None:
        self._set("key", key)
        self._set("params", {} if params is None else params)


def flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, dict[str, str]]:
    """``{"a": {"b": {"ja": .., "en": ..}}}`` -> ``{"a.b": {"ja": .., "en": ..}}``."""
    out: dict[str, dict[str, str]] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if not isinstance(value, dict):
            continue
        if all(isinstance(v, str) for v in value.values()) and set(value) & set(LANGUAGES):
            out[key] = cast(dict[str, str], value)
        else:
            out.update(flatten(value, key + "."))
    return out


class CatalogError(ValueError):
    """Two catalog files define the same message key."""


# The catalog files' usual lines, read without the full TOML parser (the GUI's first
# page waits for the catalog): blank, a comment, a ``[table]`` header, or
# ``key = { ja = "…", en = "…" }``. A file with any other line is read by tomllib; a test
# keeps both readings equal. One pattern finds every line of a file in one pass, so
# Python's loop only files the entries (about half the instructions of a loop over lines).
# A basic string's body: runs of characters other than a quote, a backslash or a control
# character TOML refuses, and escapes (one step per run, not per character).
_PLAIN = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_STRING = '"(' + _PLAIN + r"(?:\\." + _PLAIN + ')*)"'
_LINE = re.compile(
    r"^[ \t]*(?:#[^\n]*|\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]"
    r"|([A-Za-z0-9_-]+) = \{ ja = " + _STRING + ", en = " + _STRING + r" \})?[ \t]*\r?$",
    re.MULTILINE,
)
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4}))')  # read left to right


class _NotSimple(ValueError):
    pass


def _unescaped(escape: re.Match[str]) -> str:
    if escape[1]:
        return _ESCAPES[escape[1]]
    code = int(escape[2], 16)
    if 0xD800 <= code <= 0xDFFF:
        raise _NotSimple  # TOML refuses a surrogate (JSON would pair them)
    return chr(code)


def _unescape(text: str) -> str | None:
    """A TOML basic string's escapes; None for any this reader leaves to tomllib."""
    if "\\" not in text:
        return text
    if "\\" in _ESCAPE.sub("", text):
        return None  # \U, \e or a stray backslash: tomllib decides
    try:
        return _ESCAPE.sub(_unescaped, text)
    except _NotSimple:
        return None


def read_simple_catalog(text: str) -> dict[str, dict[str, str]] | None:
    """The entries of a catalog file written in the usual lines; None for anything else."""
    lines = _LINE.findall(text)
    if len(lines) != text.count("\n") + 1:
        return None  # a line of another form
    entries: dict[str, dict[str, str]] = {}
    prefix = ""
    tables: set[str] = set()
    for table, name, ja_text, en_text in lines:
        if table:
            if table in tables:
                return None
            tables.add(table)
            prefix = table + "."
        elif name:
            key = prefix + name
            ja, en = _unescape(ja_text), _unescape(en_text)
            if not prefix or key in entries or ja is None or en is None:
                return None
            entries[key] = {"ja": ja, "en": en}
    return entries


def read_catalog_file(path: Path) -> dict[str, dict[str, str]]:
    return read_catalog_data(path.read_bytes())


def read_catalog_data(data: bytes) -> dict[str, dict[str, str]]:
    try:
        simple = read_simple_catalog(data.decode("utf-8"))
    except UnicodeDecodeError:
        simple = None
    if simple is not None:
        return simple
    import tomllib  # only for a file written in other TOML forms

    return flatten(tomllib.loads(data.decode("utf-8")))


def tables_in(data: bytes) -> set[str]:
    """The ``[table]`` headers at the start of a line of a catalog file, found without
    reading its messages (a header written otherwise is simply not found here)."""
    text = b"\n" + data
    tables = set()
    at = text.find(b"\n[")
    while at != -1:
        end = text.find(b"]", at)
        if end == -1:
            break
        tables.add(text[at + 2 : end].decode("utf-8", "replace"))
        at = text.find(b"\n[", end)
    return tables


def table_section(data: bytes, table: str) -> bytes | None:
    """The lines of ``[table]`` in a catalog file: from its header, at the start of a line,
    up to the next header (None: no such header)."""
    text = b"\n" + data
    header = b"\n[" + table.encode("utf-8") + b"]"
    at = text.find(header)
    if at == -1:
        return None
    end = text.find(b"\n[", at + len(header))
    return text[at + 1 : len(text) if end == -1 else end]


class Messages:
    """The catalog's messages (one file per area; a key lives in one file), each table read
    when one of its messages is first wanted: the GUI's first page needs a few tables of 3
    of the 17 files (a table written in other TOML forms reads its whole file). A key that
    no file's headers name reads every file left. A message in two files is an error once
    both are read (:func:`catalog` reads them all; the tests do, so a catalog with one
    never ships). Reading is done under a lock: a worker thread asking for a message while
    another reads its table waits for the whole table."""

    def __init__(self, paths: list[Path]) -> None:
        self._lock = threading.RLock()
        self._entries: dict[str, dict[str, str]] = {}
        self._origin: dict[str, str] = {}
        self._unread: dict[Path, bytes] = {}
        self._holding: dict[str, list[Path]] = {}  # table -> the files whose headers name it
        self._tables_read: set[tuple[Path, str]] = set()  # of the files not read whole
        for path in paths:
            data = path.read_bytes()
            self._unread[path] = data
            for table in tables_in(data):
                self._holding.setdefault(table, []).append(path)

    def get(self, key: str) -> dict[str, str] | None:
        entry = self._entries.get(key)
        if entry is None and self._unread:
            with self._lock:
                # Its table, and the table of its own name (a counted message's forms).
                for table in (key.rpartition(".")[0], key):
                    for path in self._holding.get(table, ()):
                        self._read_table(path, table)
                entry = self._entries.get(key)
                if entry is None and key not in self._holding:  # a table's name: no message
                    entry = self.everything().get(key)
        return entry

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __getitem__(self, key: str) -> dict[str, str]:
        entry = self.get(key)
        if entry is None:
            raise KeyError(key)
        return entry

    def everything(self) -> dict[str, dict[str, str]]:
        """Every message, every file read."""
        with self._lock:
            for path in list(self._unread):
                self._read(path)
        return self._entries

    def _read_table(self, path: Path, table: str) -> None:
        data = self._unread.get(path)
        if data is None or (path, table) in self._tables_read:
            return
        section = table_section(data, table)
        try:
            entries = None if section is None else read_simple_catalog(section.decode("utf-8"))
        except UnicodeDecodeError:
            entries = None
        if entries is None:  # written otherwise: the whole file, as tomllib reads it
            self._read(path)
            return
        self._tables_read.add((path, table))
        self._add(entries, path)

    def _read(self, path: Path) -> None:
        data = self._unread.pop(path, None)
        if data is None:
            return
        self._add(read_catalog_data(data), path)

    def _add(self, entries: dict[str, dict[str, str]], path: Path) -> None:
        for key, entry in entries.items():
            if self._origin.get(key) == path.name:
                continue  # its table was read before the whole file
            if key in self._entries:
                raise CatalogError(
                    f"message {key!r} is in both {self._origin[key]} and {path.name}"
                )
            self._entries[key] = entry
            self._origin[key] = path.name


@lru_cache(maxsize=1)
def messages() -> Messages:
    """The program's catalog, ``resources/i18n/*.toml``, read as its messages are wanted."""
    return Messages(sorted(resource_path("i18n").glob("*.toml")))


def catalog() -> dict[str, dict[str, str]]:
    """Every message of ``resources/i18n/*.toml``."""
    return messages().everything()


class _Lenient(dict[str, object]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def placeholders(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def plural_form(count: object) -> str:
    """A counted message's form: ``key.one`` for exactly one, else ``key.other``.

    A message whose English text counts things ("1 file", "2 files") is a pair of keys;
    ``tr("key", count=n)`` picks the form (Japanese has one form, written twice)."""
    return "one" if count == 1 else "other"


class Translator:
    """Renders catalog messages in one language."""

    def __init__(self, language: Language, catalog: Messages | None = None) -> None:
        self.language: Language = language
        self._messages = messages() if catalog is None else catalog

    def has(self, key: str) -> bool:
        return key in self._messages or self._counted(key)

    def _counted(self, key: str) -> bool:
        return f"{key}.one" in self._messages and f"{key}.other" in self._messages

    def __call__(self, key: str, /, **params: object) -> str:
        entry = self._messages.get(key)
        if entry is None and self._counted(key):
            entry = self._messages[f"{key}.{plural_form(params.get('count'))}"]
        if entry is None:
            log.error("missing message %r", key)
            return key
        text = entry.get(self.language) or entry.get("en") or key
        return text.format_map(_Lenient({name: _shown(v) for name, v in params.items()}))

    def render(self, message: Message) -> str:
        return self(message.key, **{name: self.value(v) for name, v in message.params.items()})

    def value(self, value: object) -> object:
        """A message parameter as text: nested messages and dates in this language."""
        if isinstance(value, Message):
            return self.render(value)
        if isinstance(value, dt.date):
            return format_date(value, self.language)
        return value


_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _shown(value: object) -> object:
    """Paths as the user knows them: without the ``\\\\?\\`` prefix the program gives
    Windows for long paths (``\\\\?\\UNC\\srv`` is ``\\\\srv``)."""
    if isinstance(value, str) and "\\\\?\\" in value:
        return value.replace("\\\\?\\UNC\\", "\\\\").replace("\\\\?\\", "")
    return value


def format_date(day: dt.date, language: Language) -> str:
    """``2022年10月1日`` / ``1 October 2022``."""
    if language == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def language_from_locale_name(name: str | None) -> Language | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in ("c", "posix", "c.utf-8"):
        return None
    if name.startswith("ja"):
        return "ja"
    return "en"


def system_language(environ: Mapping[str, str] | None = None) -> Language:
    """The user's language: Japanese when the system locale is Japanese, else English."""
    environ = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            found = language_from_locale_name(value.split(":")[0])
            if found:
                return found
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()
        return "ja" if (lang_id & 0x3FF) == 0x11 else "en"
    import locale

    found = language_from_locale_name(locale.getlocale()[0])
    return found or "en"
