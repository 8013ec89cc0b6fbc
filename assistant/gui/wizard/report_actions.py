"""Copy and Save the report for the helpdesk (text or JSON), each with visible feedback:
"copied", "saved to …", or the one sentence saying why not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from assistant.gui import dialogs
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.i18n import Message

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow


def report_texts(window: WizardWindow) -> tuple[str, str] | None:
    """(text, JSON) of the newest diagnosis of this session; None before the first."""
    from assistant.report import report_json, report_text

    d = window.journey.latest_diagnosis()
    if d is None:
        return None
    tr = window.context.tr
    data = report_json(d, tr)
    data["session"] = {
        "backups": [{"app": b.app, "folder": b.folder} for b in window.journey.backups],
        "thunderbird_switched": [
            {"profile": s.profile, "servers": s.servers, "copy": s.copy, "undone": s.undone}
            for s in window.journey.switches
        ],
    }
    return report_text(d, tr), json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(path: Path, text: str) -> None:
    # A name that is not valid UTF-8 is written as its \udcXX escape (as on the CLI).
    path.write_text(text, encoding="utf-8", errors="backslashreplace")


class ReportButtons(QWidget):
    """Copy report, Save report…, and the line that says what happened."""

    copied = Signal()
    saved = Signal(str)  # the path, or "" when saving failed

    def __init__(self, window: WizardWindow, *, as_json: bool = False) -> None:
        super().__init__()
        self.window_ = window
        self.as_json = as_json  # what Copy takes (the dialog's JSON tab sets it)
        self.copy_button = QPushButton()
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton()
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.feedback = label()
        self.said: tuple[Message, str] | None = None  # the feedback and its level
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.copy_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        self.show_state()

    def show_state(self) -> None:
        tr = self.window_.context.tr
        for button, key in (
            (self.copy_button, "wizard.report.copy"),
            (self.save_button, "wizard.report.save"),
        ):
            button.setText(tr(key))
            button.setAccessibleName(plain(tr(key)))
        ready = self.window_.journey.latest_diagnosis() is not None
        self.copy_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        if self.said is not None:  # said again in the language of the moment
            set_text(self.feedback, tr.render(self.said[0]))
            set_level(self.feedback, self.said[1])
        self.feedback.setVisible(self.said is not None)

    def _say(self, message: Message, level: str) -> None:
        self.said = (message, level)
        self.show_state()

    def copy(self) -> None:
        texts = report_texts(self.window_)
        if texts is None:
            return
        QGuiApplication.clipboard().setText(texts[1] if self.as_json else texts[0])
        self._say(Message("wizard.report.copied"), "ok")
        self.copied.emit()

    def save(self) -> None:
        texts = report_texts(self.window_)
        if texts is None:
            return
        tr = self.window_.context.tr
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(documents) / tr("gui.report_file_name"))
        path, chosen = dialogs.ask_save_path(
            self, plain(tr("wizard.report.save")), suggested, tr("gui.save_filters")
        )
        if not path:
            return
        as_json = path.lower().endswith(".json") or "json" in chosen.lower()
        text = texts[1] if as_json else texts[0]
        self.window_.run(
            lambda: _write(Path(path), text),
            lambda _: self._saved(path),
            lambda error: self._save_failed(path, error),
        )

    def _saved(self, path: str) -> None:
        self._say(Message("wizard.report.saved", {"file": path}), "ok")
        self.saved.emit(path)

    def _save_failed(self, path: str, error: object) -> None:
        reason = getattr(error, "strerror", None) or str(error)
        self._say(Message("gui.save_failed", {"file": path, "reason": reason}), "blocked")
        self.saved.emit("")
