"""The registry as described by ``regedit`` exports, merged in the order given."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.detect.registry.model import (
    Registry,
    RegistryKey,
    RegistryValue,
    View,
    redirected_32,
    split_path,
)
from assistant.detect.registry.regfile import RegOperation

# Values never kept in memory: Outlook's and others' stored (encrypted) passwords.
SECRET_MARKERS = ("password",)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


@dataclass
class _Node:
    name: str
    children: dict[str, _Node] = field(default_factory=dict)
    values: dict[str, RegistryValue] = field(default_factory=dict)

    def child(self, name: str, create: bool = False) -> _Node | None:
        node = self.children.get(name.lower())
        if node is None and create:
            node = self.children[name.lower()] = _Node(name)
        return node


class ExportedKey(RegistryKey):
    def __init__(self, node: _Node, path: str) -> None:
        self._node = node
        self.path = path

    def subkey_names(self) -> list[str]:
        return [child.name for child in self._node.children.values()]

    def subkey(self, name: str) -> RegistryKey | None:
        node: _Node | None = self._node
        for part in (p for p in name.split("\\") if p):
            node = node.child(part) if node is not None else None
        if node is None:
            return None
        return ExportedKey(node, f"{self.path}\\{name.strip(chr(92))}")

    def value(self, name: str) -> RegistryValue | None:
        return self._node.values.get(name.lower())


class ExportedRegistry(Registry):
    """Keys and values from exports; later operations win over earlier ones."""

    def __init__(self) -> None:
        self._hives: dict[str, _Node] = {}

    def apply(self, operations: Iterable[RegOperation]) -> None:
        for op in operations:
            if op.kind == "delete_key":
                self._delete_key(op.hive, op.parts)
                continue
            node = self._hives.setdefault(op.hive, _Node(op.hive))
            for part in op.parts:
                found = node.child(part, create=True)
                assert found is not None
                node = found
            if op.kind == "value" and op.value is not None and not is_secret(op.value.name):
                node.values[op.value.name.lower()] = op.value
            elif op.kind == "delete_value":
                node.values.pop(op.name.lower(), None)

    def _delete_key(self, hive: str, parts: tuple[str, ...]) -> None:
        node = self._hives.get(hive)
        if node is None:
            return
        if not parts:
            del self._hives[hive]
            return
        for part in parts[:-1]:
            found = node.child(part)
            if found is None:
                return
            node = found
        node.children.pop(parts[-1].lower(), None)

    def open(self, path: str, view: View = "64") -> RegistryKey | None:
        split = split_path(path)
        if split is None:
            return None
        hive, parts = split
        if view == "32":
            parts = redirected_32(hive, parts)
        if hive == "HKCR":
            # The merged view Windows shows as HKEY_CLASSES_ROOT: the user's classes
            # first, then an export of HKCR itself, then the machine's classes.
            for base, prefix in (
                ("HKCU", ["Software", "Classes"]),
                ("HKCR", []),
                ("HKLM", ["SOFTWARE", "Classes"]),
            ):
                key = self._find(base, [*prefix, *parts])
                if key is not None:
                    return key
            return None
        return self._find(hive, parts)

    def _find(self, hive: str, parts: list[str]) -> RegistryKey | None:
        node = self._hives.get(hive)
        if node is None and hive == "HKCU":
            return self._find_single_user(parts)
        for part in parts:
            node = node.child(part) if node is not None else None
        if node is None:
            return None
        return ExportedKey(node, "\\".join([hive, *parts]))

    def _find_single_user(self, parts: list[str]) -> RegistryKey | None:
        """An export made from another account shows the user's keys under
        ``HKEY_USERS\\<SID>``: with no HKCU and exactly one user there, that is HKCU."""
        users = self._hives.get("HKU")
        if users is None:
            return None
        sids = [
            node
            for node in users.children.values()
            if node.name.upper().startswith("S-1-5-21-") and not node.name.endswith("_Classes")
        ]
        if len(sids) != 1:
            return None
        return self._find("HKU", [sids[0].name, *parts])
