"""The assistant started as a user starts it (``mail-migration-assistant`` with no words,
as the desktop's shortcut does, through the real command line), stopped the moment its
first page is on screen: prints "shown" and exits. Everything before that moment
(interpreter, imports, parsing, the window) counts.

The modules load in the program's own order: the window's module is patched when the
program imports it (``on_import.py``), nothing is imported earlier for the bench. (Loading
Qt or the window here first would move the program's Qt-free modules after Qt: PySide then
examines the source of every module imported after it, its ``__feature__`` hook.)
"""

import os
import sys
from collections.abc import Callable
from types import ModuleType

from on_import import on_import  # this folder is the script's: first on sys.path

from assistant.cli import main


def stop_at_first_page(window_module: ModuleType) -> None:
    window_class = window_module.WizardWindow
    show = window_class.show

    def show_then_stop(self: object) -> None:
        from PySide6.QtWidgets import QApplication  # loaded by the program by now

        show(self)
        QApplication.processEvents()
        sys.stdout.write("shown\n")
        sys.stdout.flush()
        os._exit(0)

    window_class.show = show_then_stop


def start(patches: dict[str, Callable[[ModuleType], None]] | None = None) -> None:
    """Run the program's start, stopped at its first page; ``patches``: more modules to
    change as the program imports them (first_page_callgrind.py quiets a timer)."""
    on_import("assistant.gui.wizard.window", stop_at_first_page)
    for name, patch in (patches or {}).items():
        on_import(name, patch)
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    start()
