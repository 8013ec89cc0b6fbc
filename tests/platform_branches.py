"""Run the Windows and macOS branches on Linux: the capability flags of those systems, and
the behaviour of theirs a flag stands for (Windows' FlushFileBuffers refuses a read-only
handle), reproduced where Linux is more lenient."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable

import pytest

from assistant import platform_caps


def as_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' flags, and its fsync: FlushFileBuffers on a handle without write access
    fails with ERROR_ACCESS_DENIED, which Python reports as EBADF."""
    monkeypatch.setattr(platform_caps, "CAPS", platform_caps.WINDOWS)
    if sys.platform != "win32":  # on Windows the real one does it
        monkeypatch.setattr(os, "fsync", windows_fsync(os.fsync))


def as_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(platform_caps, "CAPS", platform_caps.MACOS)


def windows_fsync(real: Callable[[int], None]) -> Callable[[int], None]:
    import fcntl

    def fsync(fd: int) -> None:
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        real(fd)

    return fsync


def fcntl_requests(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The fcntl commands asked from now on (they still run: Linux refuses macOS's
    F_FULLFSYNC with EINVAL, as a file system that cannot do it does on a Mac)."""
    import fcntl

    asked: list[int] = []
    real = fcntl.fcntl

    def spy(fd: int, cmd: int, *args: int) -> object:
        asked.append(cmd)
        return real(fd, cmd, *args)

    monkeypatch.setattr(fcntl, "fcntl", spy)
    return asked
