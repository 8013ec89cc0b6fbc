"""The report an unexpected error shows: the sentence, the helpdesk, the traceback, Copy."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.wizard.widgets import label, plain, set_level


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
        self.copy_button.setAccessibleName(plain(copy_text))
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
