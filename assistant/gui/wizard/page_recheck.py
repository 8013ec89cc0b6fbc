"""Check again: the diagnosis once more; per account ✓ or what is still wrong, with the
troubleshooting guide. This session's backup counts: it is not asked for again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout

from assistant.gui.wizard.page import Page
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
        self.layout_.addWidget(self.busy)
        self.layout_.addWidget(self.headline)
        self.layout_.addLayout(self.lines_box)
        self.layout_.addWidget(self.todo)
        self.add_button(self.troubleshooting)
        self.layout_.addStretch(1)

    @property
    def checking(self) -> bool:
        return self.window_.diagnosing.running

    def entered(self) -> None:
        super().entered()
        self.check()

    def check(self) -> None:
        self.window_.diagnosing.start(self._checked, self._failed)
        self.show_state()
        self.changed.emit()

    def _checked(self, diagnosis: object) -> None:
        self.journey.recheck = diagnosis  # type: ignore[assignment]
        self.show_state()
        self.changed.emit()

    def _failed(self, error: object) -> None:
        self.window_.show_error(error)
        self.show_state()
        self.changed.emit()

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        d = self.journey.recheck
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
        if self.checking or d is None:
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

    def _troubleshooting(self) -> None:
        from assistant.gui.open_guide import open_guide

        problem = open_guide(
            GuideKey("troubleshooting"), self.tr_.language, self.context.organization
        )
        if problem is not None:
            self.window_.show_error(problem)

    def primary_enabled(self) -> bool:
        return not self.checking and super().primary_enabled()
