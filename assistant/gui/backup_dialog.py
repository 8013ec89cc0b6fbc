"""The backup dialog: what is backed up, where to, Start, progress, Cancel, the result.

The work runs on Qt's thread pool (``backup_run``); every widget is touched on the GUI
thread only. Refusals are the engine's one sentence; a cancelled backup is cancelled,
not failed; closing while it runs asks, cancels, and waits for the unfinished folder
to be removed before the dialog goes.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.backup.destination import backup_folder_name, free_name, writable_backup_parent
from assistant.backup.job import BackupResult
from assistant.backup.plan import BackupPlan, SourceRequest, sources_from_facts
from assistant.backup.progress import CancelToken, Progress
from assistant.backup.sentences import describe, progress_figures, request_lines, source_lines
from assistant.detect.facts import DataStore, MachineFacts
from assistant.errors import AssistantError
from assistant.gui import dialogs
from assistant.gui.backup_progress import BackupProgressView, selectable_label
from assistant.gui.backup_run import BackupRelay, preview_plan, run_backup
from assistant.gui.jobs import Job, start_job
from assistant.sizes import human_size

if TYPE_CHECKING:
    from assistant.app_context import AppContext

log = logging.getLogger(__name__)


class BackupDialog(QDialog):
    """Backs up the data stores of ``facts`` (or only ``store``) into a dated folder."""

    preview_done = Signal()
    progress_shown = Signal(object)  # the Progress just shown
    backup_done = Signal(object)  # a BackupResult, or the refusal sentence (str)

    def __init__(
        self,
        session: AppContext,
        facts: MachineFacts,
        store: DataStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.tr_ = tr = session.tr
        self.requests: list[SourceRequest] = [
            r for r in sources_from_facts(facts) if store is None or str(r.path) == str(store.path)
        ]
        self.dest_parent = writable_backup_parent(session.env)
        self.folder_name = backup_folder_name(tr, datetime.now())
        self.backup_result: BackupResult | None = None
        self.running = False
        self._cancel = CancelToken()
        self.closing_when_done = False
        self._fit_pending = False
        self._job: Job | None = None
        self._preview_job: Job | None = None
        self._preview_number = 0
        self._relay = BackupRelay(self)
        self._relay.planned.connect(self._show_plan)
        self._relay.progress.connect(self._show_progress)

        self.setWindowTitle(tr("gui.backup.title"))
        self.setAccessibleName(tr("gui.backup.title"))
        self.setMinimumWidth(640)
        self._build(any(s.kind == "ost" for s in facts.data_stores))
        self._show_destination()
        self.start_preview()

    # -- the widgets ---------------------------------------------------------------

    def _build(self, has_ost: bool) -> None:
        tr = self.tr_
        self.intro = selectable_label(tr("gui.backup.title"), tr("gui.backup.intro"))

        what = QGroupBox(tr("gui.backup.what"))
        self.sources = selectable_label(tr("gui.backup.what"), tr("gui.backup.counting"))
        what_layout = QVBoxLayout(what)
        what_layout.addWidget(self.sources)
        if has_ost:
            what_layout.addWidget(
                selectable_label(tr("gui.backup.ost_note"), tr("gui.backup.ost_note"))
            )

        where = QGroupBox(tr("gui.backup.destination"))
        self.destination = selectable_label(tr("gui.backup.destination"))
        self.space = selectable_label(tr("gui.backup.destination"))
        self.change_button = QPushButton(tr("gui.backup.change"))
        self.change_button.setAccessibleName(_plain(tr("gui.backup.change")))
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self.change_destination)
        row = QHBoxLayout()
        row.addWidget(self.space, 1)
        row.addWidget(self.change_button)
        where_layout = QVBoxLayout(where)
        where_layout.addWidget(self.destination)
        where_layout.addLayout(row)

        self.status = selectable_label(tr("gui.backup.status"))

        self.progress_box = BackupProgressView(tr("gui.backup.progress_heading"))
        self.progress_box.setVisible(False)

        self.result_text = selectable_label(tr("gui.backup.result"))
        self.result_text.setVisible(False)

        self.open_button = QPushButton(tr("gui.backup.open_folder"))
        self.open_button.setAccessibleName(_plain(tr("gui.backup.open_folder")))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_backup_folder)
        self.open_button.setVisible(False)
        self.start_button = QPushButton(tr("gui.backup.start"))
        self.start_button.setAccessibleName(_plain(tr("gui.backup.start")))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(tr("gui.backup.cancel"))
        self.cancel_button.setAccessibleName(_plain(tr("gui.backup.cancel")))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(False)
        self.close_button = QPushButton(tr("gui.backup.close"))
        self.close_button.setAccessibleName(tr("gui.backup.close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in (self.start_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(what)
        layout.addWidget(where)
        layout.addWidget(self.status)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.result_text)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # Tab order: the choice first, then what to do with it.
        QWidget.setTabOrder(self.change_button, self.start_button)
        QWidget.setTabOrder(self.start_button, self.cancel_button)
        QWidget.setTabOrder(self.cancel_button, self.close_button)
        QWidget.setTabOrder(self.close_button, self.open_button)

    def _show_destination(self) -> None:
        folder = self.dest_parent / free_name(self.dest_parent, self.folder_name)
        self.destination.setText(self.tr_("gui.backup.destination_line", folder=str(folder)))

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """Grow to show every wrapped line (a dialog keeps its first height otherwise),
        once the labels' new texts have reached the layout: on the next turn of the loop."""
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_now)  # dropped if the dialog goes first

    def _fit_now(self) -> None:
        self._fit_pending = False
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (
            layout.totalHeightForWidth(self.width())
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(self.width(), needed)

    # -- before Start: what would be backed up ---------------------------------------

    def start_preview(self) -> None:
        tr = self.tr_
        self.space.setText("")
        if not self.requests:
            self.sources.setText(tr("gui.backup.nothing_found"))
            self.start_button.setEnabled(False)
            self.change_button.setEnabled(False)
            self._set_status("")
            self.preview_done.emit()
            return
        self.sources.setText(tr("gui.backup.counting"))
        self._set_status("")
        self._preview_number += 1
        number = self._preview_number
        env, requests = self.session.env, list(self.requests)
        parent, name = self.dest_parent, self.folder_name
        self._preview_job = start_job(
            lambda: preview_plan(env, requests, parent, name),
            lambda plan: self._previewed(number, plan, None),
            lambda error: self._previewed(number, None, error),
        )

    def _previewed(self, number: int, plan: object, error: object) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed and deleted while the preview counted
        if number != self._preview_number or self.running:
            return  # an older preview (the destination changed since), or Start was pressed
        tr = self.tr_
        if isinstance(plan, BackupPlan):
            self._show_plan(plan)
        else:
            self.sources.setText(
                "\n".join(
                    tr("gui.backup.item", text=line) for line in request_lines(self.requests, tr)
                )
            )
            self._set_status(self._error_text(error))
        self._fit()
        self.preview_done.emit()

    def _show_plan(self, plan: object) -> None:
        assert isinstance(plan, BackupPlan)
        tr = self.tr_
        self.sources.setText(
            "\n".join(tr("gui.backup.item", text=line) for line in source_lines(plan, tr))
        )
        self.space.setText(
            tr(
                "gui.backup.space",
                free=tr("mailbackup.space_unknown")
                if plan.free_bytes is None
                else human_size(plan.free_bytes),
                needed=human_size(plan.needed_bytes),
            )
        )
        self.destination.setText(tr("gui.backup.destination_line", folder=str(plan.final_dir)))
        self._fit()

    def change_destination(self) -> None:
        chosen = dialogs.ask_folder(
            self, self.tr_("gui.backup.choose_title"), str(self.dest_parent)
        )
        if not chosen:
            return
        self.dest_parent = Path(chosen)
        self._show_destination()
        self.start_preview()

    # -- the backup ----------------------------------------------------------------

    def start(self) -> None:
        if self.running or not self.requests:
            return
        tr = self.tr_
        self.running = True
        self.backup_result = None
        self._cancel = CancelToken()
        self.closing_when_done = False
        self._preview_number += 1  # a preview still counting is no longer wanted
        self.start_button.setVisible(False)
        self.change_button.setEnabled(False)
        self.close_button.setVisible(False)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()
        self.open_button.setVisible(False)
        self.result_text.setVisible(False)
        self.progress_box.reset()
        self.progress_box.setVisible(True)
        self._set_status(tr("gui.backup.preparing"))
        env, requests, relay, cancel = (
            self.session.env,
            list(self.requests),
            self._relay,
            self._cancel,
        )
        parent, name = self.dest_parent, self.folder_name
        self._job = start_job(
            lambda: run_backup(env, requests, parent, name, cancel, relay),
            self._finished,
            self._failed,
        )

    def _show_progress(self, progress: object) -> None:
        assert isinstance(progress, Progress)
        if not self.running:
            return
        figures = progress_figures(progress, self.tr_)
        if not self._cancel.cancelled:
            self._set_status(self.tr_("gui.backup.running"))
        self.progress_box.show_figures(figures)
        self.progress_shown.emit(progress)

    def cancel(self) -> None:
        """Cancel the running backup; the result arrives once its folder is removed."""
        if not self.running or self._cancel.cancelled:
            return
        self._cancel.cancel()
        self.cancel_button.setEnabled(False)
        self._set_status(self.tr_("gui.backup.cancelling"))

    def _finished(self, result: object) -> None:
        assert isinstance(result, BackupResult)
        self.backup_result = result
        self._ended(" ".join(describe(result, self.tr_)), completed=result.status == "completed")
        self.backup_done.emit(result)

    def _failed(self, error: object) -> None:
        text = self._error_text(error)
        self._ended(text, completed=False)
        self.backup_done.emit(text)

    def _error_text(self, error: object) -> str:
        if isinstance(error, AssistantError):
            return self.tr_.render(error.message)
        from assistant.logsetup import log_file

        if isinstance(error, BaseException):
            log.error("backup dialog: unexpected error", exc_info=error)
        return self.tr_("error.unexpected", log=str(log_file()))

    def _ended(self, text: str, *, completed: bool) -> None:
        self.running = False
        self._set_status("")
        self.progress_box.ended(completed)
        self.result_text.setText(text)
        self.result_text.setVisible(True)
        self._fit()
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.change_button.setEnabled(not completed)
        self.start_button.setVisible(not completed)
        self.open_button.setVisible(completed)
        if completed:
            self.close_button.setDefault(True)
            self.open_button.setFocus()
        else:
            self.start_button.setDefault(True)
            self._show_destination()  # the next try gets a fresh folder name
        if self.closing_when_done:
            super().reject()

    def open_backup_folder(self) -> None:
        if self.backup_result is None or self.backup_result.backup_dir is None:
            return
        folder = str(self.backup_result.backup_dir)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):
            dialogs.show_error(
                self,
                self.tr_("gui.backup.title"),
                self.tr_("gui.backup.open_folder_failed", folder=folder),
            )

    def reject(self) -> None:
        """Esc, Close and the window's close box: while a backup runs, ask, then cancel and
        close once the unfinished folder is gone."""
        if not self.running:
            super().reject()
            return
        if self._cancel.cancelled:
            self.closing_when_done = True
            return
        tr = self.tr_
        if dialogs.ask_yes_no(
            self, tr("gui.backup.confirm_close_title"), tr("gui.backup.confirm_close")
        ):
            self.closing_when_done = True
            self.cancel()


def _plain(text: str) -> str:
    """A button's text without its mnemonic (``(&S)`` in Japanese, ``&`` in English)."""
    return re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
