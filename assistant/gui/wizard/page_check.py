"""Check: detection on a worker; one card per app in plain words with its verdict; the
server names, ports and paths in a collapsible section for the helpdesk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QProgressBar, QPushButton, QVBoxLayout, QWidget

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.panels import Card
from assistant.gui.wizard.widgets import label, plain, set_text
from assistant.journey_cards import app_cards

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow


class CheckPage(Page):
    title_key = "wizard.title.check"
    intro_key = "wizard.check.intro"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.headline = label()
        self.cards_box = QVBoxLayout()
        cards = QWidget()
        cards.setLayout(self.cards_box)
        self.cards: list[Card] = []
        self.problems = label()
        self.settings_button = QPushButton()
        self.settings_button.setAutoDefault(False)
        self.settings_button.clicked.connect(self._open_settings)
        self.portal_button = QPushButton()
        self.portal_button.setAutoDefault(False)
        self.portal_button.clicked.connect(self._open_portal)
        self.retry_button = QPushButton()
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self._retry)
        self.contact = label()
        for widget in (self.busy, self.headline, cards, self.problems):
            self.layout_.addWidget(widget)
        self.add_button(self.settings_button)
        self.add_button(self.portal_button)
        self.layout_.addWidget(self.contact)
        self.add_button(self.retry_button)
        self.layout_.addStretch(1)
        window.diagnosis_ready.connect(self._ready)

    def entered(self) -> None:
        super().entered()
        self.window_.start_check()
        self.show_state()

    def _ready(self) -> None:
        if self.window_.check_failure is not None and self.isVisible():
            self.window_.show_check_failure()
        self.show_state()
        self.changed.emit()

    def _retry(self) -> None:
        self.window_.clear_error()
        self.window_.start_check()
        self.show_state()

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        d = self.journey.diagnosis
        checking = self.window_.diagnosing.running
        self.busy.setVisible(checking)
        self.retry_button.setVisible(d is None and not checking)
        self.retry_button.setText(tr("wizard.check.retry"))
        self.retry_button.setAccessibleName(plain(tr("wizard.check.retry")))
        if d is None:
            set_text(self.headline, tr("gui.diagnosing") if checking else "")
            for widget in (self.problems, self.settings_button, self.portal_button, self.contact):
                widget.setVisible(False)
            self._show_cards([])
            return
        found = app_cards(d, tr)
        if not found:
            headline = tr("wizard.check.nothing_found")
        elif self.journey.candidates():
            headline = tr("wizard.check.something_to_do")
        else:
            headline = tr("wizard.check.all_fine")
        set_text(self.headline, headline)
        self._show_cards(found)
        problems = [tr.render(p.message) for p in d.facts.problems]
        set_text(self.problems, "\n".join(tr("wizard.bullet", text=p) for p in problems))
        self.problems.setVisible(bool(problems))
        settings = [a for a in d.actions if a.url]
        self.settings_button.setVisible(bool(settings))
        self.settings_button.setText(tr("wizard.check.full_disk_access"))
        self.settings_button.setAccessibleName(plain(tr("wizard.check.full_disk_access")))
        self.settings_button.setAccessibleDescription(
            "\n".join(tr.render(a.message) for a in settings)
        )
        self.portal_button.setVisible(not found)
        self.portal_button.setText(tr("gui.open_portal"))
        self.portal_button.setAccessibleName(plain(tr("gui.open_portal")))
        self.contact.setVisible(not found)
        set_text(self.contact, self.window_.contact_line())

    def _show_cards(self, found: list) -> None:  # type: ignore[type-arg]
        while len(self.cards) < len(found):
            card = Card()
            self.cards.append(card)
            self.cards_box.addWidget(card)
        for card, data in zip(self.cards, found, strict=False):
            card.show_card(
                data.title,
                data.level,
                self.tr_(
                    "wizard.marked", mark=self.tr_(f"wizard.mark.{data.level}"), text=data.verdict
                ),
                list(data.sentences),
                self.tr_("wizard.check.details"),
                list(data.details),
            )
        for number, card in enumerate(self.cards):
            card.setVisible(number < len(found))

    def primary_enabled(self) -> bool:
        return self.journey.diagnosis is not None

    def _open_settings(self) -> None:
        from assistant.gui.open_guide import open_settings_page

        d = self.journey.diagnosis
        links = [a.url for a in d.actions if a.url] if d else []
        problem = open_settings_page(links[0]) if links else None
        if problem is not None:
            self.window_.show_error(problem)

    def _open_portal(self) -> None:
        from assistant.gui.open_guide import open_portal

        problem = open_portal(self.context.organization)
        if problem is not None:
            self.window_.show_error(problem)
