"""Restore from a backup (reachable from the Welcome page): pick the backup folder, say
what happens and ask, then put it back off the GUI thread (the core's RestoreJob: what
it replaces is moved aside, never deleted)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.gui import dialogs
from assistant.sizes import human_size

if TYPE_CHECKING:
    from assistant.backup.restore import RestoreResult
    from assistant.gui.wizard.window import WizardWindow


def restore_from_backup(window: WizardWindow) -> None:
    tr = window.context.tr
    chosen = dialogs.ask_folder(window, tr("wizard.restore.choose"), "")
    if not chosen:
        return
    if not dialogs.ask_yes_no(
        window, tr("wizard.restore.title"), tr("wizard.restore.confirm", folder=chosen)
    ):
        return
    env = window.context.env

    def work() -> RestoreResult:
        from assistant.backup.progress import CancelToken
        from assistant.backup.restore import RestoreJob
        from assistant.detect.running import running_now

        job = RestoreJob(
            Path(chosen),
            to=None,
            progress=lambda _progress: None,
            cancel=CancelToken(),
            running=running_now(env),
        )
        return job.run()

    def done(result: object) -> None:
        window.set_busy(False)
        text = describe_restore(result, window)  # type: ignore[arg-type]
        if getattr(result, "status", "") == "completed":
            dialogs.show_info(window, tr("wizard.restore.title"), text)
        else:
            window.show_error(text)

    def failed(error: object) -> None:
        window.set_busy(False)
        window.show_error(error)

    window.set_busy(True)
    window.run(work, done, failed)


def describe_restore(result: RestoreResult, window: WizardWindow) -> str:
    tr = window.context.tr
    lines = []
    if result.error is not None:
        lines.append(tr.render(result.error))
    if result.status == "completed":
        lines.append(
            tr("mailbackup.restore.completed", files=result.files, size=human_size(result.bytes))
        )
    else:
        lines.append(tr(f"mailbackup.restore.{result.status}", count=len(result.restored)))
    for item in result.restored:
        lines.append(tr("mailbackup.restore.placed", name=item.name, target=str(item.target)))
    return "\n".join(lines)
