"""Change: for Thunderbird the automatic switch (a preview of exactly which servers
change, Apply, the result, Undo: the same core as ``fix thunderbird``, refused while
Thunderbird runs); for the other apps the guide's steps in the app and its PDF, the
troubleshooting guide and the Office 365 sign-in guide. What went wrong is said once, in
the page's red box at its foot (with the helpdesk and Details), above "Check again" and
the window's "Apply"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from assistant.gui.wizard.page import Page
from assistant.gui.wizard.panels import ErrorPanel
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.gui.wizard.window import log_unexpected
from assistant.guides.catalog import GuideKey
from assistant.i18n import Message
from assistant.report_text import app_name

if TYPE_CHECKING:
    from assistant.fixes.thunderbird_oauth import OAuthPlan
    from assistant.gui.wizard.window import WizardWindow

HELP_GUIDES = ("troubleshooting", "office365-signin")


def plan_lines(plans: list[OAuthPlan], page: Page) -> list[str]:
    """Exactly what Apply changes: per profile, each server and its sign-in method."""
    from assistant.detect.thunderbird.accounts import auth_of

    tr = page.tr_
    lines = []
    for plan in plans:
        lines.append(
            tr(
                "wizard.change.profile_line",
                profile=plan.profile.name,
                file=page.shown_path(plan.prefs_path),
            )
        )
        for change in plan.changes:
            text = tr(
                "wizard.change.server_line",
                protocol=change.protocol.upper(),
                host=change.host,
                old=tr(f"auth.{auth_of(change.old_method)}"),
            )
            lines.append(tr("wizard.bullet", text=text))
    return lines


class ChangePage(Page):
    title_key = "wizard.title.change"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.lead = label()
        self.steps_box = QGroupBox()
        self.steps = label()
        QVBoxLayout(self.steps_box).addWidget(self.steps)
        self.result = label()
        self.next_steps = label()
        self.guide_button = QPushButton()
        self.undo_button = QPushButton()
        self.again_button = QPushButton()  # a preview that failed: look once more
        self.help_buttons = {guide: QPushButton() for guide in HELP_GUIDES}
        buttons = QVBoxLayout()  # one per line: long names stay whole at 150 % scaling
        buttons_in_order = (
            self.guide_button,
            self.undo_button,
            *self.help_buttons.values(),
        )
        for button in buttons_in_order:
            button.setAutoDefault(False)
            line = QHBoxLayout()
            line.addWidget(button)
            line.addStretch(1)
            buttons.addLayout(line)
        self.guide_button.clicked.connect(self._open_chosen_guide)
        self.undo_button.clicked.connect(self.undo)
        self.again_button.clicked.connect(self._plan_again)
        for guide, button in self.help_buttons.items():
            button.clicked.connect(lambda _=False, g=guide: self.open_guide(GuideKey(g)))
        for widget in (self.lead, self.steps_box, self.result, self.next_steps):
            self.layout_.addWidget(widget)
        self.layout_.addLayout(buttons)
        self.layout_.addStretch(1)
        self.error = ErrorPanel()  # at the foot: right above "Check again" and "Apply"
        self.layout_.addWidget(self.error)
        self.add_button(self.again_button)
        self.plans: list[OAuthPlan] | None = None
        self.applied: list[OAuthPlan] = []  # what the last Apply changed (named when shown)
        self.summary: tuple[str, tuple[str, ...]] | None = None
        self.summary_language = ""
        # What the last Apply or Undo came to, said in the language of the moment: the
        # outcome as a message, or the error that refused it.
        self.outcome: object = None
        self.result_ok = False
        self.problem: object = None  # why a guide could not be opened
        self.working = False
        self.plan_failed = False  # the preview could not be made (said in the result)

    @property
    def switching(self) -> bool:
        return self.journey.chosen_app == "thunderbird"

    @property
    def result_text(self) -> str | None:
        """The outcome as the page says it now (None: nothing done yet)."""
        if self.outcome is None:
            return None
        if self.result_ok and isinstance(self.outcome, Message):
            return self.tr_.render(self.outcome)
        return "\n".join([self.window_.error_sentence(self.outcome), self.then_text()])

    def then_text(self) -> str:
        """What to do after a refusal: Apply refused, the button stays, to press again."""
        if self.switching and self.plans:
            return self.tr_("wizard.change.next.apply_again")
        return ""

    def entered(self) -> None:
        self.outcome, self.problem = None, None
        super().entered()
        if self.switching:
            self.plan()
        else:
            self.load_summary()

    # -- Thunderbird: preview, Apply, Undo (off this thread) ---------------------------------

    def plan(self) -> None:
        from assistant.fixes.thunderbird_oauth import plan_profiles

        env, org = self.context.env, self.context.organization
        self.plans = None
        self.plan_failed = False
        self.run(lambda: plan_profiles(env, org), self._planned, self._plan_refused)

    def _planned(self, plans: object) -> None:
        self.plan_failed = False
        self.plans = list(plans)  # type: ignore[call-overload]
        self.show_state()
        self.changed.emit()

    def apply(self) -> None:
        from datetime import datetime

        from assistant.fixes.thunderbird_switch import apply_shown

        if not self.plans or self.working:
            return
        env, org, plans = self.context.env, self.context.organization, list(self.plans)
        self.applied = plans  # what the result then names
        self._working(True)
        self.run(
            lambda: apply_shown(plans, org, env, datetime.now().astimezone()),
            self._applied,
            self._refused,
        )

    def _plan_again(self) -> None:
        self.outcome, self.problem = None, None
        self.plan()
        self.show_state()
        self.changed.emit()

    def _applied(self, records: object) -> None:
        self._working(False)
        count = 0
        for record in records:  # type: ignore[attr-defined]
            self.journey.record_switch(record)
            count += record.servers
        self.outcome = Message("wizard.change.switched", {"count": count})
        self.result_ok = True
        self.plans = []
        self.show_state()
        self.changed.emit()

    def undo(self) -> None:
        from assistant.fixes.thunderbird_switch import undo_switched

        names = [s.profile for s in self.journey.switched]
        if not names or self.working:
            return
        env = self.context.env
        self._working(True)
        self.run(lambda: undo_switched(names, env), self._undone, self._failed)

    def _undone(self, _count: object) -> None:
        self._working(False)
        self.journey.mark_undone()
        self.outcome = Message("wizard.change.undone")
        self.result_ok = True
        self.plan()  # what Apply would change now

    def _working(self, working: bool) -> None:
        if working:  # an earlier refusal no longer stands
            self.problem = None
            if not self.result_ok:
                self.outcome = None
        self.working = working
        self.window_.set_busy(working)
        self.show_state()

    def _refused(self, error: object) -> None:
        """Apply refused (Thunderbird runs, …): said; the preview stays and Apply with
        it, to press again once that is sorted out. Settings that changed since the
        preview are previewed afresh."""
        from assistant.errors import AssistantError
        from assistant.fixes.thunderbird_switch import CHANGED_MEANWHILE

        self._failed(error)
        if isinstance(error, AssistantError) and error.message.key == CHANGED_MEANWHILE:
            self.plan()

    def _plan_refused(self, error: object) -> None:
        """No preview (Thunderbird runs, prefs.js unreadable, …): said, with "Check
        again" to look once more, never "nothing to switch"."""
        self.plan_failed = True
        self._failed(error)

    def _failed(self, error: object) -> None:
        self._working(False)
        log_unexpected(error)
        self.outcome, self.result_ok = error, False
        if self.plans is None:
            self.plans = []
        self.show_state()
        self.changed.emit()

    # -- the other apps: the guide's steps --------------------------------------------------

    def guide_key(self) -> GuideKey | None:
        from assistant.guides.selection import guide_for_verdict

        d = self.journey.latest_diagnosis()
        for finding in d.apps if d else []:
            if finding.app.app_id == self.journey.chosen_app:
                return guide_for_verdict(finding.verdict, rules=bool(self.journey.uses_rules))
        return None

    def load_summary(self) -> None:
        from assistant.guides.source import guide_summary

        key = self.guide_key()
        self.summary = None
        self.summary_language = self.tr_.language
        if key is None:
            self.show_state()
            return
        language, org = self.tr_.language, self.context.organization

        def work() -> tuple[str, tuple[str, ...]]:
            summary = guide_summary(key, language, org)
            return summary.title, summary.steps

        self.run(work, self._summarised, self._failed)

    def _summarised(self, summary: object) -> None:
        self.summary = summary  # type: ignore[assignment]
        self.show_state()

    def open_guide(self, key: GuideKey) -> None:
        from assistant.gui.open_guide import open_guide

        self.problem = open_guide(key, self.tr_.language, self.context.organization)
        self.show_state()

    def _open_chosen_guide(self) -> None:
        key = self.guide_key()
        if key is not None:
            self.open_guide(key)

    # -- shown ---------------------------------------------------------------------------------

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        app = app_name(self.journey.chosen_app or "", tr)
        if self.switching:
            self._render_switch(app)
        else:
            self._render_guide(app)
        for guide, button in self.help_buttons.items():
            text = tr(f"wizard.change.open.{guide}")
            button.setText(text)
            button.setAccessibleName(plain(text))
        said = self.result_text if self.result_ok else None
        set_text(self.result, said or "")
        set_level(self.result, "ok")
        self.result.setVisible(bool(said))
        error = self.problem if self.outcome is None or self.result_ok else self.outcome
        then = "" if error is None or error is self.problem else self.then_text()
        self.say_failure(self.error, error, then)

    def _render_switch(self, app: str) -> None:
        tr = self.tr_
        self.guide_button.setVisible(False)
        switched = bool(self.journey.switched)
        self.undo_button.setVisible(switched)
        self.undo_button.setText(tr("wizard.change.undo"))
        self.undo_button.setAccessibleName(plain(tr("wizard.change.undo")))
        self.undo_button.setEnabled(not self.working)
        self.steps_box.setTitle(tr("wizard.change.preview_title"))
        self.again_button.setVisible(self.plan_failed and not self.working)
        self.again_button.setText(tr("wizard.check.retry"))
        self.again_button.setAccessibleName(plain(tr("wizard.check.retry")))
        lines: list[str]
        if self.plans is None:
            lead, lines = tr("wizard.change.planning"), []
        elif self.plan_failed and not switched:
            lead, lines = tr("wizard.change.next.plan_again"), []
        elif self.plans:
            lead = tr("wizard.change.switch_lead", app=app)
            if self.context.demo:
                lead += "\n" + tr("wizard.change.demo_read_only")
            lines = plan_lines(self.plans, self)
        elif switched:
            lead, lines = "", plan_lines(self.applied, self)
            self.steps_box.setTitle(tr("wizard.change.switched_title"))
        else:
            lead, lines = tr("wizard.change.nothing_to_switch"), []
        set_text(self.lead, lead)
        self.lead.setVisible(bool(lead))
        set_text(self.steps, "\n".join(lines))
        self.steps_box.setVisible(bool(lines))
        next_steps = tr("wizard.change.thunderbird_next") if switched else ""
        set_text(self.next_steps, next_steps)
        self.next_steps.setVisible(bool(next_steps))

    def _render_guide(self, app: str) -> None:
        tr = self.tr_
        if self.summary is not None and self.summary_language != tr.language:
            self.load_summary()  # the language changed: the guide's own words too
        self.undo_button.setVisible(False)
        self.again_button.setVisible(False)
        key = self.guide_key()
        self.guide_button.setVisible(key is not None)
        self.guide_button.setText(tr("wizard.change.open_pdf"))
        self.guide_button.setAccessibleName(plain(tr("wizard.change.open_pdf")))
        if key is None:
            set_text(
                self.lead,
                tr("wizard.change.no_guide", app=app, contact=self.window_.contact_line()),
            )
            self.steps_box.setVisible(False)
        else:
            set_text(self.lead, tr("wizard.change.guide_lead", app=app))
            if self.summary is not None:
                title, steps = self.summary
                self.steps_box.setTitle(title)
                numbered = [
                    tr("wizard.numbered", number=i + 1, text=s) for i, s in enumerate(steps)
                ]
                set_text(self.steps, "\n".join(numbered))
            else:
                self.steps_box.setTitle("")
                set_text(self.steps, tr("wizard.change.loading_guide"))
            self.steps_box.setVisible(True)
        self.lead.setVisible(True)
        set_text(self.next_steps, tr("wizard.change.guide_next"))
        self.next_steps.setVisible(True)

    def primary_text(self) -> str:
        if self.switching and self.plans:
            return self.tr_("wizard.change.apply")
        return super().primary_text()

    def primary_enabled(self) -> bool:
        if self.working:
            return False
        if self.switching and self.plans:
            return not self.context.demo
        if self.switching and self.plans is None:
            return False
        return super().primary_enabled()

    def primary(self) -> bool:
        if self.switching and self.plans:
            self.apply()
            return False
        return True
