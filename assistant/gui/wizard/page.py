"""What every page of the wizard is: it shows the journey's state and asks; the journey
(``assistant/journey.py``) decides where Next leads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from assistant.gui.wizard.widgets import label, set_text

if TYPE_CHECKING:
    from assistant.app_context import AppContext
    from assistant.gui.wizard.panels import ErrorPanel
    from assistant.gui.wizard.window import WizardWindow
    from assistant.i18n import Translator
    from assistant.journey import Journey


class Page(QWidget):
    """A page: ``render`` sets every text from the current language and state (so a
    language switch is one call), ``entered`` runs each time it is shown."""

    changed = Signal()  # whether the primary button may be pressed may have changed
    title_key = ""
    intro_key = ""

    def __init__(self, window: WizardWindow) -> None:
        super().__init__()
        self.window_ = window
        self.layout_ = QVBoxLayout(self)
        self.intro = label()
        self.layout_.addWidget(self.intro)

    @property
    def context(self) -> AppContext:
        return self.window_.context

    @property
    def journey(self) -> Journey:
        return self.window_.journey

    @property
    def tr_(self) -> Translator:
        return self.window_.context.tr

    def add_button(self, button: QPushButton) -> None:
        """A secondary button on its own line, as wide as its text (never the primary)."""
        button.setAutoDefault(False)
        line = QHBoxLayout()
        line.addWidget(button)
        line.addStretch(1)
        self.layout_.addLayout(line)

    def say_failure(self, panel: ErrorPanel, error: object, then: str = "") -> None:
        """The page's own red box, by the button that acts on it: ``error`` in one sentence
        with ``then`` (what the user can do now), the helpdesk and Details; hidden when
        ``error`` is None."""
        if error is None:
            panel.clear()
            return
        self.window_.say_error(panel, error)
        panel.show_then(then)

    def shown_path(self, path: str | Path) -> str:
        """A path as the diagnosed machine shows it (``/home/u/…``, ``C:\\Users\\…``), never
        the host folder a snapshot sits in: the one function every page shows paths with."""
        return self.context.env.shown_path(path)

    def title(self) -> str:
        return self.tr_(self.title_key)

    def show_state(self) -> None:
        if self.intro_key:
            set_text(self.intro, self.tr_(self.intro_key))
        self.intro.setVisible(bool(self.intro_key))

    def entered(self) -> None:
        self.show_state()

    def left(self) -> None:
        """The user moved to another page."""

    def primary_text(self) -> str:
        return self.tr_("wizard.nav.next")

    def primary_enabled(self) -> bool:
        return self.journey.next_step() is not None

    def primary(self) -> bool:
        """The primary button was pressed; True moves on to the next page."""
        return True

    def run(
        self, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[Any], None]
    ) -> None:
        self.window_.run(work, done, failed)
