"""Writes registry exports exactly as regedit does, for tests and the demo snapshot.

``Windows Registry Editor Version 5.00``: UTF-16LE with a BOM, CRLF, hex data wrapped
at 80 columns with ``\\`` and two-space indents, strings escaped (``\\\\``, ``\\"``).
``REGEDIT4``: the same layout in an ANSI code page (cp932 on a Japanese PC), with ANSI
bytes inside ``hex(2):`` and ``hex(7):``.
"""

from __future__ import annotations

from pathlib import Path

V5 = "Windows Registry Editor Version 5.00"
V4 = "REGEDIT4"


def _name(name: str) -> str:
    return "@" if name == "" else '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sz(name: str, text: str) -> str:
    return f'{_name(name)}="' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dword(name: str, number: int) -> str:
    return f"{_name(name)}=dword:{number:08x}"


def hex_value(name: str, data: bytes, kind: int | None = None) -> str:
    """``"name"=hex:..`` / ``hex(N):..`` wrapped as regedit wraps it."""
    prefix = f"{_name(name)}=hex{'' if kind is None else f'({kind:x})'}:"
    items = [f"{b:02x}" for b in data]
    lines: list[str] = []
    line = prefix
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        if len(line) + len(piece) > 77 and line.strip():
            lines.append(line + "\\")
            line = "  "
        line += piece
    lines.append(line)
    return "\r\n".join(lines)


def utf16(name: str, text: str, nul: bool = True) -> str:
    """A REG_BINARY UTF-16LE string, as Outlook writes profile strings."""
    return hex_value(name, (text + ("\0" if nul else "")).encode("utf-16-le"))


def expand_sz(name: str, text: str, unicode: bool = True, encoding: str = "cp932") -> str:
    data = (text + "\0").encode("utf-16-le") if unicode else (text + "\0").encode(encoding)
    return hex_value(name, data, 2)


def multi_sz(name: str, items: list[str]) -> str:
    return hex_value(name, ("\0".join(items) + "\0\0").encode("utf-16-le"), 7)


def qword(name: str, number: int) -> str:
    return hex_value(name, number.to_bytes(8, "little"), 0xB)


def export_text(sections: list[tuple[str, list[str]]], header: str = V5) -> str:
    out = [header, ""]
    for key, values in sections:
        out.append(f"[{key}]")
        out.extend(values)
        out.append("")
    return "\r\n".join(out) + "\r\n"


def export_v5(sections: list[tuple[str, list[str]]]) -> bytes:
    return b"\xff\xfe" + export_text(sections, V5).encode("utf-16-le")


def export_v4(sections: list[tuple[str, list[str]]], encoding: str = "cp932") -> bytes:
    return export_text(sections, V4).encode(encoding)


def write_export(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
