"""The assistant started as a user starts it (``mail-migration-assistant`` with no words,
as the desktop's shortcut does, through the real command line), stopped the moment its
first page is on screen: prints "shown" and exits. Everything before that moment
(interpreter, imports, parsing, the window) counts.

The modules load in the program's own order: the command line first (as the installed
command and ``python -m assistant`` do), Qt when the ``gui`` command starts, which is
when the window is patched here. (Patching it before the command line loaded Qt first:
PySide then checks the source of every module imported after it, its ``__feature__``
hook, and the command line's imports cost some 15 ms more than they do for a user.)
"""

import os
import sys
from argparse import Namespace
from collections.abc import Callable
from typing import Any

from assistant.cli import main
from assistant.cli.commands import gui as gui_command

_run = gui_command.run


def start(before_window: Callable[[], None] = lambda: None) -> None:
    """Run the program's start, with ``before_window`` called once Qt and the window's
    module are loaded (first_page_callgrind.py quiets a timer there)."""

    def run_until_first_page(args: Namespace, session: Any) -> int:
        from PySide6.QtWidgets import QApplication

        from assistant.gui.wizard import window as wizard_window

        before_window()
        show = wizard_window.WizardWindow.show

        def show_then_stop(self: wizard_window.WizardWindow) -> None:
            show(self)
            QApplication.processEvents()
            sys.stdout.write("shown\n")
            sys.stdout.flush()
            os._exit(0)

        wizard_window.WizardWindow.show = show_then_stop  # type: ignore[method-assign]
        return _run(args, session)

    gui_command.run = run_until_first_page
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    start()
