"""Prepare: the app must be closed (looked at live, Next enables itself when it quits);
where the backup goes (external media suggested, synced folders warned about); sizes
and free space; the warnings that matter before a change (sync deletes both ways, POP).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from assistant.backup.destination import backup_folder_name
from assistant.backup.plan import BackupPlan, sources_from_facts
from assistant.gui import dialogs
from assistant.gui.wizard.page import Page
from assistant.gui.wizard.widgets import label, plain, set_level, set_text
from assistant.report import format_bytes
from assistant.report_text import app_name
from assistant.sizes import human_size

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow
    from assistant.i18n import Translator

POLL_MS = 1_500  # how often "is the app still open?" is asked (off this thread)
SYNCED_NOTICE = "mailbackup.notice.dest_synced"  # the plan's: the destination is synced


def space_lines(plan: BackupPlan, tr: Translator) -> list[str]:
    """The data's size and the free space it needs, apart: the space needed adds room for
    the file system (``plan.margin_bytes``), so it is never said as the data's size."""
    free = plan.free_bytes
    return [
        tr("wizard.prepare.space.size", size=human_size(plan.bytes)),
        tr("wizard.prepare.space.needed", needed=human_size(plan.needed_bytes)),
        tr(
            "wizard.prepare.space.free",
            free=tr("mailbackup.space_unknown") if free is None else human_size(free),
        ),
    ]


