"""Another user's HKCU: ``HKEY_USERS\\<SID>`` of the user whose home is diagnosed.

An administrator may diagnose another user's home on this PC (``--home`` without
``--root``). Their per-user settings are then not in this process's HKCU but in their
own hive, loaded under ``HKEY_USERS\\<SID>`` while they are signed in (or after an
administrator loads ``NTUSER.DAT``). The SID comes from the ProfileList key, whose
``ProfileImagePath`` names each profile's home folder.

When the SID is not found or the hive is not loaded, every HKCU read answers "no such
key" (never this process's own HKCU, which would describe the wrong person) and the
report says what it could not see.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from assistant.detect.facts import Problem
from assistant.detect.registry.model import Registry, RegistryKey, View, split_path
from assistant.environment import Environment
from assistant.i18n import Message

PROFILE_LIST = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList"


def _same_folder(a: str, b: str) -> bool:
    def norm(p: str) -> str:
        return os.path.normcase(os.path.normpath(p)).rstrip("\\/").casefold()

    return norm(a) == norm(b)


def sid_for_home(registry: Registry, env: Environment) -> str | None:
    """The SID whose ProfileList entry's ``ProfileImagePath`` is ``env.home``."""
    profiles = registry.open(PROFILE_LIST)
    if profiles is None:
        return None
    for sid in profiles.subkey_names():
        key = profiles.subkey(sid)
        image = key.text("ProfileImagePath") if key is not None else None
        if image and _same_folder(str(env.windows_path(image)), str(env.home)):
            return sid
    return None


class OtherUserRegistry(Registry):
    """``inner`` with HKCU read from ``HKU\\<sid>`` (or from nowhere when ``sid`` is None)."""

    def __init__(self, inner: Registry, sid: str | None) -> None:
        self.inner = inner
        self.sid = sid

    def _mapped(self, path: str) -> str | None:
        split = split_path(path)
        if split is None or split[0] != "HKCU":
            return path
        if self.sid is None:
            return None
        return "\\".join(["HKU", self.sid, *split[1]])

    def open(self, path: str, view: View = "64") -> RegistryKey | None:
        mapped = self._mapped(path)
        return None if mapped is None else self.inner.open(mapped, view)

    def open_views(self, path: str) -> Iterator[tuple[View, RegistryKey]]:
        mapped = self._mapped(path)
        if mapped is not None:
            yield from self.inner.open_views(mapped)


def other_user_registry(inner: Registry, env: Environment) -> tuple[Registry, tuple[Problem, ...]]:
    """The registry as the diagnosed user sees it, and what could not be seen."""
    sid = sid_for_home(inner, env)
    if sid is None:
        problem = Message("fleet.problem.no_profile_for_home", {"home": str(env.home)})
        return OtherUserRegistry(inner, None), (Problem(problem),)
    if inner.open(f"HKU\\{sid}") is None:
        problem = Message("fleet.problem.hive_not_loaded", {"home": str(env.home), "sid": sid})
        return OtherUserRegistry(inner, None), (Problem(problem),)
    return OtherUserRegistry(inner, sid), ()
