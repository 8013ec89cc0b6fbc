"""Choose: which app to move now (preselected: the one whose accounts must change); for
Outlook "do you use sorting rules?"; an app to update first says how, and the page
checks again by itself until it is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.journey_cards import app_cards, app_title

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow

RECHECK_MS = 5_000  # how often a blocked app is looked at again
RULES_ANSWERS = ("yes", "no", "how")


class ChoosePage(Page):
    title_key = "wizard.title.choose"
    intro_key = "wizard.choose.intro"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.apps = QButtonGroup(self)
        self.apps.idClicked.connect(self._chosen)
        self.app_box = QVBoxLayout()
        self.app_buttons: list[QRadioButton] = []
        self.layout_.addLayout(self.app_box)
        self.blocked = label()
        self.layout_.addWidget(self.blocked)
        self.rules_box = QGroupBox()
        rules_layout = QVBoxLayout(self.rules_box)
        self.rules = QButtonGroup(self)
        self.rules_buttons: list[QRadioButton] = []
        for number in range(len(RULES_ANSWERS)):
            button = QRadioButton()
            self.rules.addButton(button, number)
            self.rules_buttons.append(button)
            rules_layout.addWidget(button)
        self.rules_help = label()
        rules_layout.addWidget(self.rules_help)
        self.rules.idClicked.connect(self._rules_answered)
        self.layout_.addWidget(self.rules_box)
        self.layout_.addStretch(1)
        self.timer = QTimer(self)
        self.timer.setInterval(RECHECK_MS)
        self.timer.timeout.connect(self._look_again)

    def entered(self) -> None:
        if self.journey.chosen_app not in self.journey.candidates():
            self.journey.chosen_app = self.journey.preselected()
        super().entered()

    def left(self) -> None:
        self.timer.stop()

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        d = self.journey.diagnosis
        candidates = self.journey.candidates()
        names = {f.app.app_id: app_title(f) for f in d.apps} if d else {}
        words = {c.app_id: c.verdict for c in app_cards(d, tr)} if d else {}
        while len(self.app_buttons) < len(candidates):
            button = QRadioButton()
            self.apps.addButton(button, len(self.app_buttons))
            self.app_buttons.append(button)
            self.app_box.addWidget(button)
        for number, button in enumerate(self.app_buttons):
            button.setVisible(number < len(candidates))
            if number < len(candidates):
                app = candidates[number]
                text = tr(
                    "wizard.choose.app_line", app=names.get(app, app), state=words.get(app, "")
                )
                button.setText(text)
                button.setAccessibleName(plain(text))
                button.setChecked(app == self.journey.chosen_app)
        chosen = self.journey.chosen_app
        blocked = self.journey.blocked(chosen)
        if blocked and d is not None:
            texts = [tr.render(a.message) for a in d.actions if a.app == chosen]
            if blocked == "update_required":
                texts.append(tr("wizard.choose.rechecking"))
            set_text(self.blocked, "\n".join(texts))
            set_level(self.blocked, "blocked")
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        self.blocked.setVisible(bool(blocked))
        rules_app = self._rules_guide_offered()
        self.rules_box.setVisible(rules_app)
        self.rules_box.setTitle(tr("wizard.choose.rules.question"))
        for answer, button in zip(RULES_ANSWERS, self.rules_buttons, strict=True):
            button.setText(tr(f"wizard.choose.rules.{answer}"))
            button.setAccessibleName(plain(tr(f"wizard.choose.rules.{answer}")))
        set_text(self.rules_help, tr("wizard.choose.rules.how_text"))
        self.rules_help.setVisible(self.rules.checkedId() == RULES_ANSWERS.index("how"))

    def _rules_guide_offered(self) -> bool:
        d, chosen = self.journey.diagnosis, self.journey.chosen_app
        if d is None:
            return False
        return any(f.app.app_id == chosen and f.verdict.rules_guide for f in d.apps)

    def _chosen(self, number: int) -> None:
        candidates = self.journey.candidates()
        if number < len(candidates):
            self.journey.chosen_app = candidates[number]
            self.journey.uses_rules = None
            self.rules.setExclusive(False)
            for button in self.rules_buttons:
                button.setChecked(False)
            self.rules.setExclusive(True)
        self.show_state()
        self.changed.emit()

    def _rules_answered(self, number: int) -> None:
        answer = RULES_ANSWERS[number]
        self.journey.uses_rules = {"yes": True, "no": False}.get(answer)
        self.show_state()
        self.changed.emit()

    def primary_enabled(self) -> bool:
        if self._rules_guide_offered() and self.journey.uses_rules is None:
            return False
        return super().primary_enabled()

    def _look_again(self) -> None:
        """An update may have happened: diagnose again (off this thread)."""
        if not self.window_.diagnosing.running:  # the next tick asks again
            self.window_.diagnosing.start(self._looked, self._look_failed)

    def _looked(self, diagnosis: object) -> None:
        self.journey.diagnosis = diagnosis  # type: ignore[assignment]
        if self.isVisible():
            self.show_state()
            self.changed.emit()

    def _look_failed(self, error: object) -> None:
        self.timer.stop()
        self.window_.show_error(error)
