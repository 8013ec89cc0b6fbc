"""The diagnosis window: what was found, what to do, and the report to copy or save."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.detect.facts import DataStore
from assistant.diagnose import Diagnosis
from assistant.errors import AssistantError
from assistant.gui import dialogs
from assistant.gui.backup_dialog import BackupDialog
from assistant.gui.diagnosis_html import BACKUP_LINK, PORTAL_LINK, SETTINGS_LINK, diagnosis_html
from assistant.gui.jobs import Job, start_job
from assistant.gui.plain_text import plain_html
from assistant.guides.catalog import GuideKey
from assistant.i18n import Message
from assistant.report import report_json, report_text

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from assistant.app_context import AppContext


class DiagnosisWindow(QMainWindow):
    diagnosis_done = Signal()

    def __init__(self, session: AppContext) -> None:
        super().__init__()
        self.session = session
        self.tr_ = session.tr
        self.diagnosis: Diagnosis | None = None
        self._job: Job | None = None
        self.backup_dialog: BackupDialog | None = None
        tr = self.tr_
        self.setWindowTitle(tr("gui.window_title"))
        self.resize(820, 600)

        self.headline = QLabel(tr("gui.diagnosing"))
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName(tr("gui.diagnosing"))
        self.details = QTextBrowser()
        self.details.setAccessibleName(tr("gui.results"))
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self.open_link)

        self.refresh_button = QPushButton(tr("gui.refresh"))
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.clicked.connect(self.start_diagnosis)
        self.copy_button = QPushButton(tr("gui.copy_report"))
        self.copy_button.clicked.connect(self.copy_report)
        self.save_button = QPushButton(tr("gui.save_report"))
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.clicked.connect(self.save_report)
        self.backup_button = QPushButton(tr("gui.backup.open_button"))
        self.backup_button.clicked.connect(lambda: self.open_backup())
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.backup_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout()
        layout.addWidget(self.headline)
        layout.addWidget(self.busy)
        layout.addWidget(self.details, 1)
        layout.addLayout(buttons)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self._set_busy(True)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for button in (self.refresh_button, self.backup_button, self.copy_button, self.save_button):
            button.setEnabled(not busy)

    def start_diagnosis(self) -> None:
        self._set_busy(True)
        self.headline.setText(self.tr_("gui.diagnosing"))
        self._job = start_job(self.session.diagnose, self._show, self._failed)

    def _failed(self, error: object) -> None:
        self._set_busy(False)
        self.refresh_button.setEnabled(True)
        if isinstance(error, AssistantError):
            text = self.tr_.render(error.message)
        else:
            from assistant.logsetup import log_file

            # The sentence sends the user to the log: the traceback must be there.
            exc_info = error if isinstance(error, BaseException) else None
            log.error("diagnosis: unexpected error", exc_info=exc_info)
            text = self.tr_("error.unexpected", log=str(log_file()))
        self.headline.setText(plain_html(text))  # the headline is rich text: escape
        self.diagnosis_done.emit()
        dialogs.show_error(self, self.tr_("gui.window_title"), text)

    def _show(self, diagnosis: object) -> None:
        assert isinstance(diagnosis, Diagnosis)
        self.diagnosis = diagnosis
        tr = self.tr_
        self._set_busy(False)
        key = "gui.headline_action" if diagnosis.action_needed else "gui.headline_fine"
        cutover = tr.render(diagnosis.advisories[0].message) if diagnosis.advisories else ""
        self.headline.setText(f"<b>{plain_html(tr(key))}</b><br>{plain_html(cutover)}")
        self.details.setHtml(diagnosis_html(diagnosis, tr))
        self.diagnosis_done.emit()

    def open_link(self, url: QUrl) -> None:
        """A link of the page: a guide, Outlook on the web, or an action's settings page."""
        from assistant.gui.open_guide import open_guide, open_portal, open_settings_page

        if self.diagnosis is None:
            return
        org = self.diagnosis.organization
        problem: Message | None
        if url.scheme() == BACKUP_LINK.rstrip(":"):
            number = url.path()
            stores = self.diagnosis.facts.data_stores
            if number == "":
                self.open_backup()
            elif number.isdigit() and int(number) < len(stores):
                self.open_backup(stores[int(number)])
            return
        if url.scheme() == "guide":
            try:
                key = GuideKey(url.path(), rules=url.query() == "rules")
            except ValueError:
                return
            problem = open_guide(key, self.tr_.language, org)
        elif url.toString() == PORTAL_LINK:
            problem = open_portal(org)
        elif url.toString() == SETTINGS_LINK:
            links = [a.url for a in self.diagnosis.actions if a.url]
            problem = open_settings_page(links[0]) if links else None
        else:
            return
        if problem is not None:
            dialogs.show_error(self, self.tr_("gui.window_title"), self.tr_.render(problem))

    def open_backup(self, store: DataStore | None = None) -> BackupDialog | None:
        """The backup dialog for every data store found, or only ``store``."""
        if self.diagnosis is None:
            return None
        previous = self.backup_dialog
        if previous is not None and previous.running:
            previous.raise_()
            previous.activateWindow()
            return previous
        if previous is not None:
            previous.deleteLater()  # a finished one: each opening starts afresh
        dialog = BackupDialog(self.session, self.diagnosis.facts, store, self)
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        """A running backup is cancelled (after asking) before the window goes."""
        dialog = self.backup_dialog
        if dialog is not None and dialog.running:
            event.ignore()
            if not dialog.closing_when_done:
                dialog.reject()  # asks; on Yes it cancels and closes once the folder is gone
                if dialog.closing_when_done:
                    dialog.finished.connect(self.close)
            return
        super().closeEvent(event)

    def copy_report(self) -> None:
        if self.diagnosis is not None:
            QGuiApplication.clipboard().setText(report_text(self.diagnosis, self.tr_))

    def save_report(self) -> None:
        if self.diagnosis is None:
            return
        tr = self.tr_
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(documents) / tr("gui.report_file_name"))
        path, chosen = dialogs.ask_save_path(
            self, tr("gui.save_report"), suggested, tr("gui.save_filters")
        )
        if not path:
            return
        self.write_report(Path(path), as_json=path.lower().endswith(".json") or "json" in chosen)

    def write_report(self, path: Path, *, as_json: bool) -> None:
        assert self.diagnosis is not None
        tr = self.tr_
        if as_json:
            text = json.dumps(report_json(self.diagnosis, tr), ensure_ascii=False, indent=2) + "\n"
        else:
            text = report_text(self.diagnosis, tr)
        try:
            # A name that is not valid UTF-8 is written as its \udcXX escape (as on the CLI).
            path.write_text(text, encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            dialogs.show_error(
                self,
                tr("gui.save_report"),
                tr("gui.save_failed", file=str(path), reason=exc.strerror or str(exc)),
            )
