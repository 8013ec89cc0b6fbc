"""Done: what changed, where the backup is, how to undo, the Gmail send-as note, the
helpdesk; Copy report (with "copied") and Save report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.report_actions import ReportButtons
from assistant.gui.wizard.widgets import label, set_text

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow

SECTIONS = ("changed", "backup", "undo", "note", "contact")


class DonePage(Page):
    title_key = "wizard.title.done"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.boxes = {}
        self.texts = {}
        for name in SECTIONS:
            box = QGroupBox()
            text = label()
            QVBoxLayout(box).addWidget(text)
            self.layout_.addWidget(box)
            self.boxes[name], self.texts[name] = box, text
        self.report = ReportButtons(window)
        self.layout_.addWidget(self.report)
        self.layout_.addStretch(1)

    def show_state(self) -> None:
        super().show_state()
        tr, journey = self.tr_, self.journey
        changed = [
            tr("wizard.done.switched", count=s.servers, profile=s.profile) for s in journey.switched
        ]
        if not changed:
            changed.append(
                tr("wizard.done.nothing_changed")
                if journey.chosen_app is None
                else tr("wizard.done.follow_guide")
            )
        backups = [
            tr("wizard.done.backup_line", folder=self.shown_path(b.folder)) for b in journey.backups
        ]
        undo = [tr("wizard.done.undo_switch", copy=s.copy) for s in journey.switched]
        if journey.backups:
            undo.append(tr("wizard.done.undo_backup"))
        d = journey.latest_diagnosis()
        notes = [tr.render(a.message) for a in d.advisories if a.id == "gmail_send_as"] if d else []
        sections = {
            "changed": changed,
            "backup": backups or [tr("wizard.done.no_backup")],
            "undo": undo or [tr("wizard.done.nothing_to_undo")],
            "note": notes,
            "contact": [self.window_.contact_line()],
        }
        for name in SECTIONS:
            self.boxes[name].setTitle(tr(f"wizard.done.section.{name}"))
            lines = [line for line in sections[name] if line]
            set_text(self.texts[name], "\n".join(lines))
            self.boxes[name].setVisible(bool(lines))
        self.report.show_state()

    def primary_text(self) -> str:
        return self.tr_("wizard.nav.close")

    def primary_enabled(self) -> bool:
        return True
