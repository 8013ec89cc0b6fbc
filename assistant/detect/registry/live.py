"""The live registry of this Windows PC, through ``winreg`` (read-only).

Only importable on Windows; :func:`assistant.detect.registry.source.registry_for`
imports it there and nowhere else.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from assistant.detect.registry.model import (
    VIEWS,
    Registry,
    RegistryData,
    RegistryKey,
    RegistryValue,
    View,
    split_path,
)

if sys.platform == "win32":  # pragma: no cover - Windows only
    import winreg

    _HIVES = {
        "HKLM": winreg.HKEY_LOCAL_MACHINE,
        "HKCU": winreg.HKEY_CURRENT_USER,
        "HKCR": winreg.HKEY_CLASSES_ROOT,
        "HKU": winreg.HKEY_USERS,
        "HKCC": winreg.HKEY_CURRENT_CONFIG,
    }
    _VIEW_FLAGS = {"64": winreg.KEY_WOW64_64KEY, "32": winreg.KEY_WOW64_32KEY}

    def _data(raw: object) -> RegistryData:
        if isinstance(raw, str | int | bytes) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, list):
            return tuple(str(item) for item in raw)
        return b"" if raw is None else bytes(str(raw), "utf-8")

    class LiveKey(RegistryKey):
        def __init__(self, hive: int, sub: str, view: View, path: str) -> None:
            self._hive = hive
            self._sub = sub
            self._view = view
            self.path = path

        def _open(self) -> winreg.HKEYType:
            access = winreg.KEY_READ | _VIEW_FLAGS[self._view]
            return winreg.OpenKeyEx(self._hive, self._sub, 0, access)

        def subkey_names(self) -> list[str]:
            names: list[str] = []
            try:
                with self._open() as handle:
                    count = winreg.QueryInfoKey(handle)[0]
                    for index in range(count):
                        try:
                            names.append(winreg.EnumKey(handle, index))
                        except OSError:
                            break
            except OSError:
                return []
            return names

        def subkey(self, name: str) -> RegistryKey | None:
            name = name.strip("\\")
            sub = f"{self._sub}\\{name}" if self._sub else name
            key = LiveKey(self._hive, sub, self._view, f"{self.path}\\{name}")
            try:
                key._open().Close()
            except OSError:
                return None
            return key

        def value(self, name: str) -> RegistryValue | None:
            # Only the value asked for is read: passwords are never asked for.
            try:
                with self._open() as handle:
                    raw, kind = winreg.QueryValueEx(handle, name)
            except OSError:
                return None
            return RegistryValue(name, int(kind), _data(raw))

    class LiveRegistry(Registry):
        def open(self, path: str, view: View = "64") -> RegistryKey | None:
            split = split_path(path)
            if split is None:
                return None
            hive, parts = split
            key = LiveKey(_HIVES[hive], "\\".join(parts), view, "\\".join([hive, *parts]))
            try:
                key._open().Close()
            except OSError:
                return None
            return key

        def open_views(self, path: str) -> Iterator[tuple[View, RegistryKey]]:
            # Windows redirects only some keys; when both views open the same key
            # (HKCU, shared keys), report it once, as the 64-bit view.
            found = [(view, self.open(path, view)) for view in VIEWS]
            seen: list[str] = []
            for view, key in found:
                if key is None:
                    continue
                ident = _identity(key)
                if ident in seen:
                    continue
                seen.append(ident)
                yield view, key

    def _identity(key: RegistryKey) -> str:
        assert isinstance(key, LiveKey)
        try:
            with key._open() as handle:
                info = winreg.QueryInfoKey(handle)
        except OSError:
            return key.path
        return f"{info[0]}:{info[1]}:{info[2]}:{[key.subkey_names()]}"
