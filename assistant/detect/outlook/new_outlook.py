"""The new Outlook for Windows (``olk.exe``, MSIX package ``Microsoft.OutlookForWindows``).

Evidence: its data folder ``%LOCALAPPDATA%\\Microsoft\\Olk`` or its package folder
``%LOCALAPPDATA%\\Packages\\Microsoft.OutlookForWindows_<publisher id>``. The version
is in the installed package's folder name under ``C:\\Program Files\\WindowsApps``
when that is readable. It signs in with modern authentication only and has no POP:
nothing to change.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.environment import Environment

APP_ID = "new-outlook-windows"
PACKAGE = "Microsoft.OutlookForWindows"
_PACKAGE_FOLDER = re.compile(rf"^{re.escape(PACKAGE)}_(\d+(?:\.\d+){{1,3}})_", re.IGNORECASE)


def detect_new_outlook(env: Environment, facts: MachineFacts) -> None:
    local = env.local_appdata()
    evidence = [local / "Microsoft" / "Olk", *_matching(local / "Packages", f"{PACKAGE}_")]
    present = [path for path in evidence if path.is_dir()]
    if not present:
        return
    version = None
    for folder in _matching(env.path("C:\\Program Files\\WindowsApps"), f"{PACKAGE}_"):
        match = _PACKAGE_FOLDER.match(folder.name)
        if match:
            version = match.group(1)
    facts.apps.append(
        InstalledApp(
            app_id=APP_ID,
            name="Outlook (new)",
            version=version,
            install_path=str(present[0]),
            source="package-folder",
            details={"evidence": ", ".join(str(p) for p in present)},
        )
    )


def _matching(folder: Path, prefix: str) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.name.lower().startswith(prefix.lower()))
    except OSError:
        return []
