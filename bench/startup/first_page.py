"""The assistant started as a user starts it (``mail-migration-assistant gui`` through
the real command line), stopped the moment its first page is on screen: prints "shown"
and exits. Everything before that moment (interpreter, imports, parsing, the window)
counts."""

import os
import sys

from assistant.gui.wizard import window as wizard_window

_show = wizard_window.WizardWindow.show


def show_then_stop(self: wizard_window.WizardWindow) -> None:
    from PySide6.QtWidgets import QApplication

    _show(self)
    QApplication.processEvents()
    sys.stdout.write("shown\n")
    sys.stdout.flush()
    os._exit(0)


wizard_window.WizardWindow.show = show_then_stop  # type: ignore[method-assign]

from assistant.cli import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