class PreparePage(Page):
    title_key = "wizard.title.prepare"
    intro_key = "wizard.prepare.intro"

    def __init__(self, window: WizardWindow) -> None:
        super().__init__(window)
        self.app_state = label()
        self.what_box = QGroupBox()
        self.what = label()
        QVBoxLayout(self.what_box).addWidget(self.what)
        self.where_box = QGroupBox()
        self.destination = label()
        self.space = label()
        self.synced = label()
        self.external = label()
        self.change_button = QPushButton()
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self.change_destination)
        where = QVBoxLayout(self.where_box)
        where.addWidget(self.destination)
        where.addWidget(self.space)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch(1)
        where.addLayout(row)
        where.addWidget(self.synced)
        where.addWidget(self.external)
        self.warnings = label()
        for widget in (self.app_state, self.what_box, self.where_box, self.warnings):
            self.layout_.addWidget(widget)
        self.layout_.addStretch(1)
        self.running: list[str] | None = None  # app ids open now (None: not asked yet)
        self.plan: BackupPlan | None = None
        self.refusal: object = None  # why the plan was refused (the error)
        self.poll_failure: object = None  # why "is the app open?" could not be answered
        self._said: object = None  # the reason this page put in the window's red box
        self._previewing = 0
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    # -- asked off this thread -----------------------------------------------------------

    def entered(self) -> None:
        super().entered()
        self._said = None  # the window cleared its red box on the way here
        self.timer.start()
        self.poll()
        if self.journey.destination is None:
            self.run(lambda: self.context.backup_parent, self._default_parent, self._failed)
        else:
            self.preview()

    def left(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        if self._polling:
            return
        self._polling = True
        from assistant.detect.running import running_now

        env = self.context.env
        self.run(lambda: [r.app for r in running_now(env)], self._polled, self._poll_failed)

    def _polled(self, apps: object) -> None:
        self._polling = False
        before = self.app_open
        self.running = list(apps)  # type: ignore[call-overload]
        self.poll_failure = None
        if before != self.app_open:
            self.preview()  # the plan refuses while the app holds its data: ask again
        self.say_reason()
        self.show_state()
        self.changed.emit()

    def _poll_failed(self, error: object) -> None:
        """Said once; the timer keeps asking, and the page recovers when it is answered."""
        self._polling = False
        if self.poll_failure is None:  # the first one is kept (and said once)
            self.poll_failure = error
        self.running = None
        self.say_reason()
        self.show_state()
        self.changed.emit()

    @property
    def app_open(self) -> bool | None:
        if self.running is None:
            return None
        return self.journey.chosen_app in self.running

    def _default_parent(self, parent: object) -> None:
        if self.journey.destination is None:  # the user may have chosen one meanwhile
            self.journey.destination = str(parent)
            self.preview()

    def _failed(self, error: object) -> None:
        self.window_.show_error(error)

    def preview(self) -> None:
        if self.journey.destination is None or self.journey.diagnosis is None:
            return
        from assistant.gui.backup_run import preview_plan

        self._previewing += 1
        number = self._previewing
        env = self.context.env
        requests = sources_from_facts(self.journey.diagnosis.facts, self.journey.chosen_app)
        parent = Path(self.journey.destination)
        name = backup_folder_name(self.tr_, datetime.now())
        self.plan, self.refusal = None, None
        self.show_state()
        self.changed.emit()
        # The plan is asked about the destination and the data only: whether the app is open
        # is this page's own question (asked every POLL_MS, said on its own line), so a
        # failure to look at the running apps is not taken for a refused destination.
        self.run(
            lambda: preview_plan(env, requests, parent, name, running=()),
            lambda plan: self._previewed(number, plan, None),
            lambda error: self._previewed(number, None, error),
        )

    def _previewed(self, number: int, plan: object, error: object) -> None:
        if number != self._previewing:
            return  # the destination changed since
        if isinstance(plan, BackupPlan):
            self.plan = plan
        else:
            self.refusal = error
        self.say_reason()
        self.show_state()
        self.changed.emit()

    def say_reason(self) -> None:
        """The window's red box says one reason: why the app check failed, else why the
        plan was refused (unless the app is open: that is said on the app's line). The
        line whose reason is not in the box says it itself (see ``show_state``)."""
        if self.poll_failure is not None:
            wanted = self.poll_failure
        elif self.refusal is not None and self.plan is None and not self.app_open:
            wanted = self.refusal
        else:
            wanted = None
        if wanted is self._said:
            return
        if wanted is None:
            self.window_.clear_error()
        else:
            self.window_.show_error(wanted)
        self._said = wanted

    def change_destination(self) -> None:
        start = self.journey.destination or ""
        chosen = dialogs.ask_folder(self, self.tr_("gui.backup.choose_title"), start)
        if chosen:
            self.journey.destination = chosen
            self.preview()

    # -- shown ----------------------------------------------------------------------------

    def show_state(self) -> None:
        super().show_state()
        tr = self.tr_
        app = app_name(self.journey.chosen_app or "", tr)
        if self.poll_failure is not None:
            set_text(self.app_state, tr("wizard.prepare.poll.failed", app=app))
            set_level(self.app_state, "blocked")
        elif self.app_open is None:
            set_text(self.app_state, tr("wizard.prepare.app_checking", app=app))
            set_level(self.app_state, "unknown")
        elif self.app_open:
            set_text(self.app_state, tr("wizard.prepare.app_open", app=app))
            set_level(self.app_state, "blocked")
        else:
            set_text(self.app_state, tr("wizard.prepare.app_closed", app=app))
            set_level(self.app_state, "ok")
        self.what_box.setTitle(tr("gui.backup.what"))
        set_text(self.what, "\n".join(self._store_lines()))
        self.where_box.setTitle(tr("gui.backup.destination"))
        dest = self.journey.destination
        folder = self.shown_path(dest) if dest else ""
        set_text(self.destination, tr("wizard.prepare.destination", folder=folder) if dest else "")
        if self.plan is not None:
            space = "\n".join(space_lines(self.plan, tr))
        elif self.refusal is not None and self.app_open:
            space = ""  # the open app's refusal: said on the app's line
        elif self.refusal is not None and self._said is self.refusal:
            space = tr("wizard.prepare.refused")  # "the reason is shown below"
        elif self.refusal is not None:  # the red box says the app check's failure
            reason = self.window_.error_sentence(self.refusal)
            space = tr("wizard.prepare.refused_because", reason=reason)
        else:
            space = tr("gui.backup.counting")
        set_text(self.space, space)
        self.space.setVisible(bool(space))
        if self.refusal is not None and self.plan is None:
            set_level(self.space, "blocked")
        else:
            self.space.setStyleSheet("")
        self.change_button.setText(tr("gui.backup.change"))
        self.change_button.setAccessibleName(plain(tr("gui.backup.change")))
        service = self._synced_service()
        set_text(self.synced, tr("wizard.prepare.synced", service=service) if service else "")
        set_level(self.synced, "change")
        self.synced.setVisible(bool(service))
        set_text(self.external, tr("wizard.prepare.external"))
        set_text(self.warnings, "\n".join(self._warnings()))

    def _synced_service(self) -> str | None:
        """The sync service mirroring the destination, as the backup plan found it (the sync
        clients' own folders, then folder names): the core's verdict, said here in the
        page's words and left out of the warnings below."""
        for notice in self.plan.notices if self.plan is not None else ():
            if notice.key == SYNCED_NOTICE:
                return str(notice.params["service"])
        return None

    def _store_lines(self) -> list[str]:
        d, tr = self.journey.diagnosis, self.tr_
        if d is None:
            return []
        lines = []
        caches = False  # an .ost is the server's mail cached: said, never backed up
        for s in d.facts.data_stores:
            caches = caches or (s.app == self.journey.chosen_app and s.kind == "ost")
            if s.app != self.journey.chosen_app or s.kind == "ost":
                continue
            size = format_bytes(s.bytes, tr)
            if s.files is not None:
                size = tr(
                    "wizard.size_and_files",
                    size=size,
                    files=tr("wizard.count.files", count=s.files),
                )
            path = self.shown_path(s.path)
            lines.append(
                tr(
                    "wizard.bullet",
                    text=tr(
                        "wizard.prepare.store", kind=tr(f"store.{s.kind}"), path=path, size=size
                    ),
                )
            )
        if caches:
            lines.append(tr("gui.backup.ost_note"))
        return lines

    def _warnings(self) -> list[str]:
        d, tr = self.journey.diagnosis, self.tr_
        if d is None:
            return []
        found = [tr.render(a.message) for a in d.advisories if a.id == "exchange_sync"]
        pop = any(
            a.account.app == self.journey.chosen_app and a.account.protocol == "pop3"
            for a in d.accounts
        )
        if pop:
            found.append(tr("wizard.prepare.pop_warning"))
        if self.plan is not None:  # the destination's and sources' own (the synced one above)
            found.extend(tr.render(n) for n in self.plan.notices if n.key != SYNCED_NOTICE)
        return [tr("wizard.warning_line", text=text) for text in found]

    def primary_enabled(self) -> bool:
        return self.app_open is False and self.plan is not None
