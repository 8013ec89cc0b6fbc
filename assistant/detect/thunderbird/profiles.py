"""Thunderbird profiles on every platform, their accounts, size and state.

Profile roots (FACTS.md): Windows ``%APPDATA%\\Thunderbird``, macOS
``~/Library/Thunderbird``, Linux ``~/.thunderbird`` plus the snap and flatpak homes.
Each root's ``profiles.ini`` lists ``[ProfileN]`` sections (``Name``, ``IsRelative``,
``Path``, ``Default``) and ``[Install<hash>] Default=<Path>`` per installation;
``installs.ini`` repeats the latter. A profile's ``compatibility.ini`` says which
version last opened it. Profiles are diagnosed whether or not an installation is
found: the accounts are what matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from assistant.datafile import PREFS_LIMIT, read_data_file
from assistant.detect.facts import (
    DataStore,
    InstalledApp,
    MachineFacts,
    Problem,
    folder_unreadable,
    unreadable,
)
from assistant.detect.folder_size import measure_folder
from assistant.detect.ini import IniFile, read_ini
from assistant.detect.thunderbird.accounts import APP_ID, read_accounts
from assistant.detect.thunderbird.lock import profile_in_use
from assistant.detect.thunderbird.prefs import PrefsFile, PrefValue, parse_prefs
from assistant.environment import Environment
from assistant.i18n import Message
from assistant.versions import normalise_version

FLATPAK_IDS = ("org.mozilla.Thunderbird", "org.mozilla.thunderbird")


@dataclass(frozen=True)
class ThunderbirdProfile:
    name: str
    path: Path  # readable here (under the snapshot root for a snapshot)
    root: Path  # the folder holding profiles.ini
    source: str  # "windows", "msix", "macos", "linux", "snap", "flatpak"
    is_default: bool = False


def profile_roots(env: Environment) -> list[tuple[Path, str]]:
    """Every folder that may hold a ``profiles.ini``, with where it comes from."""
    if env.platform == "windows":
        appdata = env.getenv("APPDATA")
        base = env.path(appdata) if appdata else env.home_path("AppData", "Roaming")
        roots = [(base / "Thunderbird", "windows")]
        packages = env.home_path("AppData", "Local", "Packages")
        try:
            listed = env.confine(packages).iterdir()
            store_dirs = sorted(p for p in listed if "thunderbird" in p.name.lower())
        except OSError:
            store_dirs = []
        for package in store_dirs:
            roots.append((package / "LocalCache" / "Roaming" / "Thunderbird", "msix"))
        return roots
    if env.platform == "macos":
        return [(env.home_path("Library", "Thunderbird"), "macos")]
    return [
        (env.home_path(".thunderbird"), "linux"),
        (env.home_path("snap", "thunderbird", "common", ".thunderbird"), "snap"),
        *((env.home_path(".var", "app", fid, ".thunderbird"), "flatpak") for fid in FLATPAK_IDS),
    ]


def _profile_path(env: Environment, root: Path, raw: str, is_relative: str | None) -> Path | None:
    """Where a ``Path=`` value points; None when it leaves the root or contradicts itself.

    ``IsRelative=1`` paths are relative to the root (with ``/`` even on Windows); an
    absolute path is a path on the diagnosed machine; without ``IsRelative`` the path's
    own form decides.
    """
    pure = PureWindowsPath(raw) if env.platform == "windows" else PurePosixPath(raw)
    if pure.is_absolute() or pure.anchor:
        return None if is_relative == "1" else env.path(raw)
    parts = PurePosixPath(raw.replace("\\", "/")).parts
    if ".." in parts:
        return None
    return root.joinpath(*parts)


def _install_defaults(ini: IniFile | None) -> set[str]:
    if ini is None:
        return set()
    return {
        value
        for section in ini.sections()
        if section.startswith("Install") and (value := ini.get(section, "Default"))
    }


def read_profiles(
    env: Environment, root: Path, source: str, facts: MachineFacts
) -> list[ThunderbirdProfile]:
    ini_path = root / "profiles.ini"
    ini = read_ini(ini_path, facts.problems, APP_ID, within=env.user_bounds)
    if ini is None:
        return []
    defaults = _install_defaults(ini) | _install_defaults(
        read_ini(root / "installs.ini", facts.problems, APP_ID, within=env.user_bounds)
    )
    found: list[ThunderbirdProfile] = []
    seen: set[Path] = set()
    for section in ini.sections():
        if not section.startswith("Profile"):
            continue
        raw = ini.get(section, "Path")
        name = ini.get(section, "Name") or section
        if not raw:
            facts.problems.append(
                Problem(
                    Message(
                        "problem.thunderbird_profile_no_path",
                        {"file": str(ini_path), "profile": name},
                    ),
                    APP_ID,
                )
            )
            continue
        path = _profile_path(env, root, raw, ini.get(section, "IsRelative"))
        if path is None:
            facts.problems.append(
                Problem(
                    Message(
                        "problem.thunderbird_profile_outside",
                        {"file": str(ini_path), "profile": name, "path": raw},
                    ),
                    APP_ID,
                )
            )
            continue
        try:
            env.confine(path)
            is_folder = path.is_dir()
        except OSError as exc:
            facts.problems.append(unreadable(path, exc, APP_ID))
            continue
        if not is_folder:
            facts.problems.append(
                Problem(
                    Message(
                        "problem.thunderbird_profile_missing",
                        {"file": str(ini_path), "profile": name, "path": str(path)},
                    ),
                    APP_ID,
                    incomplete=False,
                )
            )
            continue
        if path in seen:
            continue
        seen.add(path)
        is_default = raw in defaults or ini.get(section, "Default") == "1"
        found.append(ThunderbirdProfile(name, path, root, source, is_default))
    return found


def find_profiles(env: Environment, facts: MachineFacts) -> list[ThunderbirdProfile]:
    found: list[ThunderbirdProfile] = []
    for root, source in profile_roots(env):
        found.extend(read_profiles(env, root, source, facts))
    return found


def read_prefs_file(
    path: Path, problems: list[Problem], *, within: Sequence[Path] = ()
) -> PrefsFile | None:
    """A prefs file parsed, or None (missing, unreadable or too big: a problem says which)."""
    try:
        data = read_data_file(path, PREFS_LIMIT, within=within)
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(unreadable(path, exc, APP_ID))
        return None
    prefs = parse_prefs(data)
    for issue in prefs.issues[:5]:
        problems.append(
            Problem(
                Message(
                    "problem.thunderbird_prefs_line",
                    {
                        "file": str(path),
                        "line": issue.line,
                        "reason": Message(f"prefs_issue.{issue.reason}"),
                    },
                ),
                APP_ID,
            )
        )
    if prefs.issue_count > 5:
        problems.append(
            Problem(
                Message(
                    "problem.thunderbird_prefs_more",
                    {"file": str(path), "count": prefs.issue_count - 5},
                ),
                APP_ID,
            )
        )
    return prefs


def effective_values(
    profile: Path, problems: list[Problem], *, within: Sequence[Path] = ()
) -> dict[str, PrefValue]:
    """prefs.js with user.js applied on top (Thunderbird applies user.js at every start)."""
    values: dict[str, PrefValue] = {}
    for name in ("prefs.js", "user.js"):
        prefs = read_prefs_file(profile / name, problems, within=within)
        if prefs is not None:
            values.update(prefs.values())
    return values


def last_version(
    profile: Path, problems: list[Problem], *, within: Sequence[Path] = ()
) -> str | None:
    """The version that last opened the profile: ``LastVersion=153.7.0_2026.../...``."""
    ini = read_ini(profile / "compatibility.ini", problems, APP_ID, within=within)
    value = ini.get("Compatibility", "LastVersion") if ini else None
    if not value:
        return None
    return value.split("_", 1)[0] or None


def detect_thunderbird_profiles(env: Environment, facts: MachineFacts) -> None:
    versions: list[str] = []
    in_use: list[str] = []
    for profile in find_profiles(env, facts):
        values = effective_values(profile.path, facts.problems, within=env.user_bounds)
        facts.accounts.extend(read_accounts(values, profile.name))
        size = measure_folder(profile.path)
        for folder, error in size.unreadable[:1]:
            facts.problems.append(folder_unreadable(folder, error, APP_ID))
        facts.data_stores.append(
            DataStore(
                APP_ID,
                "thunderbird_profile",
                str(profile.path),
                size.bytes,
                profile.name,
                size.files,
            )
        )
        version = last_version(profile.path, facts.problems, within=env.user_bounds)
        if version:
            versions.append(version)
        if env.live and profile_in_use(profile.path, env):
            in_use.append(profile.name)
    if in_use:
        facts.flags["thunderbird_profiles_in_use"] = ",".join(in_use)
    if versions and not any(app.app_id == APP_ID for app in facts.apps):
        facts.apps.append(_app_from_profiles(versions))


def _app_from_profiles(versions: list[str]) -> InstalledApp:
    """No installation found (portable, unpacked, elsewhere): the newest profile's version."""
    readable = [(parsed, v) for v in versions if (parsed := normalise_version(v)) is not None]
    newest = max(readable)[1] if readable else versions[0]
    return InstalledApp(
        app_id=APP_ID,
        name="Thunderbird",
        version=newest,
        install_path=None,
        source="profile",
        notes=[Message("app_note.thunderbird_from_profile", {"version": newest})],
    )
