"""Outlook for Mac: the app bundle (``com.microsoft.Outlook``) and its profile folders.

Outlook 2016 and later keep their data in the Office group container, one folder per
profile under ``Outlook 15 Profiles``; Outlook 2011 (version 14, no modern
authentication) kept it in ``~/Documents/Microsoft User Data/Office 2011 Identities``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from assistant.detect.apple import protected_folders
from assistant.detect.apple.bundles import bundle_app, find_bundles
from assistant.detect.facts import DataStore, MachineFacts, Problem, unreadable
from assistant.detect.folder_size import measure_folder
from assistant.environment import Environment
from assistant.i18n import Message
from assistant.versions import normalise_version

APP_ID = "outlook-mac"
BUNDLE_ID = "com.microsoft.Outlook"
BUNDLE_NAME = "Microsoft Outlook.app"
OUTLOOK_2011_MAJOR = 14

PROFILES = ("Library", "Group Containers", "UBF8T346G9.Office", "Outlook", "Outlook 15 Profiles")
USER_DATA_2011 = ("Documents", "Microsoft User Data")
IDENTITIES_2011 = (*USER_DATA_2011, "Office 2011 Identities")


def outlook_edition(version: str | None) -> str | None:
    """ "2011" for Outlook 14.x; later editions all say 15.x or 16.x and are told apart
    by nothing the matrix needs, so they carry no edition."""
    parsed = normalise_version(version) if version else None
    if parsed is not None and parsed.major <= OUTLOOK_2011_MAJOR:
        return "2011"
    return None


def detect_outlook_mac(env: Environment, facts: MachineFacts) -> None:
    for bundle in find_bundles(env, [BUNDLE_ID], [BUNDLE_NAME]):
        bundle_app(
            bundle,
            facts,
            APP_ID,
            "Outlook for Mac",
            build_key="build",
            edition=outlook_edition(bundle.short_version),
        )
    _add_profiles(env.home_path(*PROFILES), facts, env.user_bounds)
    if _add_profiles(env.home_path(*IDENTITIES_2011), facts, env.user_bounds) == "absent":
        user_data = env.home_path(*USER_DATA_2011)
        if protected_folders.is_folder(user_data):
            _add_store(user_data, None, facts)


def _add_profiles(
    folder: Path, facts: MachineFacts, within: Sequence[Path] = ()
) -> Literal["found", "absent", "unreadable"]:
    """One data store per profile folder in ``folder`` (inside ``within``)."""
    try:
        listed = protected_folders.list_folder(folder, within)
        entries = [p for p in listed if protected_folders.is_folder(p)]
    except FileNotFoundError:
        return "absent"
    except PermissionError:
        facts.flags[protected_folders.FULL_DISK_ACCESS_FLAG] = "denied"
        facts.problems.append(
            Problem(Message("macos.problem.outlook_folder_denied", {"folder": str(folder)}), APP_ID)
        )
        return "unreadable"
    except OSError as exc:
        facts.problems.append(unreadable(folder, exc, APP_ID))
        return "unreadable"
    for entry in entries:
        _add_store(entry, entry.name, facts)
    return "found" if entries else "absent"


def _add_store(folder: Path, profile: str | None, facts: MachineFacts) -> None:
    size = measure_folder(folder)
    if size.denied:
        facts.flags[protected_folders.FULL_DISK_ACCESS_FLAG] = "denied"
    facts.data_stores.append(
        DataStore(
            app=APP_ID,
            kind="outlook_mac_profile",
            path=str(folder),
            bytes=size.bytes,
            files=size.files,
            profile=profile,
        )
    )
