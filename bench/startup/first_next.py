"""The first Next: the assistant started as ``first_page.py`` starts it; the user reads the
Welcome page for a moment (1.5 s), then presses Next. Prints the wall and CPU milliseconds
from the click to the Check page painted ("next WALL CPU PAGE"), and exits."""

import os
import sys
import time
from types import ModuleType
from typing import Any

from on_import import on_import  # this folder is the script's: first on sys.path

from assistant.cli import main

READ_MS = 1500


def press_next_after_reading(window_module: ModuleType) -> None:
    from PySide6.QtCore import QTimer  # loaded by the program by now
    from PySide6.QtWidgets import QApplication

    window_class = window_module.WizardWindow
    build = window_class.__init__

    def built(self: Any, *args: Any, **kwargs: Any) -> None:
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

    window_class.__init__ = built


on_import("assistant.gui.wizard.window", press_next_after_reading)
sys.exit(main(sys.argv[1:]))
