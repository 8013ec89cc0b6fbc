"""The backup's work off the GUI thread: plan, copy, verify; reports cross back as signals.

The worker never touches a widget: it emits ``planned`` and ``progress`` on a relay
that lives on the GUI thread, so Qt queues them to the dialog's slots.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from assistant.backup.cloud import synced_folders
from assistant.backup.destination import free_name
from assistant.backup.job import BackupJob, BackupResult
from assistant.backup.plan import BackupPlan, SourceRequest, plan_backup
from assistant.backup.progress import CancelToken
from assistant.detect.facts import RunningApp
from assistant.detect.running import running_now
from assistant.environment import Environment

# A window repaints its progress about ten times a second; more is wasted work.
REPORTS_PER_SECOND = 10.0


class BackupRelay(QObject):
    """Created on the GUI thread; the worker emits, the dialog's slots run queued."""

    planned = Signal(object)  # BackupPlan
    progress = Signal(object)  # assistant.backup.progress.Progress


def preview_plan(
    env: Environment,
    requests: Sequence[SourceRequest],
    parent: Path,
    name: str,
    running: Sequence[RunningApp] | None = None,
) -> BackupPlan:
    """What Start would do now (sizes, free space) or the refusal it would meet.

    ``running``: the mail apps open now, as the caller already knows them; None asks."""
    open_now = running_now(env) if running is None else running
    return plan_backup(
        requests, parent, free_name(parent, name), open_now, synced=synced_folders(env)
    )


def run_backup(
    env: Environment,
    requests: Sequence[SourceRequest],
    parent: Path,
    name: str,
    cancel: CancelToken,
    relay: BackupRelay,
) -> BackupResult:
    """Plan again (apps may have started, space may have gone), then copy and verify.

    Raises AssistantError when the plan is refused."""
    plan = preview_plan(env, requests, parent, name)
    relay.planned.emit(plan)
    job = BackupJob(
        plan,
        progress=relay.progress.emit,
        cancel=cancel,
        reports_per_second=REPORTS_PER_SECOND,
    )
    return job.run()
