"""Listing the folders macOS privacy protection (TCC) guards: ``~/Library/Mail``,
``~/Library/Accounts``, other apps' group containers, ``~/Documents``.

Without Full Disk Access a listing there fails with ``PermissionError`` (EPERM), and
``Path.exists()`` may even say False. Detectors list these folders only through
:func:`list_folder` (called as ``protected_folders.list_folder``) and record a refusal
as ``facts.flags[FULL_DISK_ACCESS_FLAG] = "denied"`` rather than as "nothing there".
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from assistant.boundary import confine

FULL_DISK_ACCESS_FLAG = "macos_full_disk_access"


def list_folder(path: Path, within: Sequence[Path] = ()) -> list[Path]:
    """The entries of ``path`` (inside ``within``: a snapshot's folders), sorted.

    Raises FileNotFoundError, PermissionError, OSError (OutsideSnapshot among them)."""
    confine(path, within)
    with os.scandir(path) as entries:
        return sorted(Path(entry.path) for entry in entries)


def is_folder(path: Path) -> bool:
    """Whether ``path`` is a folder; False too when macOS will not even say."""
    try:
        return path.is_dir()
    except OSError:
        return False
