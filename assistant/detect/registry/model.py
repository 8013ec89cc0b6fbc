"""What a registry reader gives: keys, their subkeys, and typed values.

Paths are written as regedit shows them, with the hive first: ``HKLM\\SOFTWARE\\...``
(``HKEY_LOCAL_MACHINE``, ``HKCU``, ``HKCR``, ``HKU`` and their long names are
accepted). Names are case-insensitive, as in Windows. ``view`` chooses between the
64-bit and the 32-bit registry view (``WOW6432Node``) on 64-bit Windows.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

View = Literal["64", "32"]
VIEWS: tuple[View, ...] = ("64", "32")

# Value types, numbered as in winnt.h (and in regedit's ``hex(N):`` notation).
REG_NONE = 0
REG_SZ = 1
REG_EXPAND_SZ = 2
REG_BINARY = 3
REG_DWORD = 4
REG_DWORD_BIG_ENDIAN = 5
REG_LINK = 6
REG_MULTI_SZ = 7
REG_RESOURCE_LIST = 8
REG_FULL_RESOURCE_DESCRIPTOR = 9
REG_RESOURCE_REQUIREMENTS_LIST = 10
REG_QWORD = 11

TYPE_NAMES = {
    REG_NONE: "REG_NONE",
    REG_SZ: "REG_SZ",
    REG_EXPAND_SZ: "REG_EXPAND_SZ",
    REG_BINARY: "REG_BINARY",
    REG_DWORD: "REG_DWORD",
    REG_DWORD_BIG_ENDIAN: "REG_DWORD_BIG_ENDIAN",
    REG_LINK: "REG_LINK",
    REG_MULTI_SZ: "REG_MULTI_SZ",
    REG_RESOURCE_LIST: "REG_RESOURCE_LIST",
    REG_FULL_RESOURCE_DESCRIPTOR: "REG_FULL_RESOURCE_DESCRIPTOR",
    REG_RESOURCE_REQUIREMENTS_LIST: "REG_RESOURCE_REQUIREMENTS_LIST",
    REG_QWORD: "REG_QWORD",
}

HIVES = {
    "HKEY_LOCAL_MACHINE": "HKLM",
    "HKLM": "HKLM",
    "HKEY_CURRENT_USER": "HKCU",
    "HKCU": "HKCU",
    "HKEY_CLASSES_ROOT": "HKCR",
    "HKCR": "HKCR",
    "HKEY_USERS": "HKU",
    "HKU": "HKU",
    "HKEY_CURRENT_CONFIG": "HKCC",
    "HKCC": "HKCC",
}

RegistryData = str | int | bytes | tuple[str, ...]


@dataclass(frozen=True)
class RegistryValue:
    """One value: its name (``""`` is the default value, regedit's ``@``), type and data.

    ``data`` is ``str`` for REG_SZ / REG_EXPAND_SZ, ``int`` for REG_DWORD / REG_QWORD,
    a tuple of ``str`` for REG_MULTI_SZ, and ``bytes`` for everything else.
    """

    name: str
    type: int
    data: RegistryData

    @property
    def type_name(self) -> str:
        return TYPE_NAMES.get(self.type, f"REG_{self.type}")

    def text(self) -> str | None:
        """The value as text: REG_SZ, REG_EXPAND_SZ, or a UTF-16LE string in REG_BINARY
        (how Outlook stores profile strings), cut at the first NUL. None for other types."""
        if isinstance(self.data, str):
            return self.data.split("\0", 1)[0]
        if self.type in (REG_BINARY, REG_NONE) and isinstance(self.data, bytes):
            return utf16_text(self.data)
        return None

    def number(self) -> int | None:
        """The value as an integer: REG_DWORD or REG_QWORD only."""
        if isinstance(self.data, int) and not isinstance(self.data, bool):
            return self.data
        return None


def utf16_text(data: bytes) -> str | None:
    """UTF-16LE bytes as text, cut at the first NUL; None when they are not UTF-16LE."""
    if len(data) % 2:
        data = data[:-1]
    try:
        text = data.decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return text.split("\0", 1)[0]


class RegistryKey(ABC):
    """One open key."""

    path: str

    @abstractmethod
    def subkey_names(self) -> list[str]:
        """The names of the direct subkeys, in the order the source gives them."""

    @abstractmethod
    def subkey(self, name: str) -> RegistryKey | None:
        """A direct or deeper subkey (``a\\b``), or None when it does not exist."""

    @abstractmethod
    def value(self, name: str) -> RegistryValue | None:
        """One value by name (``""`` = the default value), or None when absent."""

    def subkeys(self) -> Iterator[RegistryKey]:
        for name in self.subkey_names():
            key = self.subkey(name)
            if key is not None:
                yield key

    def text(self, name: str) -> str | None:
        value = self.value(name)
        return value.text() if value is not None else None

    def number(self, name: str) -> int | None:
        value = self.value(name)
        return value.number() if value is not None else None

    def walk(self, max_depth: int = 8) -> Iterator[RegistryKey]:
        """This key and every key below it (depth-first), at most ``max_depth`` deep."""
        yield self
        if max_depth <= 0:
            return
        for child in self.subkeys():
            yield from child.walk(max_depth - 1)


class Registry(ABC):
    """The registry of the diagnosed machine."""

    @abstractmethod
    def open(self, path: str, view: View = "64") -> RegistryKey | None:
        """The key at ``path`` in the given view, or None when it does not exist."""

    def open_views(self, path: str) -> Iterator[tuple[View, RegistryKey]]:
        """The key in the 64-bit view, then in the 32-bit view (when they differ)."""
        seen: set[str] = set()
        for view in VIEWS:
            key = self.open(path, view)
            if key is not None and key.path.lower() not in seen:
                seen.add(key.path.lower())
                yield view, key


def split_path(path: str) -> tuple[str, list[str]] | None:
    """``HKEY_LOCAL_MACHINE\\SOFTWARE\\X`` -> ``("HKLM", ["SOFTWARE", "X"])``; None when
    the path does not start with a known hive."""
    parts = [p for p in path.strip().strip("\\").split("\\") if p]
    if not parts:
        return None
    hive = HIVES.get(parts[0].upper())
    if hive is None:
        return None
    return hive, parts[1:]


def redirected_32(hive: str, parts: list[str]) -> list[str]:
    """Where the 32-bit view keeps a key: ``HKLM\\SOFTWARE\\X`` is stored as
    ``HKLM\\SOFTWARE\\WOW6432Node\\X``. HKCU, HKCR and ``SOFTWARE\\Classes`` are
    left as they are: the keys detection reads there are shared by both views."""
    lowered = [p.lower() for p in parts]
    if (
        hive == "HKLM"
        and lowered[:1] == ["software"]
        and len(parts) > 1
        and lowered[1] not in ("wow6432node", "classes")
    ):
        return [parts[0], "WOW6432Node", *parts[1:]]
    return parts
