"""Welcome: what the assistant does and how long it takes, the organisation's notice,
the language, "I only use Outlook on the web", and Restore. Also the web-only page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.widgets import label, plain, set_text
from assistant.i18n import format_date
from assistant.journey import Step

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow
    from assistant.organization import Organization

LANGUAGE_CHOICES = ("system", "ja", "en")


def organization_notice(org: Organization, page: Page) -> str:
    """The notice in two sentences, worded by the date (before or after the cut-over)."""
    tr = page.tr_
    lang = tr.language
    today = page.context.env.now.date()
    key = "passed" if today >= org.basic_auth_end else "coming"
    return tr(
        f"wizard.welcome.notice.{key}",
        service=org.service_name(lang),
        end=format_date(org.basic_auth_end, lang),
        deadline=format_date(org.change_deadline, lang),
    )


class WelcomePage(Page):
    title_key = "wizard.title.welcome"
    intro_key = "wizard.welcome.what"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.organization: Organization | None = None
        self.how_long = label()
        self.notice = label()
        self.language_label = label(selectable=False)
        self.language = QComboBox()
        self.language_label.setBuddy(self.language)
        self.language.addItems(["", "日本語", "English"])
        remembered = str(window.settings.value("language", "system"))
        self.language.setCurrentIndex(
            LANGUAGE_CHOICES.index(remembered) if remembered in LANGUAGE_CHOICES else 0
        )
        self.language.currentIndexChanged.connect(self._language_chosen)
        row = QHBoxLayout()
        row.addWidget(self.language_label)
        row.addWidget(self.language)
        row.addStretch(1)
        self.web_only = QPushButton()
        self.web_only.setAutoDefault(False)
        self.web_only.clicked.connect(self._web_only)
        self.restore = QPushButton()
        self.restore.setAutoDefault(False)
        self.restore.clicked.connect(self._restore)
        self.notice_box = QGroupBox()
        QVBoxLayout(self.notice_box).addWidget(self.notice)
        self.notice_box.setVisible(False)  # until the organisation profile is read
        self.layout_.addWidget(self.how_long)
        self.layout_.addWidget(self.notice_box)
        self.layout_.addLayout(row)
        self.layout_.addSpacing(12)
        for button in (self.web_only, self.restore):
            self.add_button(button)
        self.layout_.addStretch(1)

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        set_text(self.how_long, tr("wizard.welcome.how_long"))
        if self.organization is not None:
            set_text(self.notice, organization_notice(self.organization, self))
            self.notice_box.setTitle(tr("wizard.welcome.notice_title"))
            self.notice_box.setVisible(True)
        set_text(self.language_label, tr("wizard.welcome.language"))
        self.language.setItemText(0, tr("wizard.welcome.language_system"))
        self.language.setAccessibleName(tr("wizard.welcome.language"))
        for button, key in (
            (self.web_only, "wizard.welcome.web_only"),
            (self.restore, "wizard.welcome.restore"),
        ):
            button.setText(tr(key))
            button.setAccessibleName(plain(tr(key)))

    def entered(self) -> None:
        self.journey.web_only = False
        super().entered()
        if self.organization is None:  # read off this thread, once the page is painted
            QTimer.singleShot(100, self._load_organization)

    def _load_organization(self) -> None:
        self.run(lambda: self.context.organization, self._organization, self._org_failed)

    def _organization(self, org: object) -> None:
        self.organization = org  # type: ignore[assignment]
        self.show_state()

    def _org_failed(self, error: object) -> None:
        self.window_.show_error(error)

    def primary_text(self) -> str:
        return self.tr_("wizard.welcome.start")

    def _language_chosen(self, index: int) -> None:
        self.window_.set_language(LANGUAGE_CHOICES[index])

    def _web_only(self) -> None:
        self.journey.web_only = True
        self.window_.show_step(self.journey.advance())

    def _restore(self) -> None:
        from assistant.gui.wizard.restore import restore_from_backup

        restore_from_backup(self.window_)


class WebOnlyPage(Page):
    """Outlook on the web needs no change: its link and the helpdesk."""

    title_key = "wizard.title.web_only"
    intro_key = "wizard.web_only.text"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.open_portal = QPushButton()
        self.open_portal.setAutoDefault(False)
        self.open_portal.clicked.connect(self._open_portal)
        self.contact = label()
        self.add_button(self.open_portal)
        self.layout_.addWidget(self.contact)
        self.layout_.addStretch(1)

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        self.open_portal.setText(tr("gui.open_portal"))
        self.open_portal.setAccessibleName(tr("gui.open_portal"))
        set_text(self.contact, self.window_.contact_line())

    def primary_text(self) -> str:
        return self.tr_("wizard.nav.close")

    def primary_enabled(self) -> bool:
        return True

    def primary(self) -> bool:
        self.window_.close()
        return False

    def _open_portal(self) -> None:
        from assistant.gui.open_guide import open_portal

        problem = open_portal(self.context.organization)
        if problem is not None:
            self.window_.show_error(problem)


__all__ = ["Step", "WebOnlyPage", "WelcomePage"]
