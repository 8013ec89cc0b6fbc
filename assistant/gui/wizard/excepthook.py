"""An error nobody expected shows a copyable report instead of the program dying
silently: one sentence, the helpdesk, and the details (the traceback, also in the log)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger("assistant.crash")

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(describe: Callable[[], tuple[str, str, str, str]]) -> Hook:
    """Install the hook; ``describe`` gives (sentence, contact, copy label, copied label)
    in the current language. Returns the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        import traceback  # here: the first page need not wait for it

        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error in the GUI\n%s", details)
        from PySide6.QtWidgets import QApplication  # here: the module loads before Qt (gui.py)

        if QApplication.instance() is None:
            previous(kind, error, tb)
            return
        from assistant.gui.wizard.crash_report import CrashReport

        sentence, contact, copy_text, copied = describe()
        dialog = CrashReport(sentence, contact, details, copy_text, copied)
        hook.dialog = dialog  # type: ignore[attr-defined]  # kept alive; tests look at it
        dialog.open()

    sys.excepthook = hook
    return previous
