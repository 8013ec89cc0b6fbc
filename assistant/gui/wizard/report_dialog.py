"""'Report for the helpdesk' (every page): the report as text and as JSON, Copy with
visible feedback, Save. Before the first check it runs the check itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QTabWidget, QVBoxLayout

from assistant.gui.wizard.report_actions import ReportButtons, report_texts
from assistant.gui.wizard.widgets import label, set_text

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow


class HelpdeskReportDialog(QDialog):
    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.window_ = window
        tr = window.context.tr
        self.setWindowTitle(tr("wizard.report.title"))
        self.intro = label(tr("wizard.report.intro"))
        self.tabs = QTabWidget()
        self.text = QPlainTextEdit()
        self.json = QPlainTextEdit()
        for view, key in (
            (self.text, "wizard.report.as_text"),
            (self.json, "wizard.report.as_json"),
        ):
            view.setReadOnly(True)
            view.setAccessibleName(tr(key))
            self.tabs.addTab(view, tr(key))
        self.buttons = ReportButtons(window)
        self.tabs.currentChanged.connect(self._tab)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        layout.addWidget(close)
        self.resize(720, 520)
        window.diagnosis_ready.connect(self.fill)
        if window.journey.latest_diagnosis() is None:
            set_text(self.intro, tr("gui.diagnosing"))
            window.start_check()
        self.fill()

    def _tab(self, index: int) -> None:
        self.buttons.as_json = index == 1

    def fill(self) -> None:
        texts = report_texts(self.window_)
        tr = self.window_.context.tr
        if texts is None:
            if self.window_.check_failure is not None:
                set_text(self.intro, self.window_.error_sentence(self.window_.check_failure))
            return
        set_text(self.intro, tr("wizard.report.intro"))
        self.text.setPlainText(texts[0])
        self.json.setPlainText(texts[1])
        self.buttons.show_state()
