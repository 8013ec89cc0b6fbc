"""An error nobody expected shows a copyable report instead of the program dying
silently: one sentence, the helpdesk, and the details (the traceback, also in the log)."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.wizard.widgets import label, set_level

log = logging.getLogger("assistant.crash")

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


class CrashReport(QDialog):
    def __init__(
        self,
        sentence: str,
        contact: str,
        details: str,
        copy_text: str,
        copied: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sentence = label(sentence)
        set_level(self.sentence, "blocked")
        self.contact = label(contact)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(sentence)
        self.feedback = label()
        self.copy_button = QPushButton(copy_text)
        self.copy_button.setAccessibleName(copy_text.replace("&", ""))
        self._copied = copied
        self.copy_button.clicked.connect(self.copy)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (
            self.sentence,
            self.contact,
            self.details,
            self.copy_button,
            self.feedback,
            close,
        ):
            layout.addWidget(widget)
        self.resize(640, 420)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join((self.sentence.text(), self.contact.text(), self.details.toPlainText()))
        )
        self.feedback.setText(self._copied)
        set_level(self.feedback, "ok")


def install_excepthook(describe: Callable[[], tuple[str, str, str, str]]) -> Hook:
    """Install the hook; ``describe`` gives (sentence, contact, copy label, copied label)
    in the current language. Returns the previous hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error in the GUI\n%s", details)
        if QApplication.instance() is None:
            previous(kind, error, tb)
            return
        sentence, contact, copy_text, copied = describe()
        dialog = CrashReport(sentence, contact, details, copy_text, copied)
        hook.dialog = dialog  # type: ignore[attr-defined]  # kept alive; tests look at it
        dialog.open()

    sys.excepthook = hook
    return previous
