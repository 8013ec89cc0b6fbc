"""Reading ``regedit`` exports (``.reg`` files) in both of regedit's formats.

- ``Windows Registry Editor Version 5.00``: UTF-16LE with a BOM and CRLF line ends
  (what regedit writes since Windows 2000); strings inside ``hex(N):`` are UTF-16LE.
- ``REGEDIT4``: the "ANSI" code page of the machine that wrote it, and ANSI strings
  inside ``hex(N):``. A Japanese PC writes Shift_JIS (cp932), so the text is tried as
  UTF-8 (what most other tools write), then cp932, then Latin-1 (which never fails,
  so an unexpected code page garbles a name instead of rejecting the file).

The parser turns a file into a list of operations (set a key, delete a key, set or
delete a value) so that several exports apply in order, later ones winning, as
regedit itself would import them. Anything it cannot read is a :class:`RegExportError`
naming the file and the line; it never raises anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.detect.registry.model import (
    REG_BINARY,
    REG_DWORD,
    REG_DWORD_BIG_ENDIAN,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    RegistryData,
    RegistryValue,
    split_path,
)
from assistant.i18n import Message

HEADER_V5 = "Windows Registry Editor Version 5.00"
HEADER_V4 = "REGEDIT4"
ANSI_ENCODINGS = ("utf-8", "cp932", "latin-1")

Reason = Literal[
    "not_text", "bad_header", "bad_key", "bad_value", "bad_dword", "bad_hex", "value_outside_key"
]


class RegExportError(Exception):
    """A ``.reg`` file that is not a readable registry export: where and what."""

    def __init__(self, file: str, line: int, reason: Reason) -> None:
        super().__init__(f"{file}:{line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason

    @property
    def message(self) -> Message:
        return Message(f"windows.reg.{self.reason}", {"file": self.file, "line": self.line})


OpKind = Literal["key", "delete_key", "value", "delete_value"]


@dataclass(frozen=True)
class RegOperation:
    """One line's effect: ``hive`` and ``parts`` name the key; ``value`` is set for
    ``value``, ``name`` for ``delete_value``."""

    kind: OpKind
    hive: str
    parts: tuple[str, ...]
    line: int
    value: RegistryValue | None = None
    name: str = ""


def decode_export(data: bytes, file: str) -> str:
    """The text of an export: UTF-16 or UTF-8 by its BOM, else the ANSI code page."""
    if data.startswith(b"\xff\xfe"):
        return _decode(data[2:], "utf-16-le", file, 2)
    if data.startswith(b"\xfe\xff"):
        return _decode(data[2:], "utf-16-be", file, 2)
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", file, 1)
    return decode_ansi(data)


def _decode(data: bytes, encoding: str, file: str, unit: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start - exc.start % unit].decode(encoding, errors="replace")
        raise RegExportError(file, before.count("\n") + 1, "not_text") from None


def decode_ansi(data: bytes) -> str:
    for encoding in ANSI_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_DWORD = re.compile(r"dword:([0-9a-fA-F]{1,8})\s*", re.ASCII)
_HEX = re.compile(r"hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)", re.ASCII | re.DOTALL)
_HEX_BYTE = re.compile(r"[0-9a-fA-F]{1,2}", re.ASCII)


_HEX_DATA_START = re.compile(r"=\s*hex(\([0-9a-fA-F]{1,8}\))?:", re.ASCII)


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(first line number, text) with ``\\``-continued lines joined.

    A trailing backslash continues the line only after ``=hex...:`` data (a string
    value cannot end with a lone backslash: regedit writes it as ``\\\\"``)."""
    physical = _LINE_BREAK.split(text)
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(physical):
        start = i
        line = physical[i].rstrip()
        if line.endswith("\\") and _HEX_DATA_START.search(line):
            pieces: list[str] = []
            while line.endswith("\\") and i + 1 < len(physical):
                pieces.append(line[:-1])
                i += 1
                line = physical[i].strip()
            pieces.append(line)  # keeps a backslash left dangling at the end of the file
            line = "".join(pieces)
        out.append((start + 1, line))
        i += 1
    return out


def parse_export(data: bytes, file: str) -> list[RegOperation]:
    """Every operation in an export, in file order."""
    text = decode_export(data, file)
    lines = logical_lines(text)
    first = next(((n, line.strip()) for n, line in lines if line.strip()), None)
    if first is None or first[1] not in (HEADER_V5, HEADER_V4):
        raise RegExportError(file, first[0] if first else 1, "bad_header")
    # Strings inside hex(N): follow the format, whatever the file's own encoding.
    unicode = first[1] == HEADER_V5
    ops: list[RegOperation] = []
    current: tuple[str, tuple[str, ...]] | None = None
    deleted = False
    for number, raw in lines:
        line = raw.strip()
        if number <= first[0] or not line or line.startswith(";"):
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise RegExportError(file, number, "bad_key")
            inner = line[1:-1]
            deleted = inner.startswith("-")
            split = split_path(inner[1:] if deleted else inner)
            if split is None:
                raise RegExportError(file, number, "bad_key")
            current = (split[0], tuple(split[1]))
            kind: OpKind = "delete_key" if deleted else "key"
            ops.append(RegOperation(kind, *current, number))
            continue
        if line.startswith(('"', "@")):
            name, data_text = _split_value_line(line, file, number)
            if current is None:
                raise RegExportError(file, number, "value_outside_key")
            value = _parse_data(name, data_text, unicode, file, number)
            if deleted:
                continue  # regedit ignores values listed under a deleted key
            if value is None:
                ops.append(RegOperation("delete_value", *current, number, name=name))
            else:
                ops.append(RegOperation("value", *current, number, value=value))
            continue
        raise RegExportError(file, number, "bad_value")
    return ops


def _split_value_line(line: str, file: str, number: int) -> tuple[str, str]:
    if line.startswith("@"):
        name, rest = "", line[1:]
    else:
        parsed = _quoted(line, 0)
        if parsed is None:
            raise RegExportError(file, number, "bad_value")
        name, end = parsed
        rest = line[end:]
    rest = rest.lstrip()
    if not rest.startswith("="):
        raise RegExportError(file, number, "bad_value")
    return name, rest[1:].strip()


def _quoted(text: str, start: int) -> tuple[str, int] | None:
    """The string in quotes at ``start`` with ``\\\\`` and ``\\"`` unescaped, and the
    index after the closing quote; None when it is not closed."""
    if start >= len(text) or text[start] != '"':
        return None
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in '\\"':
            out.append(text[i + 1])
            i += 2
            continue
        if ch == '"':
            return "".join(out), i + 1
        out.append(ch)
        i += 1
    return None


def _parse_data(
    name: str, text: str, unicode: bool, file: str, number: int
) -> RegistryValue | None:
    if text == "-":
        return None
    if text.startswith('"'):
        parsed = _quoted(text, 0)
        if parsed is None or text[parsed[1] :].strip():
            raise RegExportError(file, number, "bad_value")
        return RegistryValue(name, REG_SZ, parsed[0])
    if text.lower().startswith("dword:"):
        match = _DWORD.fullmatch("dword:" + text[6:])
        if match is None:
            raise RegExportError(file, number, "bad_dword")
        return RegistryValue(name, REG_DWORD, int(match.group(1), 16))
    match = _HEX.fullmatch(text) if text.lower().startswith("hex") else None
    if match is None:
        raise RegExportError(file, number, "bad_value")
    kind = int(match.group(1), 16) if match.group(1) else REG_BINARY
    raw = _hex_bytes(match.group(2), file, number)
    return RegistryValue(name, kind, typed_data(kind, raw, unicode))


_HEX_LIST = re.compile(r"(?:[0-9a-fA-F]{2},)*(?:[0-9a-fA-F]{2},?)?", re.ASCII)


def _hex_bytes(text: str, file: str, number: int) -> bytes:
    compact = "".join(text.split())
    if _HEX_LIST.fullmatch(compact):  # what regedit writes: two digits per byte
        return bytes.fromhex(compact.replace(",", ""))
    items = [item.strip() for item in text.split(",")]
    if items and items[-1] == "":
        items.pop()  # a trailing comma before a line break
    if any(_HEX_BYTE.fullmatch(item) is None for item in items):
        raise RegExportError(file, number, "bad_hex")
    return bytes(int(item, 16) for item in items)


def typed_data(kind: int, raw: bytes, unicode: bool) -> RegistryData:
    """The data of a ``hex(N):`` value as its type says: text, number or bytes.

    A value whose bytes do not fit its type (a 3-byte DWORD) stays bytes, so a reader
    asking for a number gets None and can say the value is wrongly typed."""
    if kind in (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ):
        text = _string_bytes(raw, unicode)
        if text is None:
            return raw
        if kind == REG_MULTI_SZ:
            items = text.split("\0")
            while items and items[-1] == "":
                items.pop()
            return tuple(items)
        return text.rstrip("\0")
    if kind == REG_DWORD and len(raw) == 4:
        return int.from_bytes(raw, "little")
    if kind == REG_DWORD_BIG_ENDIAN and len(raw) == 4:
        return int.from_bytes(raw, "big")
    if kind == REG_QWORD and len(raw) == 8:
        return int.from_bytes(raw, "little")
    return raw


def _string_bytes(raw: bytes, unicode: bool) -> str | None:
    if not unicode:
        return decode_ansi(raw)
    if len(raw) % 2:
        return None
    try:
        return raw.decode("utf-16-le")
    except UnicodeDecodeError:
        return None
