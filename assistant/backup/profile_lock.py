"""Is a Thunderbird profile open right now? Read from its lock files, changing nothing.

Thunderbird marks a profile in use three ways: on Linux a ``lock`` symlink whose target is
``IP:+PID``; on Linux and macOS a POSIX lock held on ``.parentlock``; on Windows
``parent.lock`` opened without sharing. A stale lock left by a crash holds none of these.
(The Thunderbird detection may offer its own check; the backup plan takes any predicate.)
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH115

from __future__ import annotations

import os
import sys
from pathlib import Path

import psutil


def _lock_symlink_pid(profile: Path) -> int | None:
    try:
        target = os.readlink(profile / "lock")
    except OSError:
        return None
    _, _, pid = target.rpartition("+")
    return int(pid) if pid.isdigit() else None


def _parentlock_held(profile: Path) -> bool:
    path = profile / ".parentlock"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        path = profile / "parent.lock"
        try:
            with path.open("rb"):
                return False
        except PermissionError:
            return True
        except OSError:
            return False
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        # A shared lock is refused while Thunderbird holds its exclusive one. Nothing is
        # written; the lock (if we got it) goes away at once.
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def thunderbird_profile_in_use(profile: Path) -> bool:
    pid = _lock_symlink_pid(profile)
    if pid is not None and pid != os.getpid() and psutil.pid_exists(pid):
        return True
    return _parentlock_held(profile)
