"""What the test machine's system offers, so a test that needs something skips, saying
why, on a system without it (the suite runs on Linux here and CI, and on the Windows and
macOS runners of .github/workflows)."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from pathlib import Path

import pytest

CAN_FIFO = hasattr(os, "mkfifo")
CAN_UNIX_SOCKET = hasattr(socket, "AF_UNIX") and os.name == "posix"
POSIX_MODES = os.name == "posix"
# macOS refuses paths longer than 1024 bytes (PATH_MAX); Windows and Linux take longer
# ones (Windows through \\?\ paths, which is what the deep-path tests are for).
DEEP_PATH_LENGTH = 900 if sys.platform == "darwin" else 1200


def _can_symlink() -> bool:
    """Windows lets only administrators (or developer mode) make symbolic links."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            os.symlink("target", Path(folder) / "link")
        except (OSError, NotImplementedError):
            return False
    return True


CAN_SYMLINK = _can_symlink()

posix_modes = pytest.mark.skipif(
    not POSIX_MODES, reason="Windows has no POSIX modes: a private folder there is an ACL"
)
needs_fcntl = pytest.mark.skipif(
    os.name != "posix", reason="uses fcntl (POSIX locks and flushes): Windows has none"
)


def linux_home_or_skip() -> None:
    """For tests that lay out ``~/.thunderbird`` and run the live command line: the live
    Windows and macOS profile folders are elsewhere (their layouts are tested from
    snapshots)."""
    if sys.platform != "linux":
        pytest.skip("lays out a Linux home (~/.thunderbird) for the live command line")
