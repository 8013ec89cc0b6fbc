"""Check again: the diagnosis once more; per account ✓ or what is still wrong, with the
troubleshooting guide. This session's backup counts: it is not asked for again. A check
that fails is said here, in red beside "Check again" (with the helpdesk), never a dead end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.panels import ErrorPanel
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.guides.catalog import GuideKey
from assistant.journey_cards import account_lines

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow


class RecheckPage(Page):
    title_key = "wizard.title.recheck"
    intro_key = "wizard.recheck.intro"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.headline = label()
        self.lines_box = QVBoxLayout()
        self.lines: list[QLabel] = []
        self.todo = label()
        self.troubleshooting = QPushButton()
        self.troubleshooting.setAutoDefault(False)
        self.troubleshooting.clicked.connect(self._troubleshooting)
        self.failure: object = None  # why the last check failed (the error, said when shown)
        self.error = ErrorPanel()
        self.again = QPushButton()
        self.again.setAutoDefault(False)
        self.again.clicked.connect(self.check)
        self.layout_.addWidget(self.busy)
        self.layout_.addWidget(self.headline)
        self.layout_.addLayout(self.lines_box)
        self.layout_.addWidget(self.todo)
        self.add_button(self.troubleshooting)
        self.layout_.addWidget(self.error)
        self.add_button(self.again)
        self.layout_.addStretch(1)

    @property
    def checking(self) -> bool:
        return self.window_.diagnosing.running

    def entered(self) -> None:
        super().entered()
        self.check()

    def check(self) -> None:
        self.failure = None
        self.window_.diagnosing.start(self._checked, self._failed)
        self.show_state()
        self.changed.emit()

    def _checked(self, diagnosis: object) -> None:
        self.journey.recheck = diagnosis  # type: ignore[assignment]
        self.failure = None
        self.show_state()
        self.changed.emit()

    def _failed(self, error: object) -> None:
        from assistant.gui.wizard.window import log_unexpected

        log_unexpected(error)
        self.failure = error  # said on this page, beside "Check again" (not under it)
        self.show_state()
        self.changed.emit()
        if self.isVisible():
            self.again.setFocus()

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        failed = self.failure is not None and not self.checking
        d = None if failed else self.journey.recheck  # an earlier check's lines: not now
        self.busy.setVisible(self.checking)
        found = account_lines(d, tr) if d is not None and not self.checking else []
        while len(self.lines) < len(found):
            line = label()
            self.lines.append(line)
            self.lines_box.addWidget(line)
        for number, line in enumerate(self.lines):
            line.setVisible(number < len(found))
            if number < len(found):
                item = found[number]
                level = "ok" if item.ok else "blocked"
                mark = tr(f"wizard.mark.{level}")
                set_text(line, tr("wizard.marked", mark=mark, text=item.text))
                set_level(line, level)
        if failed:
            headline = tr("wizard.recheck.failed.headline")
        elif self.checking or d is None:
            headline = tr("wizard.recheck.checking") if self.checking else ""
        elif not found:
            headline = tr("wizard.recheck.no_accounts")
        elif all(item.ok for item in found):
            headline = tr("wizard.recheck.all_ok")
        else:
            headline = tr("wizard.recheck.some_wrong")
        set_text(self.headline, headline)
        todo = [
            tr("wizard.bullet", text=tr.render(a.message))
            for a in (d.actions if d is not None and not self.checking else [])
            if a.severity == "required"
        ]
        set_text(self.todo, "\n".join(todo))
        self.todo.setVisible(bool(todo))
        self.troubleshooting.setText(tr("wizard.change.open.troubleshooting"))
        self.troubleshooting.setAccessibleName(plain(tr("wizard.change.open.troubleshooting")))
        self.troubleshooting.setVisible(any(not item.ok for item in found))
        self._show_failure(failed)

    def _show_failure(self, failed: bool) -> None:
        """The red state beside "Check again": one sentence, the helpdesk, the details;
        the button stays, to try again."""
        tr = self.tr_
        self.say_failure(self.error, self.failure if failed else None)
        text = tr("wizard.check.retry")
        self.again.setText(text)
        self.again.setAccessibleName(plain(text))
        self.again.setAccessibleDescription(tr("wizard.recheck.failed.again") if failed else "")
        self.again.setVisible(not self.checking)

    def _troubleshooting(self) -> None:
        from assistant.gui.open_guide import open_guide

        problem = open_guide(
            GuideKey("troubleshooting"), self.tr_.language, self.context.organization
        )
        if problem is not None:
            self.window_.show_error(problem)

    def primary_enabled(self) -> bool:
        return not self.checking and super().primary_enabled()
