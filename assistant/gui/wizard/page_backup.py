"""Back up: the engine and its progress view (bytes, files, speed, time left, the file
being copied, Cancel), verification, the result in plain words with "Open folder"; a
finished backup is recorded for the rest of the journey. A backup refused or failed is
said once, in the page's red box above "Start backup" (with the helpdesk and Details)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton

from assistant.backup.destination import backup_folder_name
from assistant.backup.job import BackupResult
from assistant.backup.plan import sources_from_facts
from assistant.backup.progress import CancelToken, Progress
from assistant.backup.sentences import describe, progress_figures
from assistant.gui.backup_progress import BackupProgressView
from assistant.gui.backup_run import BackupRelay, run_backup
from assistant.gui.wizard.page import Page
from assistant.gui.wizard.panels import ErrorPanel
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.gui.wizard.window import log_unexpected
from assistant.i18n import Message
from assistant.journey_records import BackupRecord
from assistant.sizes import human_size

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow


class BackupPage(Page):
    title_key = "wizard.title.backup"
    intro_key = "wizard.backup.intro"
    backup_done = Signal(object)  # the BackupResult, or the error that refused it
    progress_shown = Signal(object)  # the Progress just shown

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.where = label()
        self.progress = BackupProgressView("")
        self.progress.setVisible(False)
        self.status = label()
        self.result = label()
        self.cancel_button = QPushButton()
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton()
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_folder)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.error = ErrorPanel()  # at the foot of the page: right above "Start backup"
        for widget in (self.where, self.progress, self.status, self.result):
            self.layout_.addWidget(widget)
        self.layout_.addLayout(buttons)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.error)
        self.running = False
        self.cancel_token = CancelToken()
        self.outcome: BackupResult | None = None
        self.refusal: object = None  # why the backup could not run (the error, said when shown)
        self.problem: object = None  # why the backup folder could not be opened
        self.last_progress: Progress | None = None  # the figures reached, said when shown
        self.relay = BackupRelay(self)
        self.relay.progress.connect(self._progress)

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        self.progress.setTitle(tr("gui.backup.progress_heading"))
        self.progress.bar.setAccessibleName(tr("gui.backup.progress_heading"))
        dest = self.journey.destination
        set_text(self.where, tr("wizard.prepare.destination", folder=self.shown_path(dest or "")))
        for button, key in (
            (self.cancel_button, "gui.backup.cancel"),
            (self.open_button, "gui.backup.open_folder"),
        ):
            button.setText(tr(key))
            button.setAccessibleName(plain(tr(key)))
        self.cancel_button.setVisible(self.running)
        done = self.outcome is not None and self.outcome.status == "completed"
        self.open_button.setVisible(done)
        if self.running:
            key = "gui.backup.cancelling" if self.cancel_token.cancelled else "gui.backup.running"
            set_text(self.status, tr(key))
        else:
            set_text(self.status, "")
        self.status.setVisible(self.running)
        if self.last_progress is not None:
            self.progress.show_figures(progress_figures(self.last_progress, tr))
            if not self.running:
                self.progress.ended(done)
        failure = self._failure()
        if self.outcome is not None and failure is None:
            text = self._outcome_text(self.outcome)
            if not done:  # cancelled (or failed without a reason): what the user can do now
                text += "\n" + tr(f"wizard.backup.next.{self.outcome.status}")
            set_text(self.result, text)
            level = {"completed": "ok", "cancelled": "change"}.get(self.outcome.status, "blocked")
            set_level(self.result, level)
        else:
            set_text(self.result, "")
        self.result.setVisible(bool(self.result.text()))
        error, then = (None, "") if failure is None else failure
        self.say_failure(self.error, error, then)

    def _failure(self) -> tuple[object, str] | None:
        """What the red box says, if anything: the error, and what happened since and what
        the user can do now."""
        tr = self.tr_
        again = tr("wizard.backup.next.failed")
        if self.refusal is not None:
            return self.refusal, again
        outcome = self.outcome
        if outcome is not None and outcome.status == "failed" and outcome.error is not None:
            since = describe(outcome, tr, self.shown_path)[1:]  # the unfinished folder, …
            return outcome.error, "\n".join([*since, again])
        if self.problem is not None:
            return self.problem, ""
        return None

    def _outcome_text(self, outcome: BackupResult) -> str:
        """The result in words: the wizard's own sentence when complete, else the engine's
        (a backup kept under its unfinished name is the engine's sentence: it says why)."""
        tr = self.tr_
        if (
            outcome.status != "completed"
            or outcome.error is not None
            or outcome.backup_dir is None
            or outcome.kept_unrenamed
        ):
            return "\n".join(describe(outcome, tr, self.shown_path))
        sentences = [
            tr(
                "wizard.backup.completed",
                files=tr("wizard.count.files", count=outcome.files),
                size=human_size(outcome.bytes),
                folder=self.shown_path(outcome.backup_dir),
            )
        ]
        # Then the engine's other sentences: files changed while copied, skipped files.
        sentences += describe(outcome, tr, self.shown_path)[1:]
        return "\n".join(sentences)

    def primary_text(self) -> str:
        if self.journey.needs_backup(self.journey.chosen_app):
            return self.tr_("gui.backup.start")
        return super().primary_text()

    def primary_enabled(self) -> bool:
        return not self.running

    def primary(self) -> bool:
        if not self.journey.needs_backup(self.journey.chosen_app):
            return True
        self.start()
        return False

    def start(self) -> None:
        d = self.journey.diagnosis
        if self.running or d is None or self.journey.destination is None:
            return
        self.running = True
        self.outcome, self.refusal, self.last_progress = None, None, None
        self.problem = None
        self.cancel_token = CancelToken()
        self.progress.reset()
        self.progress.setVisible(True)
        env, relay, cancel = self.context.env, self.relay, self.cancel_token
        requests = sources_from_facts(d.facts, self.journey.chosen_app)
        parent = Path(self.journey.destination)
        name = backup_folder_name(self.tr_, datetime.now())
        self.window_.set_busy(True)
        self.show_state()
        self.cancel_button.setFocus()
        self.run(
            lambda: run_backup(env, requests, parent, name, cancel, relay),
            self._finished,
            self._failed,
        )

    def _progress(self, progress: object) -> None:
        if self.running and isinstance(progress, Progress):
            self.last_progress = progress
            self.progress.show_figures(progress_figures(progress, self.tr_))
            self.progress_shown.emit(progress)

    def cancel(self) -> None:
        if self.running and not self.cancel_token.cancelled:
            self.cancel_token.cancel()
            self.show_state()

    def left(self) -> None:
        self.cancel()  # the window asked before it let the user leave

    def _finished(self, result: object) -> None:
        assert isinstance(result, BackupResult)
        self.running = False
        self.outcome = result
        self.progress.ended(result.status == "completed")
        if result.status == "completed" and result.backup_dir is not None:
            d = self.journey.diagnosis
            app = self.journey.chosen_app or ""
            paths = tuple(self.journey.store_paths(app)) if d else ()
            self.journey.record_backup(BackupRecord(app, str(result.backup_dir), paths))
        if result.status == "failed":
            log_unexpected(result.error)
        self._ended()
        self.backup_done.emit(result)

    def _failed(self, error: object) -> None:
        self.running = False
        self.refusal = error
        log_unexpected(error)
        self.progress.setVisible(False)
        self._ended()
        self.backup_done.emit(error)

    def _ended(self) -> None:
        self.window_.set_busy(False)
        self.show_state()
        self.changed.emit()
        if self.open_button.isVisible() or self.error.isVisible():
            self.window_.primary_button.setFocus()  # "Next", or "Start backup" to try again

    def open_folder(self) -> None:
        if self.outcome is None or self.outcome.backup_dir is None:
            return
        folder = str(self.outcome.backup_dir)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(folder)):
            self.problem = Message("gui.backup.open_folder_failed", {"folder": folder})
            self.show_state()
