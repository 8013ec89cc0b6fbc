"""Is a Thunderbird profile in use right now? (The fix and the backup both ask.)

Thunderbird locks a profile while it runs (``toolkit/profile/nsProfileLock.cpp``):
on Linux and macOS it holds an ``fcntl`` lock on ``.parentlock`` (Linux also makes a
``lock`` symlink to ``IP:+PID``); on Windows it keeps ``parent.lock`` open without
sharing. The files stay behind after Thunderbird exits, so their presence means
nothing: only a lock that is actually held, or a Thunderbird process that uses the
profile, counts.
"""

from __future__ import annotations

import contextlib
import os
import struct
import sys
from pathlib import Path

import psutil

from assistant.datafile import open_regular
from assistant.environment import Environment

PROCESS_NAMES = frozenset({"thunderbird", "thunderbird-bin", "thunderbird.exe"})


def profile_in_use(profile: Path, env: Environment | None = None) -> bool:
    """True when a Thunderbird holds this profile's lock or runs with it open."""
    if lock_held(profile):
        return True
    if env is not None and not env.live:
        return False
    return any(_process_uses(proc, profile) for proc in _thunderbird_processes())


def lock_held(profile: Path) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_lock_held(profile / "parent.lock")
    return _fcntl_lock_held(profile / ".parentlock")


def _windows_lock_held(path: Path) -> bool:  # pragma: no cover - Windows only
    try:
        with path.open("rb"):
            return False
    except FileNotFoundError:
        return False
    except PermissionError:
        return True  # a sharing violation: Thunderbird has it open
    except OSError:
        return False


def _fcntl_lock_held(path: Path) -> bool:
    """Ask the kernel whether anyone holds a write lock on the file, without taking it."""
    if sys.platform == "win32":  # pragma: no cover - lock_held looks at parent.lock there
        return False
    import fcntl

    try:
        fd = open_regular(path)  # non-blocking, regular files only: a FIFO cannot hang us
    except OSError:
        return False
    try:
        if sys.platform.startswith("linux") and struct.calcsize("l") == 8:
            # struct flock on 64-bit Linux: short type, short whence, off_t start, len, pid.
            query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
            answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
            lock_type = struct.unpack("hhqqi4x", answer)[0]
            return bool(lock_type != fcntl.F_UNLCK)
        return _try_lock(fd)
    except OSError:
        return False
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take and drop a shared lock: fails only while Thunderbird holds its lock."""
    if sys.platform == "win32":  # pragma: no cover - lock_held looks at parent.lock there
        return False
    import fcntl

    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    fcntl.lockf(fd, fcntl.LOCK_UN)
    return False


def _thunderbird_processes() -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["name"]):
        name = str(proc.info.get("name") or "").lower()
        if name in PROCESS_NAMES:
            found.append(proc)
    return found


def _process_uses(proc: psutil.Process, profile: Path) -> bool:
    try:
        target = profile.resolve()
    except OSError:
        target = profile
    with contextlib.suppress(psutil.Error, OSError):
        args = proc.cmdline()
        for i, arg in enumerate(args):
            is_option = arg.lower() in ("--profile", "-profile") and i + 1 < len(args)
            if is_option and _same(Path(args[i + 1]), target):
                return True
        for opened in proc.open_files():
            if _inside(Path(opened.path), target):
                return True
    return False


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except OSError:
        return False
