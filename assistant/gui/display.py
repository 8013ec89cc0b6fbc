"""Whether a window can be shown at all (asked before Qt starts, which aborts without one).

Its own small module: the wizard asks it before its first page, which must not wait for
the guide machinery ``open_guide`` brings along."""

from __future__ import annotations

import os
import sys


def display_available() -> bool:
    """Can a window (a viewer) be shown? Without a display Qt aborts the whole program
    (exit 134) when the application starts; ask before. Windows and macOS always have one."""
    from PySide6.QtGui import QGuiApplication  # here: the module loads before Qt (gui.py)

    if QGuiApplication.instance() is not None or sys.platform in ("win32", "darwin"):
        return True
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return any(os.environ.get(name) for name in names)
