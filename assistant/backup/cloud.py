"""Cloud storage around a backup: files that are only in the cloud, and synced folders.

- OneDrive Files On-Demand (Windows) and iCloud Drive's "Optimise Mac Storage" leave
  placeholders: the name and size are there, the contents are not. Reading one downloads
  it (slow, and fails offline). Windows marks them ``FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS``
  (``st_file_attributes``); macOS ``SF_DATALESS`` (``st_flags``). The user is told before
  the backup starts.
- A backup written inside OneDrive or iCloud Drive is uploaded as it is written, and the
  sync client holds its files open (the final rename may be refused): the user is told.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.environment import Environment

FILE_ATTRIBUTE_OFFLINE = 0x1000
FILE_ATTRIBUTE_RECALL_ON_OPEN = 0x40000
FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS = 0x400000
SF_DATALESS = 0x40000000  # <sys/stat.h> on macOS
_WINDOWS_CLOUD_ONLY = (
    FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS | FILE_ATTRIBUTE_RECALL_ON_OPEN | FILE_ATTRIBUTE_OFFLINE
)
ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")


# Whether this system's stat can say it at all (Linux's cannot: no placeholders there).
CLOUD_FIELDS = any(hasattr(os.stat_result, f) for f in ("st_file_attributes", "st_flags"))


def cloud_only(st: Any) -> bool:
    """Whether a file's stat says its contents are only in the cloud (the fields exist
    only where the system has them: ``st_file_attributes`` on Windows, ``st_flags`` on
    macOS and BSD)."""
    attributes = getattr(st, "st_file_attributes", 0) or 0
    flags = getattr(st, "st_flags", 0) or 0
    return bool(attributes & _WINDOWS_CLOUD_ONLY) or bool(flags & SF_DATALESS)


def synced_folders(env: Environment) -> list[tuple[str, Path]]:
    """(service, folder) for the sync clients' folders of the user: OneDrive from its
    environment variables (set by the OneDrive client), iCloud Drive's folder."""
    found: list[tuple[str, Path]] = []
    if env.platform == "windows":
        for variable in ONEDRIVE_VARIABLES:
            value = env.getenv(variable)
            if value:
                folder = env.windows_path(value)
                if all(folder != known for _, known in found):
                    found.append(("OneDrive", folder))
    if env.platform == "macos":
        found.append(("iCloud Drive", env.home_path("Library", "Mobile Documents")))
        cloud_storage = env.home_path("Library", "CloudStorage")  # OneDrive for Mac, ...
        with contextlib.suppress(OSError):
            found.extend(
                ("OneDrive", p) for p in sorted(cloud_storage.iterdir()) if "OneDrive" in p.name
            )
    return found


def synced_folder_of(path: Path, folders: Sequence[tuple[str, Path]]) -> tuple[str, Path] | None:
    """The synced folder ``path`` is in, if any (compared without case: Windows, macOS)."""
    text = str(path.absolute()).casefold()
    for service, folder in folders:
        top = str(folder).casefold().rstrip("\\/")
        if text == top or text.startswith((top + "/", top + "\\")):
            return service, folder
    return None
