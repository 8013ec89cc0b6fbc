"""What this session of the wizard has done, as the journey records it: a verified backup,
a Thunderbird profile switched to OAuth2. (Apart from ``journey.py``: the first page needs
the journey, not these; each dataclass costs the start some 0.8 ms to build.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackupRecord:
    """A finished, verified backup of this session."""

    app: str
    folder: str  # where it is, as the user's machine writes it
    paths: tuple[str, ...]  # the data-store paths it holds (as detection gave them)


@dataclass(frozen=True)
class SwitchRecord:
    """One Thunderbird profile switched to OAuth2 in this session."""

    profile: str
    servers: int
    copy: str  # the copy of prefs.js kept beside it (the undo)
    undone: bool = False
