"""The guided journey as plain data: the pages, where Next leads, the back stack, and what
this session has done (the app chosen, the backup, the Thunderbird switch).

The GUI's pages only show this state and ask the user; every decision about which page
comes next is made here, so it is tested without Qt (as Electrum's ``wizard.py``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.app_status import BLOCKING_VERDICTS
from assistant.records import Record

if TYPE_CHECKING:  # the first page needs none of these: they come with the diagnosis
    from assistant.diagnose import Diagnosis
    from assistant.journey_records import BackupRecord, SwitchRecord


class Step(StrEnum):
    WELCOME = "welcome"
    CHECK = "check"
    CHOOSE = "choose"
    PREPARE = "prepare"
    BACKUP = "backup"
    CHANGE = "change"
    RECHECK = "recheck"
    DONE = "done"
    WEB_ONLY = "web_only"  # "I only use Outlook on the web": the OWA link and the contact


# The step list the window shows, in order (WEB_ONLY is a side path of WELCOME).
STEPS: tuple[Step, ...] = (
    Step.WELCOME,
    Step.CHECK,
    Step.CHOOSE,
    Step.PREPARE,
    Step.BACKUP,
    Step.CHANGE,
    Step.RECHECK,
    Step.DONE,
)

# The apps whose accounts the assistant switches itself (diagnose.FIXABLE_APPS).
SWITCHED_BY_US = ("thunderbird",)


def app_must_change(action_id: str) -> bool:
    """Whether an action says "this app has to change": one of the per-app kinds of
    finding (``*.migrate``, ``*.update``, ...) that the report counts as action needed
    (``outcome.FINDING_KINDS``, the one list of them)."""
    from assistant.outcome import EXIT_ACTION_NEEDED, kind_of

    kind = kind_of(action_id)
    return (
        kind is not None and kind.pattern.startswith("*.") and kind.exit_code == EXIT_ACTION_NEEDED
    )


class Journey(Record):
    """Where the user is and what this session did (``records.py``: equal and shown by
    its fields, not a dataclass)."""

    __slots__ = (  # noqa: RUF023 (the fields in __init__'s order: repr and copy follow it)
        "current",
        "history",
        "web_only",
        "diagnosis",
        "chosen_app",
        "uses_rules",
        "destination",
        "backups",
        "switches",
        "recheck",
    )

    def __init__(
        self,
        current: Step = Step.WELCOME,
        history: list[Step] | None = None,
        web_only: bool = False,
        diagnosis: Diagnosis | None = None,
        chosen_app: str | None = None,
        uses_rules: bool | None = None,
        destination: str | None = None,
        backups: list[BackupRecord] | None = None,
        switches: list[SwitchRecord] | None = None,
        recheck: Diagnosis | None = None,
    ) -> None:
        self.current = current
        self.history: list[Step] = [] if history is None else history  # the back stack
        self.web_only = web_only
        self.diagnosis = diagnosis
        self.chosen_app = chosen_app
        self.uses_rules = uses_rules  # Outlook: "do you use sorting rules?" (None: not asked)
        self.destination = destination  # the folder the backup goes into (a new folder in it)
        self.backups: list[BackupRecord] = [] if backups is None else backups
        self.switches: list[SwitchRecord] = [] if switches is None else switches
        self.recheck = recheck

    # -- what the diagnosis asks of each app ----------------------------------------

    def candidates(self) -> list[str]:
        """The apps that need something, the one whose accounts must change first."""
        d = self.diagnosis
        if d is None:
            return []
        migrating = [a.app for a in d.actions if a.app and a.id.endswith(".migrate")]
        others = [
            a.app for a in d.actions if a.app and a.severity == "required" and app_must_change(a.id)
        ]
        ordered: list[str] = []
        for app in [*migrating, *others]:
            if app not in ordered:
                ordered.append(app)
        return ordered

    def preselected(self) -> str | None:
        found = self.candidates()
        return self.chosen_app if self.chosen_app in found else (found[0] if found else None)

    def verdict_of(self, app: str) -> str | None:
        source = self.recheck or self.diagnosis
        if source is None:
            return None
        for finding in source.apps:
            if finding.app.app_id == app:
                return finding.verdict.verdict.value
        return None

    def blocked(self, app: str | None) -> str | None:
        """The verdict that stops the change of ``app`` now (e.g. "update_required")."""
        if app is None:
            return None
        verdict = self.verdict_of(app)
        return verdict if verdict in BLOCKING_VERDICTS else None

    def store_paths(self, app: str | None) -> list[str]:
        """The data stores of ``app`` a backup takes (never the .ost caches)."""
        from assistant.backup.plan import BACKED_UP_KINDS

        if self.diagnosis is None or app is None:
            return []
        return [
            s.path
            for s in self.diagnosis.facts.data_stores
            if s.app == app and s.kind in BACKED_UP_KINDS
        ]

    def backed_up_paths(self) -> set[str]:
        return {p for record in self.backups for p in record.paths}

    def needs_backup(self, app: str | None) -> bool:
        held = self.backed_up_paths()
        return any(p not in held for p in self.store_paths(app))

    # -- navigation -------------------------------------------------------------------

    def next_step(self) -> Step | None:
        """Where Next leads from the current page (None: the journey ends here)."""
        here = self.current
        if here is Step.WELCOME:
            return Step.WEB_ONLY if self.web_only else Step.CHECK
        if here is Step.CHECK:
            return Step.CHOOSE if self.candidates() else Step.DONE
        if here is Step.CHOOSE:
            if self.chosen_app is None or self.blocked(self.chosen_app):
                return None
            return Step.PREPARE if self.needs_backup(self.chosen_app) else Step.CHANGE
        if here is Step.PREPARE:
            return Step.BACKUP
        if here is Step.BACKUP:
            return None if self.needs_backup(self.chosen_app) else Step.CHANGE
        if here is Step.CHANGE:
            return Step.RECHECK
        if here is Step.RECHECK:
            return Step.DONE
        return None

    def advance(self) -> Step:
        following = self.next_step()
        if following is None:
            raise ValueError(f"no page follows {self.current} now")
        self.history.append(self.current)
        self.current = following
        return following

    @property
    def can_go_back(self) -> bool:
        return bool(self.history)

    def go_back(self) -> Step:
        self.current = self.history.pop()
        return self.current

    def step_in_list(self) -> Step:
        """The entry of the visible step list the current page belongs to."""
        return Step.WELCOME if self.current is Step.WEB_ONLY else self.current

    # -- what this session did ----------------------------------------------------------

    def record_backup(self, record: BackupRecord) -> None:
        self.backups.append(record)

    def record_switch(self, record: SwitchRecord) -> None:
        self.switches.append(record)

    def mark_undone(self) -> None:
        from dataclasses import replace  # the records are dataclasses; the first page has none

        self.switches = [replace(s, undone=True) for s in self.switches]

    @property
    def switched(self) -> list[SwitchRecord]:
        return [s for s in self.switches if not s.undone]

    def latest_diagnosis(self) -> Diagnosis | None:
        return self.recheck or self.diagnosis
