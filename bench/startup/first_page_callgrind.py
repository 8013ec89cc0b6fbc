"""``first_page.py`` for an instruction count, the figure a loaded machine does not move:

    LANG=ja_JP.UTF-8 XDG_CONFIG_HOME=$(mktemp -d) QT_QPA_PLATFORM=offscreen \\
      valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
      .venv/bin/python bench/startup/first_page_callgrind.py [WORDS...]

against ``bench/startup/bare_qwizard.py ja`` counted the same way (run each once first,
so that both count with their bytecode written). The same start as ``first_page.py``,
except that the Welcome page's read of the organisation profile, set for 100 ms after
the page, never starts: under valgrind's slowness it would start before the paint, on a
thread, and move the count by some 50M instructions from one run to the next."""

import os
import sys
from argparse import Namespace
from typing import Any

from assistant.cli import main
from assistant.cli.commands import gui as gui_command

_run = gui_command.run


class _NoTimer:
    @staticmethod
    def singleShot(*_: object) -> None:
        pass


def run_until_first_page(args: Namespace, session: Any) -> int:
    from PySide6.QtWidgets import QApplication

    from assistant.gui.wizard import page_welcome
    from assistant.gui.wizard import window as wizard_window

    page_welcome.QTimer = _NoTimer  # type: ignore[assignment,misc]
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
