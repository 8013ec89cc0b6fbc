"""Thunderbird installations on Windows, from the keys its installer writes.

``Software\\Mozilla\\Mozilla Thunderbird`` in HKLM (or HKCU for a per-user install),
64-bit or 32-bit view: ``CurrentVersion`` is ``91.13.0 (ja)`` up to 143 and
``140.4.0 ESR (x64 ja)`` from 144 on; ``<CurrentVersion>\\Main`` holds ``PathToExe``.
``App Paths\\thunderbird.exe`` finds an install whose Mozilla key is gone. Microsoft
Store installs write none of these. The profiles are read by the Thunderbird profile code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PureWindowsPath

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.detect.ini import read_ini
from assistant.detect.registry import Registry, registry_for
from assistant.environment import Environment
from assistant.i18n import Message

APP_ID = "thunderbird"
HIVES = ("HKLM", "HKCU")
MOZILLA_KEY = r"Software\Mozilla\Mozilla Thunderbird"
APP_PATHS = r"Software\Microsoft\Windows\CurrentVersion\App Paths\thunderbird.exe"

_CURRENT_VERSION = re.compile(
    r"^\s*(?P<version>\d+(?:\.\d+)*(?:[ab]\d+)?(?:esr)?)\s*(?P<esr>ESR)?\s*"
    r"(?:\((?:(?P<arch>x64|x86|AArch64|aarch64)\s+)?(?P<locale>[A-Za-z-]+)\))?\s*$"
)


@dataclass(frozen=True)
class CurrentVersion:
    version: str
    esr: bool
    arch: str | None
    locale: str | None


def parse_current_version(text: str) -> CurrentVersion | None:
    """``91.13.0 (ja)`` and ``140.4.0 ESR (x64 ja)`` -> their parts; None otherwise."""
    match = _CURRENT_VERSION.match(text)
    if match is None:
        return None
    return CurrentVersion(
        version=match.group("version"),
        esr=bool(match.group("esr")),
        arch=match.group("arch"),
        locale=match.group("locale"),
    )


def detect_windows_thunderbird(env: Environment, facts: MachineFacts) -> None:
    registry = registry_for(env).registry
    seen: set[str] = set()
    for app in _from_mozilla_keys(env, registry, facts):
        ident = _folder_id(app.install_path or app.version or "")
        if ident not in seen:
            seen.add(ident)
            facts.apps.append(app)
    for hive in HIVES:
        for _view, key in registry.open_views(f"{hive}\\{APP_PATHS}"):
            exe = key.text("")
            if not exe:
                continue
            folder = str(PureWindowsPath(exe.strip('"')).parent)
            if _folder_id(folder) in seen:
                continue
            seen.add(_folder_id(folder))
            facts.apps.append(_from_folder(env, folder, facts))


def _folder_id(folder: str) -> str:
    return folder.strip().rstrip("\\").lower()


def _from_mozilla_keys(
    env: Environment, registry: Registry, facts: MachineFacts
) -> list[InstalledApp]:
    """One app per Mozilla key whose Thunderbird is still there. An uninstaller may leave
    a key behind (another view, another hive, an old version): a key whose ``PathToExe``
    is gone is dropped; and the install folder's ``application.ini`` says which version
    is there now, whatever a stale ``CurrentVersion`` says."""
    found: list[InstalledApp] = []
    for hive in HIVES:
        for view, key in registry.open_views(f"{hive}\\{MOZILLA_KEY}"):
            current = key.text("CurrentVersion")
            notes: list[Message] = []
            details = {"registry_key": key.path, "view": view}
            if current is None:
                notes.append(Message("windows.thunderbird.no_current_version", {"key": key.path}))
                version = None
                install_path = None
            else:
                parsed = parse_current_version(current)
                version = parsed.version if parsed else current
                if parsed is not None:
                    details.update(
                        {"esr": "yes" if parsed.esr else "no", "locale": parsed.locale or ""}
                    )
                    if parsed.arch:
                        details["architecture"] = parsed.arch
                main = key.subkey(f"{current}\\Main")
                exe = main.text("PathToExe") if main else None
                folder = main.text("Install Directory") if main else None
                install_path = folder or (str(PureWindowsPath(exe).parent) if exe else None)
                if exe and _gone(env, exe):
                    continue
                on_disk = _ini_version(env, install_path, facts)
                if on_disk and on_disk != version:
                    details["registry_version"] = version or ""
                    version = on_disk
            found.append(
                InstalledApp(
                    app_id=APP_ID,
                    name="Thunderbird",
                    version=version,
                    install_path=install_path,
                    source="registry",
                    notes=notes,
                    details=details,
                )
            )
    return found


def _gone(env: Environment, exe: str) -> bool:
    """``PathToExe`` names no file, where the file system can be seen (live, or a
    snapshot that holds the folder above the install folder, the drive's root aside)."""
    path = env.windows_path(exe)
    above = path.parent.parent
    observable = env.live or (above.is_dir() and above != env.root)
    return observable and not path.is_file()


def _ini_version(env: Environment, folder: str | None, facts: MachineFacts) -> str | None:
    """The version in the install folder's application.ini (None when there is none),
    read inside the snapshot's bounds like every data file."""
    if not folder:
        return None
    ini = read_ini(
        env.windows_path(folder) / "application.ini", facts.problems, APP_ID, within=env.bounds
    )
    return ini.get("App", "Version") if ini else None


def _from_folder(env: Environment, folder: str, facts: MachineFacts) -> InstalledApp:
    """An install known only by its App Paths entry: the version from application.ini."""
    version = _ini_version(env, folder, facts)
    notes = [] if version else [Message("windows.thunderbird.app_path_only", {"path": folder})]
    return InstalledApp(
        app_id=APP_ID,
        name="Thunderbird",
        version=version,
        install_path=folder,
        source="registry",
        notes=notes,
        details={"registry_key": "App Paths\\thunderbird.exe"},
    )
