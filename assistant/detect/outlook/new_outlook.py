"""The new Outlook for Windows (``olk.exe``, MSIX package ``Microsoft.OutlookForWindows``).

Evidence: its package registration for the user (``HKCU\\Software\\Classes\\Local
Settings\\...\\AppModel\\Repository\\Packages\\Microsoft.OutlookForWindows_<version>_<arch>__
<publisher id>``, which names the version), its data folder
``%LOCALAPPDATA%\\Microsoft\\Olk`` or its package folder
``%LOCALAPPDATA%\\Packages\\Microsoft.OutlookForWindows_<publisher id>``. Otherwise the
version is in the installed package's folder name under ``C:\\Program Files\\WindowsApps``
when that is readable. Several versions (an update not yet cleaned up): the highest,
compared as numbers (``1.2024.1023`` is after ``1.2024.909``). It signs in with modern
authentication only and has no POP: nothing to change.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.detect.registry import registry_for
from assistant.environment import Environment

APP_ID = "new-outlook-windows"
PACKAGES_KEY = (
    r"HKCU\Software\Classes\Local Settings\Software\Microsoft\Windows\CurrentVersion"
    r"\AppModel\Repository\Packages"
)
PACKAGE = "Microsoft.OutlookForWindows"
_PACKAGE_FOLDER = re.compile(rf"^{re.escape(PACKAGE)}_(\d+(?:\.\d+){{1,3}})_", re.IGNORECASE)


def detect_new_outlook(env: Environment, facts: MachineFacts) -> None:
    local = env.local_appdata()
    evidence = [local / "Microsoft" / "Olk", *_matching(local / "Packages", f"{PACKAGE}_", env)]
    present = [str(path) for path in evidence if path.is_dir()]
    registered = _registered_versions(env)
    if not present and not registered:
        return
    folders = _matching(env.path("C:\\Program Files\\WindowsApps"), f"{PACKAGE}_", env)
    versions = registered or [
        match.group(1) for f in folders if (match := _PACKAGE_FOLDER.match(f.name))
    ]
    version = max(versions, key=_numbers) if versions else None
    facts.apps.append(
        InstalledApp(
            app_id=APP_ID,
            name="Outlook (new)",
            version=version,
            install_path=present[0] if present else None,
            source="package-registration" if registered else "package-folder",
            details={"evidence": ", ".join(present) or PACKAGES_KEY},
        )
    )


def _registered_versions(env: Environment) -> list[str]:
    """Versions of the package registered for the user (the AppModel repository)."""
    key = registry_for(env).registry.open(PACKAGES_KEY)
    if key is None:
        return []
    names = key.subkey_names()
    return [m.group(1) for name in names if (m := _PACKAGE_FOLDER.match(name))]


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _matching(folder: Path, prefix: str, env: Environment) -> list[Path]:
    try:
        listed = env.confine(folder).iterdir()
        return sorted(p for p in listed if p.name.lower().startswith(prefix.lower()))
    except OSError:
        return []
