"""Thunderbird installations on Linux: distribution package, snap, flatpak, unpacked.

Every candidate folder is one that holds ``application.ini``; the version is its
``[App] Version`` (the plain version, which the matrix compares).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.detect.ini import read_ini
from assistant.environment import Environment
from assistant.i18n import Message

APP_ID = "thunderbird"
FLATPAK_IDS = ("org.mozilla.Thunderbird", "org.mozilla.thunderbird")

# (path as on the machine, source). Order matters only for display.
SYSTEM_FOLDERS: tuple[tuple[str, str], ...] = (
    ("/usr/lib/thunderbird", "linux-package"),
    ("/usr/lib64/thunderbird", "linux-package"),
    ("/usr/local/lib/thunderbird", "manual"),
    ("/opt/thunderbird", "manual"),
    ("/snap/thunderbird/current/usr/lib/thunderbird", "snap"),
    ("/snap/thunderbird/current/thunderbird", "snap"),
    *tuple(
        (f"/var/lib/flatpak/app/{flatpak_id}/current/active/files/lib/thunderbird", "flatpak")
        for flatpak_id in FLATPAK_IDS
    ),
)

# Where people unpack Mozilla's tarball in their home folder, per Mozilla's own
# instructions ("extract to your home folder") and common habits.
HOME_FOLDERS: tuple[tuple[str, ...], ...] = (
    ("thunderbird",),
    ("Downloads", "thunderbird"),
    ("ダウンロード", "thunderbird"),
    ("Applications", "thunderbird"),
    ("apps", "thunderbird"),
    ("opt", "thunderbird"),
    (".local", "opt", "thunderbird"),
    (".local", "share", "thunderbird"),
    ("bin", "thunderbird"),
    *tuple(
        (
            ".local",
            "share",
            "flatpak",
            "app",
            flatpak_id,
            "current",
            "active",
            "files",
            "lib",
            "thunderbird",
        )
        for flatpak_id in FLATPAK_IDS
    ),
)


def candidate_folders(env: Environment) -> list[tuple[Path, str]]:
    found = [(env.path(native), source) for native, source in SYSTEM_FOLDERS]
    for parts in HOME_FOLDERS:
        source = "flatpak-user" if "flatpak" in parts else "unpacked"
        found.append((env.home_path(*parts), source))
    if env.live:
        on_path = shutil.which("thunderbird")
        if on_path:
            real = Path(on_path).resolve()
            found.append((real.parent, "path"))
    return found


def detect_linux_thunderbird(env: Environment, facts: MachineFacts) -> None:
    seen: set[Path] = set()
    for folder, source in candidate_folders(env):
        ini_path = folder / "application.ini"
        try:
            if not ini_path.is_file():
                continue
            real = ini_path.resolve()
        except OSError:
            continue
        if real in seen:
            continue
        seen.add(real)
        facts.apps.append(read_install(folder, source, facts, env.bounds))


def read_install(
    folder: Path, source: str, facts: MachineFacts, within: Sequence[Path] = ()
) -> InstalledApp:
    ini = read_ini(folder / "application.ini", facts.problems, APP_ID, within=within)
    version = ini.get("App", "Version") if ini else None
    notes: list[Message] = []
    if ini is not None and not version:
        notes.append(
            Message("problem.thunderbird_no_version", {"file": str(folder / "application.ini")})
        )
    elif ini is None:
        notes.append(
            Message(
                "problem.thunderbird_version_unreadable", {"file": str(folder / "application.ini")}
            )
        )
    details = {}
    if ini is not None:
        for key in ("BuildID", "Vendor"):
            value = ini.get("App", key)
            if value:
                details[key.lower()] = value
    return InstalledApp(
        app_id=APP_ID,
        name="Thunderbird",
        version=version or None,
        install_path=str(folder),
        source=source,
        notes=notes,
        details=details,
    )
