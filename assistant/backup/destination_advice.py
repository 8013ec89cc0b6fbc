"""What to tell about a backup destination before the backup: a folder a sync service
mirrors (OneDrive, iCloud Drive, Dropbox, Google Drive) holds the backup on the same
cloud the mail may be lost with, and fills the user's quota; external media is better."""

from __future__ import annotations

from pathlib import PurePath

# Folder names a sync client owns (compared case-insensitively, as a path part or its
# beginning: "OneDrive - Chubu University" is OneDrive).
SYNCED_FOLDERS = {
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "icloudrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",  # ~/Library/Mobile Documents (iCloud Documents)
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
}


def synced_service(path: str | PurePath) -> str | None:
    """The sync service that mirrors ``path`` (by its folder names), or None."""
    text = str(path).replace("\\", "/")
    for part in text.split("/"):
        lowered = part.strip().lower()
        for prefix, service in SYNCED_FOLDERS.items():
            if (
                lowered == prefix
                or lowered.startswith(prefix + " -")
                or (prefix == "onedrive" and lowered.startswith("onedrive"))
            ):
                return service
    return None
