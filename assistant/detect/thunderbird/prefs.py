"""Reading ``prefs.js`` / ``user.js`` the way Mozilla's preference parser does.

Syntax (``modules/libpref/parser/src/lib.rs``): statements
``user_pref("name", value);`` (also ``pref`` and ``sticky_pref``); values are strings
in double or single quotes, integers (optional sign, 32-bit), ``true`` / ``false``;
comments ``//``, ``#`` and ``/* */`` anywhere between tokens. String escapes:
``\\\\ \\" \\' \\n \\r \\xNN \\uNNNN`` (surrogate pairs joined).

The file is read as bytes and every statement keeps its byte span and its value's byte
span, so a fix can replace exactly one value and leave every other byte alone. A
statement that cannot be read becomes a :class:`PrefsIssue` (with its line) and the
parser carries on after the next ``;`` — it never raises.

PyPI's ``mozprofile`` was evaluated and not used: its reader ``eval()``s each line as
Python (unsafe on a user's file, Python's escape rules instead of Mozilla's), ignores
``/* */`` comments, ``pref``/``sticky_pref`` and byte positions, raises on the first bad
line, and pulls in ``mozfile``, ``mozlog`` and ``six``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

PrefValue = str | int | bool
PrefKind = Literal["user_pref", "pref", "sticky_pref"]
KINDS: tuple[PrefKind, ...] = ("user_pref", "pref", "sticky_pref")

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Issues kept with their line (a damaged file can hold millions: only their count is kept).
MAX_ISSUES = 100
# Runs of empty statements and blanks, skipped in one step (a file of ";" stays fast).
_EMPTY_STATEMENTS = re.compile(rb"[;\s]+")
_STATEMENT_START = frozenset(b"ups")  # user_pref, pref, sticky_pref
_SPACE = b" \t\r\n\x0b\x0c"
_IDENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789")
_HEX = frozenset(b"0123456789abcdefABCDEF")
_SIMPLE_ESCAPES = {ord("\\"): 0x5C, ord('"'): 0x22, ord("'"): 0x27, ord("n"): 0x0A, ord("r"): 0x0D}
_STRING_STOP = {quote: re.compile(b"[\\\\" + bytes([quote]) + b"]") for quote in (0x22, 0x27)}


@dataclass(frozen=True)
class Pref:
    """One statement: ``kind("name", value);``."""

    name: str
    value: PrefValue
    kind: PrefKind
    line: int  # 1-based line of the statement's first byte
    span: tuple[int, int]  # byte span of the whole statement, up to and including ';'
    value_span: tuple[int, int]  # byte span of the value as written


@dataclass(frozen=True)
class PrefsIssue:
    """A statement that could not be read. ``reason`` is a short code, e.g. ``bad_escape``."""

    line: int
    reason: str


@dataclass
class PrefsFile:
    """Everything read from one file, in file order."""

    data: bytes = field(repr=False)
    prefs: list[Pref] = field(default_factory=list)
    issues: list[PrefsIssue] = field(default_factory=list)  # the first MAX_ISSUES
    issue_count: int = 0  # all of them

    def last(self, name: str) -> Pref | None:
        """The statement that wins for ``name`` (the last one), or None."""
        found = None
        for pref in self.prefs:
            if pref.name == name:
                found = pref
        return found

    def values(self) -> dict[str, PrefValue]:
        """Name -> value, later statements winning (as Mozilla applies them)."""
        return {pref.name: pref.value for pref in self.prefs}


class _Stop(Exception):
    """Internal: one statement cannot be read (never escapes parse_prefs)."""

    def __init__(self, reason: str, at: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self._counted = (0, 1)  # (offset, line there): lines are asked for in file order

    def line_of(self, offset: int) -> int:
        last, line = self._counted
        if offset < last:
            last, line = 0, 1
        line += self.data.count(b"\n", last, offset)
        self._counted = (offset, line)
        return line

    def skip_space_and_comments(self) -> None:
        data, n = self.data, len(self.data)
        while self.pos < n:
            c = data[self.pos]
            if c in _SPACE:
                self.pos += 1
            elif c == 0x23 or data.startswith(b"//", self.pos):  # '#' or '//'
                end = data.find(b"\n", self.pos)
                self.pos = n if end < 0 else end + 1
            elif data.startswith(b"/*", self.pos):
                end = data.find(b"*/", self.pos + 2)
                if end < 0:
                    raise _Stop("unterminated_comment", self.pos)
                self.pos = end + 2
            else:
                return

    def expect(self, char: bytes, reason: str) -> None:
        self.skip_space_and_comments()
        if self.pos >= len(self.data):
            raise _Stop("truncated", self.pos)
        if not self.data.startswith(char, self.pos):
            raise _Stop(reason, self.pos)
        self.pos += 1

    def word(self) -> tuple[str, int]:
        start = self.pos
        while self.pos < len(self.data) and self.data[self.pos] in _IDENT:
            self.pos += 1
        return self.data[start : self.pos].decode("ascii"), start

    def string(self) -> str:
        data, n = self.data, len(self.data)
        quote = data[self.pos]
        stop = _STRING_STOP[quote]
        self.pos += 1
        out = bytearray()
        units: list[int] = []  # pending UTF-16 code units from \u escapes

        def flush_units() -> None:
            if units:
                text = b"".join(u.to_bytes(2, "big") for u in units)
                try:
                    out.extend(text.decode("utf-16-be").encode("utf-8"))
                except UnicodeDecodeError:
                    raise _Stop("bad_escape", self.pos) from None
                units.clear()

        while True:
            if self.pos >= n:
                raise _Stop("unterminated_string", self.pos)
            c = data[self.pos]
            if c == quote:
                self.pos += 1
                break
            if c != 0x5C:  # plain bytes up to the next quote or backslash
                flush_units()
                found = stop.search(data, self.pos)
                end = n if found is None else found.start()
                out.extend(data[self.pos : end])
                self.pos = end
                continue
            if self.pos + 1 >= n:
                raise _Stop("unterminated_string", self.pos)
            esc = data[self.pos + 1]
            if esc == ord("u"):
                digits = data[self.pos + 2 : self.pos + 6]
                if len(digits) < 4 or not all(d in _HEX for d in digits):
                    raise _Stop("bad_escape", self.pos)
                units.append(int(digits, 16))
                self.pos += 6
                continue
            flush_units()
            if esc == ord("x"):
                digits = data[self.pos + 2 : self.pos + 4]
                if len(digits) < 2 or not all(d in _HEX for d in digits):
                    raise _Stop("bad_escape", self.pos)
                value = int(digits, 16)
                if value == 0:
                    raise _Stop("bad_escape", self.pos)
                out.extend(chr(value).encode("utf-8"))
                self.pos += 4
                continue
            if esc not in _SIMPLE_ESCAPES:
                raise _Stop("bad_escape", self.pos)
            out.append(_SIMPLE_ESCAPES[esc])
            self.pos += 2
        flush_units()
        try:
            return out.decode("utf-8")
        except UnicodeDecodeError:
            raise _Stop("not_utf8", self.pos) from None

    def value(self) -> tuple[PrefValue, tuple[int, int]]:
        self.skip_space_and_comments()
        start = self.pos
        if self.pos >= len(self.data):
            raise _Stop("truncated", self.pos)
        c = self.data[self.pos]
        if c in (0x22, 0x27):
            text = self.string()
            return text, (start, self.pos)
        if c in b"+-0123456789":
            self.pos += 1
            digits_from = self.pos if c in b"+-" else start
            while self.pos < len(self.data) and self.data[self.pos] in b"0123456789":
                self.pos += 1
            digits = self.data[digits_from : self.pos]
            if not digits:
                raise _Stop("bad_number", start)
            if self.pos < len(self.data) and self.data[self.pos] in _IDENT:
                raise _Stop("bad_number", start)
            number = int(self.data[start : self.pos])
            if not INT_MIN <= number <= INT_MAX:
                raise _Stop("number_too_large", start)
            return number, (start, self.pos)
        word, _ = self.word()
        if word == "true":
            return True, (start, self.pos)
        if word == "false":
            return False, (start, self.pos)
        raise _Stop("bad_value", start)

    def statement(self) -> Pref:
        start = self.pos
        kind, _ = self.word()
        if kind not in KINDS:
            raise _Stop("unknown_statement", start)
        self.expect(b"(", "expected_paren")
        self.skip_space_and_comments()
        if self.pos >= len(self.data):
            raise _Stop("truncated", self.pos)
        if self.data[self.pos] not in (0x22, 0x27):
            raise _Stop("expected_name", self.pos)
        name = self.string()
        self.expect(b",", "expected_comma")
        value, value_span = self.value()
        self.skip_space_and_comments()
        if self.data.startswith(b",", self.pos):
            # Attributes such as `locked` / `sticky` belong in default files only.
            raise _Stop("unsupported_attribute", self.pos)
        self.expect(b")", "expected_paren")
        self.expect(b";", "expected_semicolon")
        return Pref(
            name=name,
            value=value,
            kind=kind,
            line=self.line_of(start),
            span=(start, self.pos),
            value_span=value_span,
        )

    def recover(self, at: int) -> None:
        """Continue after the next ';' (Mozilla's parser does the same)."""
        end = self.data.find(b";", max(at, self.pos))
        self.pos = len(self.data) if end < 0 else end + 1


def parse_prefs(data: bytes) -> PrefsFile:
    """Parse a whole prefs file. Never raises: unreadable statements become issues."""
    result = PrefsFile(data=data)
    reader = _Reader(data)
    if data.startswith(b"\xef\xbb\xbf"):
        reader.pos = 3

    def issue(at: int, reason: str, count: int = 1) -> None:
        result.issue_count += count
        if len(result.issues) < MAX_ISSUES:  # the line is only counted for those kept
            result.issues.append(PrefsIssue(reader.line_of(at), reason))

    while True:
        try:
            reader.skip_space_and_comments()
        except _Stop as stop:
            issue(stop.at, stop.reason)
            break
        if reader.pos >= len(data):
            break
        start = reader.pos
        if data[start] == 0x3B:  # ';': empty statements, as many as there are in a row
            run = _EMPTY_STATEMENTS.match(data, start)
            end = run.end() if run else start + 1
            issue(start, "unknown_statement", data.count(b";", start, end))
            reader.pos = end
            continue
        if data[start] not in _STATEMENT_START:  # no statement starts so: skip to the next ';'
            issue(start, "unknown_statement")
            reader.recover(start)
            continue
        try:
            result.prefs.append(reader.statement())
        except _Stop as stop:
            issue(start, stop.reason)
            reader.recover(stop.at)
    return result


def format_value(value: PrefValue) -> str:
    """A value as Thunderbird writes it into prefs.js (``Preferences.cpp``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def format_pref(name: str, value: PrefValue) -> str:
    """One ``user_pref`` line as Thunderbird writes it, without the newline."""
    return f"user_pref({format_value(name)}, {format_value(value)});"


def format_prefs(items: Iterable[tuple[str, PrefValue]]) -> str:
    """A whole file the way Thunderbird saves it: header, then sorted lines."""
    header = "// Mozilla User Preferences\n\n"
    lines = sorted(format_pref(name, value) for name, value in items)
    return header + "".join(line + "\n" for line in lines)
