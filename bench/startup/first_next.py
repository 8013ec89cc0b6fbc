"""The first Next: the assistant started as ``first_page.py`` starts it; the user reads the
Welcome page for a moment (1.5 s), then presses Next. Prints the wall and CPU milliseconds
from the click to the Check page painted ("next WALL CPU PAGE"), and exits."""

import os
import sys
import time
from argparse import Namespace
from typing import Any

from assistant.cli import main
from assistant.cli.commands import gui as gui_command

_run = gui_command.run
READ_MS = 1500


def run_until_check_page(args: Namespace, session: Any) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.gui.wizard import window as wizard_window

    build = wizard_window.WizardWindow.__init__

    def built(self: wizard_window.WizardWindow, *args: Any, **kwargs: Any) -> None:
        build(self, *args, **kwargs)

        def press_next() -> None:
            wall, cpu = time.perf_counter(), time.process_time()
            self.primary_button.click()
            QApplication.processEvents()  # the Check page painted
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            sys.stdout.write(f"next {wall * 1000:.2f} {cpu * 1000:.2f} {self.journey.current}\n")
            sys.stdout.flush()
            os._exit(0)

        QTimer.singleShot(READ_MS, press_next)

    wizard_window.WizardWindow.__init__ = built  # type: ignore[method-assign]
    return _run(args, session)


gui_command.run = run_until_check_page

sys.exit(main(sys.argv[1:]))
