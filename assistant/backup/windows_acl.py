"""Windows: a backup folder readable by its owner only.

A folder inherits the permissions of the folder it is made in: private under the user's
profile, but readable by every user of the PC on a second disk or a USB drive formatted
NTFS. ``icacls`` removes what is inherited and grants full control to the user alone
(its sub-folders and files inherit that). Where that fails (FAT and exFAT have no
permissions at all) the user is told plainly that the backup is not private.
"""

from __future__ import annotations

import getpass
import logging
import os
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)


def owner_only_command(path: Path, user: str, domain: str | None) -> list[str]:
    """``icacls PATH /inheritance:r /grant:r DOMAIN\\\\USER:(OI)(CI)F``."""
    who = f"{domain}\\{user}" if domain else user
    return ["icacls", str(path), "/inheritance:r", "/grant:r", f"{who}:(OI)(CI)F"]


def restrict_to_owner(path: Path) -> bool:
    """True when ``path`` is now readable by the current user only."""
    argv = owner_only_command(path, getpass.getuser(), os.environ.get("USERDOMAIN"))
    try:
        done = _run(argv)
    except OSError:
        log.warning("icacls could not be run for %s", path, exc_info=True)
        return False
    if done.returncode != 0:
        log.warning("icacls refused %s: %s", path, (done.stdout + done.stderr).strip())
    return done.returncode == 0


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )
