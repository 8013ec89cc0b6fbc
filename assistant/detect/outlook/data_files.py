"""Outlook data files: PSTs and OSTs the mail profiles name, and PSTs left in the
default folders (``Documents\\Outlook Files``, ``%LOCALAPPDATA%\\Microsoft\\Outlook``)
that no profile names. An OST is a copy of the server: listed, never backed up."""

from __future__ import annotations

from pathlib import Path

from assistant.detect.facts import DataStore, MachineFacts, Problem, folder_unreadable, unreadable
from assistant.detect.outlook.profiles import APP_ID, data_file_paths, mail_profiles
from assistant.detect.registry import registry_for
from assistant.environment import Environment
from assistant.i18n import Message

SHELL_FOLDERS = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders"


def detect_outlook_data_files(env: Environment, facts: MachineFacts) -> None:
    named: set[str] = set()
    for profile in mail_profiles(env):
        for kind, native in data_file_paths(profile):
            path = env.windows_path(native)
            if str(path).lower() in named:
                continue  # one PST named by two profiles is one data store
            named.add(str(path).lower())
            try:
                env.confine(path)
            except OSError as exc:
                facts.problems.append(unreadable(native, exc, APP_ID))
                continue
            size = _size(path)
            if size is None:
                facts.problems.append(
                    Problem(
                        Message(
                            "windows.outlook.data_file_missing",
                            {"file": native, "profile": profile.name},
                        ),
                        APP_ID,
                        incomplete=False,
                    )
                )
            facts.data_stores.append(
                DataStore(
                    app=APP_ID,
                    kind="pst" if kind == "pst" else "ost",
                    path=str(path),
                    bytes=size,
                    profile=profile.name,
                )
            )
    for folder in default_folders(env):
        for path in _psts_in(folder, env, facts):
            if str(path).lower() in named:
                continue
            named.add(str(path).lower())
            facts.data_stores.append(DataStore(APP_ID, "pst", str(path), _size(path)))


def default_folders(env: Environment) -> list[Path]:
    documents = [env.documents()]
    key = registry_for(env).registry.open(SHELL_FOLDERS)
    moved = key.text("Personal") if key else None
    if moved:
        documents.insert(0, env.windows_path(moved))
    folders = [doc / "Outlook Files" for doc in documents]
    folders.append(env.local_appdata() / "Microsoft" / "Outlook")
    unique: list[Path] = []
    for folder in folders:
        if folder not in unique:
            unique.append(folder)
    return unique


def _psts_in(folder: Path, env: Environment, facts: MachineFacts) -> list[Path]:
    """The PSTs in a folder; a folder or PST that leads out of the snapshot is a finding."""
    try:
        names = sorted(p for p in env.confine(folder).iterdir() if p.suffix.lower() == ".pst")
    except FileNotFoundError:
        return []
    except OSError as exc:
        facts.problems.append(folder_unreadable(folder, exc, APP_ID))
        return []
    found = []
    for path in names:
        try:
            if env.confine(path).is_file():
                found.append(path)
        except OSError as exc:
            facts.problems.append(unreadable(path, exc, APP_ID))
    return found


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None
