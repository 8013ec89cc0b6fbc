"""Restore from a backup (reachable from the Welcome page): pick the backup folder; the
core plans where each part goes (refusing anything outside the known mail places); the
plan is shown and confirmed; then it is put back off the GUI thread (what it replaces is
moved aside, never deleted)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.gui import dialogs

if TYPE_CHECKING:
    from assistant.backup.restore import RestoreJob
    from assistant.gui.wizard.window import WizardWindow


def restore_from_backup(window: WizardWindow) -> None:
    tr = window.context.tr
    chosen = dialogs.ask_folder(window, tr("wizard.restore.choose"), "")
    if not chosen:
        return
    env = window.context.env

    def plan() -> tuple[RestoreJob, list[str]]:
        from assistant.backup.restore import RestoreJob
        from assistant.detect.running import running_now

        job = RestoreJob(Path(chosen), running=running_now(env), env=env)
        lines = []
        for target in job.plan():
            key = "restore.plan.replace" if target.occupied else "restore.plan.new"
            lines.append(tr(key, name=target.source.name, target=env.shown_path(target.path)))
        return job, lines

    def planned(value: object) -> None:
        assert isinstance(value, tuple)
        job: RestoreJob = value[0]
        lines: list[str] = value[1]
        question = (
            tr("wizard.restore.confirm", folder=env.shown_path(chosen)) + "\n\n" + "\n".join(lines)
        )
        if not dialogs.ask_yes_no(window, tr("wizard.restore.title"), question):
            window.set_busy(False)
            return
        window.run(job.run, done, failed)

    def done(result: object) -> None:
        from assistant.backup.restore_sentences import describe_restore

        window.set_busy(False)
        said = describe_restore(result, window.context.tr, env.shown_path)  # type: ignore[arg-type]
        text = "\n".join(said)
        if getattr(result, "status", "") == "completed":
            dialogs.show_info(window, tr("wizard.restore.title"), text)
        else:
            window.show_error(text)

    def failed(error: object) -> None:
        window.set_busy(False)
        window.show_error(error)

    window.set_busy(True)
    window.run(plan, planned, failed)
