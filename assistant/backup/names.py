"""File names as different volumes keep them.

- HFS+ hands names back decomposed (NFD: a composed ダ comes back as タ + ゛), and a
  backup copied through a Mac keeps them so; other systems write them composed (NFC).
- FAT, exFAT, APFS (by default), HFS+ and SMB shares ignore case.
- Windows refuses some names on every volume it writes: ``CON``, ``NUL``, ``COM1``...
  (with any extension), a trailing dot or space, and ``< > : " / \\ | ? *`` and control
  characters. ``a:b`` on NTFS would even name a hidden stream ``b`` of a file ``a``.

So a backup's names are compared with its manifest under Unicode normalisation and the
volume's case rules, never byte for byte (a backup must not be called damaged for it);
and a restore onto a volume with Windows' rules gives such names a safe form, recorded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in "123456789¹²³"}
    | {f"lpt{n}" for n in "123456789¹²³"}
)
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def name_key(path: str, case_insensitive: bool) -> str:
    """What two spellings of one name have in common on a volume."""
    key = unicodedata.normalize("NFC", path)
    return key.casefold() if case_insensitive else key


class Listing:
    """The files a folder holds, found by the names a manifest gives them."""

    def __init__(self, listed: Iterable[str], case_insensitive: bool = True) -> None:
        self.listed = set(listed)
        self.case_insensitive = case_insensitive
        self._by_key: dict[str, str] = {}
        for path in sorted(self.listed):
            self._by_key.setdefault(name_key(path, case_insensitive), path)

    def actual(self, path: str) -> str | None:
        """The listed spelling of the manifest's ``path``, or None when it is not there."""
        if path in self.listed:
            return path
        return self._by_key.get(name_key(path, self.case_insensitive))

    def not_named(self, expected: Iterable[str]) -> list[str]:
        """Listed files the manifest does not name, in any spelling."""
        known = {name_key(path, self.case_insensitive) for path in expected}
        return sorted(p for p in self.listed if name_key(p, self.case_insensitive) not in known)


def windows_problem(name: str) -> bool:
    """Whether Windows refuses ``name`` (one path component)."""
    stem = name.split(".", 1)[0].rstrip(" ").lower()
    return stem in _RESERVED or name.endswith((".", " ")) or _FORBIDDEN.search(name) is not None


def windows_safe(name: str) -> str:
    """A form of ``name`` Windows accepts: forbidden characters become ``_``, a reserved
    name gets ``_`` after its stem, a trailing dot or space becomes ``_``."""
    safe = _FORBIDDEN.sub("_", name)
    stem, dot, rest = safe.partition(".")
    if stem.rstrip(" ").lower() in _RESERVED:
        safe = f"{stem}_{dot}{rest}"
    if safe.endswith((".", " ")):
        safe = safe[:-1] + "_"
    return safe


def windows_forms(paths: Iterable[str]) -> dict[str, str]:
    """Each relative POSIX path (and each folder above it) -> a form Windows accepts:
    refused components in their safe form, never clashing (ignoring case) with another
    name of the same folder; other components as they are."""
    children: dict[str, set[str]] = {}
    all_paths = list(paths)
    for path in all_paths:
        parts = path.split("/")
        for depth, part in enumerate(parts):
            children.setdefault("/".join(parts[:depth]), set()).add(part)
    renamed: dict[tuple[str, str], str] = {}
    for parent, names in children.items():
        taken = {name.casefold() for name in names if not windows_problem(name)}
        for name in sorted(n for n in names if windows_problem(n)):
            safe = base = windows_safe(name)
            number = 1
            while safe.casefold() in taken:
                number += 1
                safe = f"{base} ({number})"
            taken.add(safe.casefold())
            renamed[parent, name] = safe
    forms: dict[str, str] = {}
    for path in all_paths:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            original = "/".join(parts[:depth])
            parent, name = "/".join(parts[: depth - 1]), parts[depth - 1]
            above = forms.get(parent, parent)
            mine = renamed.get((parent, name), name)
            forms[original] = f"{above}/{mine}" if above else mine
    return forms
