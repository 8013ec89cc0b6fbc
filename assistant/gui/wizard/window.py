"""The wizard's window: the step list, the current page, Back and the one primary button,
"Report for the helpdesk", and the red error state.

Only the first page is built (and imported) at start; the others come when first
reached, so the window appears about as fast as a bare QWizard. Work that touches the
disk runs on Qt's thread pool (``gui/jobs.py``); this thread only shows results.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.gui.wizard.diagnosing import Diagnosing
from assistant.gui.wizard.widgets import label, plain, set_text
from assistant.i18n import Message
from assistant.journey import STEPS, Journey, Step

if TYPE_CHECKING:  # QCloseEvent: PySide builds the QEvent types (some 3 ms) on first use
    from PySide6.QtGui import QCloseEvent

    from assistant.app_context import AppContext
    from assistant.gui.jobs import Job
    from assistant.gui.wizard.page import Page
    from assistant.gui.wizard.panels import ErrorPanel

log = logging.getLogger(__name__)

PAGES: dict[Step, str] = {
    Step.WELCOME: "page_welcome.WelcomePage",
    Step.WEB_ONLY: "page_welcome.WebOnlyPage",
    Step.CHECK: "page_check.CheckPage",
    Step.CHOOSE: "page_choose.ChoosePage",
    Step.PREPARE: "page_prepare.PreparePage",
    Step.BACKUP: "page_backup.BackupPage",
    Step.CHANGE: "page_change.ChangePage",
    Step.RECHECK: "page_recheck.RecheckPage",
    Step.DONE: "page_done.DonePage",
}
LANGUAGE_SETTING = "language"  # "system", "ja" or "en"


def log_unexpected(error: object) -> None:
    """An error the core did not put in words goes to the log with its traceback."""
    if isinstance(error, BaseException) and not isinstance(error, AssistantError):
        log.error("wizard: unexpected error", exc_info=error)


class WizardWindow(QDialog):
    diagnosis_ready = Signal()  # the first diagnosis arrived (or failed: check_failure)
    page_shown = Signal(object)  # the Step now shown

    def __init__(self, context: AppContext, settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = context
        self.settings = settings if settings is not None else QSettings()
        self.journey = Journey()
        self.pages: dict[Step, Page] = {}
        self._frames: dict[Step, QWidget] = {}
        self._jobs: list[Job] = []
        self.diagnosing = Diagnosing(self)  # the one diagnosis running off this thread
        self.check_failure: object = None  # why the first diagnosis failed (the error)
        self.shown_error: object = None  # what the red state says (shown in each language)
        self.busy = False  # a backup or a change is running: closing asks first
        self.closing_when_done = False  # asked and cancelled: closes once the work stopped
        self.closed = False
        self._build()
        self.resize(960, 680)
        self.show_step(Step.WELCOME)

    def add_window_buttons(self) -> None:
        """Minimise and maximise in the title bar, changed on the shown window in place
        (called once the first page is on screen: the first ``Qt.…`` value builds the
        Python enums of the whole Qt namespace, some 30 ms the first page need not wait)."""
        from PySide6.QtCore import Qt

        flags = self.windowFlags() | Qt.WindowType.WindowMinMaxButtonsHint
        if self.windowHandle() is None:
            self.setWindowFlags(flags)
            return
        self.overrideWindowFlags(flags)  # the widget's own record, window not re-created
        self.windowHandle().setFlags(flags)  # the window system's, in place

    def build_next_page(self) -> None:
        """Build the page Next leads to while the user reads this one (called once the first
        page is on screen), so that Next shows it at once instead of importing and building
        it then (the Check page: some 40 ms)."""
        following = self.journey.next_step()
        if following is not None and not self.closed:
            self.page(following)

    # -- the frame -------------------------------------------------------------------

    def _build(self) -> None:
        self.step_labels: dict[Step, Any] = {}
        self.step_marks: dict[Step, Any] = {}
        self.steps_heading = label(heading=True, selectable=False)
        grid = QGridLayout()
        grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance("▶") + 4)
        grid.addWidget(self.steps_heading, 0, 0, 1, 2)
        for row, step in enumerate(STEPS, start=1):
            mark, item = label(selectable=False), label(selectable=False)
            self.step_marks[step], self.step_labels[step] = mark, item
            grid.addWidget(mark, row, 0)
            grid.addWidget(item, row, 1)
        grid.setColumnStretch(1, 1)
        steps = QVBoxLayout()
        steps.addLayout(grid)
        steps.addStretch(1)
        step_frame = QFrame()
        step_frame.setLayout(steps)
        step_frame.setFixedWidth(190)
        step_frame.setFrameShape(QFrame.Shape.StyledPanel)

        self.header = label(heading=True)
        self.stack = QStackedWidget()
        self._error_panel: ErrorPanel | None = None  # built with the first error
        body = QVBoxLayout()
        body.addWidget(self.header)
        body.addWidget(self.stack, 1)
        self.body = body

        top = QHBoxLayout()
        top.addWidget(step_frame)
        top.addLayout(body, 1)

        self.report_button = QPushButton()
        self.report_button.setAutoDefault(False)
        self.report_button.clicked.connect(self.open_report)
        self.back_button = QPushButton()
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.primary_button = QPushButton()
        self.primary_button.setDefault(True)
        self.primary_button.clicked.connect(self.go_next)
        bar = QHBoxLayout()
        bar.addWidget(self.report_button)
        bar.addStretch(1)
        bar.addWidget(self.back_button)
        bar.addWidget(self.primary_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(bar)

    def _render_frame(self) -> None:
        tr = self.context.tr
        page = self.pages[self.journey.current]
        title = page.title()
        self.setWindowTitle(title)  # the platform adds the application's name once
        set_text(self.header, title)
        set_text(self.steps_heading, tr("wizard.steps"))
        here = STEPS.index(self.journey.step_in_list())
        for number, step in enumerate(STEPS):
            text = tr("wizard.step_line", number=number + 1, title=tr(f"wizard.title.{step}"))
            mark = "▶" if number == here else ("✓" if number < here else "")
            item = self.step_labels[step]
            set_text(item, text)
            self.step_marks[step].setText(mark)
            state = "current" if number == here else ("done" if number < here else "next")
            item.setAccessibleDescription(tr(f"wizard.step_state.{state}"))
            font = item.font()
            font.setBold(number == here)
            item.setFont(font)
            item.setEnabled(number <= here)
        for button, key in (
            (self.report_button, "wizard.nav.report"),
            (self.back_button, "wizard.nav.back"),
        ):
            button.setText(tr(key))
            button.setAccessibleName(plain(tr(key)))
        self.update_nav()

    def update_nav(self) -> None:
        page = self.pages.get(self.journey.current)
        if page is None:
            return
        self.back_button.setEnabled(self.journey.can_go_back and not self.busy)
        text = page.primary_text()
        self.primary_button.setText(text)
        self.primary_button.setAccessibleName(plain(text))
        self.primary_button.setEnabled(page.primary_enabled() and not self.busy)
        self.primary_button.setVisible(bool(text))

    # -- pages -------------------------------------------------------------------------

    def page(self, step: Step) -> Page:
        found = self.pages.get(step)
        if found is None:
            module_name, class_name = PAGES[step].split(".")
            module = importlib.import_module(f"assistant.gui.wizard.{module_name}")
            found = getattr(module, class_name)(self)
            assert found is not None
            found.changed.connect(self.update_nav)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(found)
            self.stack.addWidget(scroll)
            self.pages[step] = found
            self._frames[step] = scroll
        return found

    @property
    def error_panel(self) -> ErrorPanel:
        if self._error_panel is None:
            from assistant.gui.wizard.panels import ErrorPanel

            self._error_panel = ErrorPanel()
            edges = QVBoxLayout()  # its edges on the page's boxes (the page's margins)
            page = self.pages.get(self.journey.current) or self.pages[Step.WELCOME]
            margins = page.layout_.contentsMargins()
            edges.setContentsMargins(margins.left(), 0, margins.right(), 0)
            edges.addWidget(self._error_panel)
            self.body.addLayout(edges)
        return self._error_panel

    def clear_error(self) -> None:
        self.shown_error = None
        if self._error_panel is not None:
            self._error_panel.clear()

    def show_step(self, step: Step) -> None:
        self.clear_error()
        page = self.page(step)
        self.stack.setCurrentWidget(self._frames[step])
        page.entered()
        self._render_frame()
        self.page_shown.emit(step)
        self.primary_button.setFocus()

    def go_next(self) -> None:
        page = self.pages[self.journey.current]
        if not self.primary_button.isEnabled() or not page.primary():
            return
        if self.journey.next_step() is None:
            if self.journey.current is Step.DONE:
                self.close()
            return
        page.left()
        self.show_step(self.journey.advance())

    def go_back(self) -> None:
        if not self.journey.can_go_back or self.busy:
            return
        self.pages[self.journey.current].left()
        self.show_step(self.journey.go_back())

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.update_nav()
        if not busy and self.closing_when_done:
            self.close()  # the cancelled work has cleaned up after itself

    # -- work off this thread -------------------------------------------------------------

    def run(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Any], None]
    ) -> None:
        import shiboken6

        from assistant.gui.jobs import start_job  # with the first work, not the first page

        holder: list[Job] = []

        def finish(callback: Callable[[Any], None]) -> Callable[[Any], None]:
            def called(value: Any) -> None:
                if not shiboken6.isValid(self):
                    return  # the window was closed and deleted while the work ran
                if holder and holder[0] in self._jobs:
                    self._jobs.remove(holder[0])
                if not self.closed:
                    callback(value)

            return called

        job = start_job(work, finish(done), finish(failed))
        holder.append(job)
        self._jobs.append(job)

    def start_check(self) -> None:
        """The first diagnosis, once (the Check page, the report, or after the first paint)."""
        if self.diagnosing.running or self.journey.diagnosis is not None:
            return
        self.check_failure = None
        self.diagnosing.start(self._checked, self._check_failed)

    def _checked(self, diagnosis: object) -> None:
        self.journey.diagnosis = diagnosis  # type: ignore[assignment]
        self.diagnosis_ready.emit()

    def _check_failed(self, error: object) -> None:
        log_unexpected(error)
        self.check_failure = error
        self.diagnosis_ready.emit()

    # -- errors ------------------------------------------------------------------------

    def error_sentence(self, error: object) -> str:
        """An error in the current language: a sentence already said as it is, a message
        or the core's error in words, anything else as "unexpected, see the log"."""
        tr = self.context.tr
        if isinstance(error, str):
            return error
        if isinstance(error, AssistantError):
            error = error.message
        if isinstance(error, Message):
            env = self.context.__dict__.get("env")  # unbuilt: a refused --root, said as given
            if env is not None:  # paths as the machine shows them, not a snapshot's host folder
                from assistant.shown_paths import message_as_shown

                error = message_as_shown(error, env.shown_path)
            return tr.render(error)
        from assistant.logsetup import log_file

        return tr("error.unexpected", log=str(log_file()))

    def contact_line(self) -> str:
        """The helpdesk in one sentence ("" until the organisation profile is read)."""
        if "organization" not in self.context.__dict__:
            return ""  # never read on this thread: it comes with the first page's work
        from assistant.report_text import contact_text

        return contact_text(self.context.organization, self.context.tr, "wizard.error.contact")

    def show_error(self, error: object) -> str:
        """The red state under the page: one sentence, the contact, the details (the
        error is kept, not its sentence: a language switch says it again)."""
        log_unexpected(error)
        return self._show_error(error)

    def show_check_failure(self) -> None:
        """Why the first diagnosis failed (logged when it failed)."""
        self._show_error(self.check_failure)

    def _show_error(self, error: object) -> str:
        self.shown_error = error
        return self.say_error(self.error_panel, error)

    def say_error(self, panel: ErrorPanel, error: object) -> str:
        """``error`` in a red state (the window's, or one a page keeps by its button)."""
        sentence = self.error_sentence(error)
        details = ""
        if isinstance(error, BaseException):
            details = f"{type(error).__name__}: {error}"
        tr = self.context.tr
        panel.show_error(sentence, self.contact_line(), tr("wizard.error.details"), details)
        return sentence

    # -- language, report, closing ----------------------------------------------------------

    def set_language(self, choice: str) -> None:
        """ "system", "ja" or "en": remembered, and applied now to every visible text."""
        from assistant.i18n import system_language

        self.settings.setValue(LANGUAGE_SETTING, choice)
        language = system_language() if choice == "system" else choice
        self.context.set_language(language)  # type: ignore[arg-type]
        from PySide6.QtWidgets import QApplication

        from assistant.gui.app import install_qt_translations

        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_qt_translations(app, self.context.language)
            app.setApplicationDisplayName(self.context.tr("gui.app_name"))
        for page in self.pages.values():
            page.show_state()
        self._render_frame()
        if self.shown_error is not None:
            self._show_error(self.shown_error)

    def open_report(self) -> None:
        from assistant.gui.wizard.report_dialog import HelpdeskReportDialog

        dialog = HelpdeskReportDialog(self)
        self.report_dialog = dialog
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            from assistant.gui import dialogs

            tr = self.context.tr
            if not self.closing_when_done:
                if not dialogs.ask_yes_no(self, tr("wizard.close.title"), tr("wizard.close.busy")):
                    event.ignore()
                    return
                self.closing_when_done = True
                for page in self.pages.values():
                    page.left()  # a running backup is cancelled ...
            event.ignore()  # ... and removes its unfinished folder before the window goes
            return
        self.closed = True
        for page in self.pages.values():
            page.left()  # timers stop, a running backup is cancelled
        event.accept()  # not QDialog's closeEvent: it would call reject() again

    def reject(self) -> None:
        """Esc closes the window like its close box (asking while work runs)."""
        self.close()
