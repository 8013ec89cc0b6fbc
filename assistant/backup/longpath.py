"""Paths as the operating system must be given them, including very long Windows paths.

Windows refuses paths longer than 260 characters unless they are absolute and start with
``\\\\?\\`` (``\\\\?\\UNC\\`` for network shares). Every file the backup opens goes through
:func:`os_path`, so a deep Thunderbird folder tree or a long PST name is copied like any other.
"""

from __future__ import annotations

import ntpath
import os
import sys
from pathlib import Path

_PREFIX = "\\\\?\\"
_UNC_PREFIX = "\\\\?\\UNC\\"


def windows_long_path(path: str) -> str:
    """``C:\\a`` -> ``\\\\?\\C:\\a``; ``\\\\srv\\share`` -> ``\\\\?\\UNC\\srv\\share``."""
    if path.startswith(_PREFIX):
        return path
    absolute = ntpath.normpath(ntpath.abspath(path)) if sys.platform == "win32" else path
    absolute = ntpath.normpath(absolute)
    if absolute.startswith("\\\\"):
        return _UNC_PREFIX + absolute[2:]
    return _PREFIX + absolute


def os_path(path: Path | str) -> str:
    """The string to hand to ``os`` functions for ``path`` on this system."""
    text = os.fspath(path)
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return windows_long_path(text)
    return text
