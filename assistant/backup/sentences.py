"""A backup in words for the user: what is planned, how far it is, how it ended.

Shared by the ``backup`` command and the GUI's backup dialog (plain Python, no Qt).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from assistant.backup.job import BackupResult
from assistant.backup.progress import Progress
from assistant.i18n import Translator
from assistant.shown_paths import message_as_shown
from assistant.sizes import human_size


def describe(result: BackupResult, tr: Translator, shown: Callable[[str], str] = str) -> list[str]:
    """The result as sentences for the user; ``shown`` writes a path as the user's
    machine shows it (``/home/u/…`` for a snapshot's host folder: the wizard and the
    ``backup`` command pass ``Environment.shown_path``)."""
    sentences: list[str] = []
    if result.error is not None:
        sentences.append(tr.render(message_as_shown(result.error, shown)))
    folder = shown(str(result.partial_dir))
    if result.status == "completed" and result.kept_unrenamed:
        sentences.append(
            tr("mailbackup.result.kept_unrenamed", folder=shown(str(result.backup_dir)))
        )
    elif result.status == "completed":
        sentences.append(
            tr(
                "mailbackup.result.completed",
                count=result.files,
                size=human_size(result.bytes),
                folder=shown(str(result.backup_dir)),
            )
        )
    elif result.partial_dir is not None and not result.partial_removed:
        sentences.append(tr("mailbackup.result.partial_left", folder=folder))
    elif result.partial_dir is not None:
        sentences.append(tr(f"mailbackup.result.{result.status}", folder=folder))
    if result.status == "completed" and result.private is False:
        sentences.append(tr("mailbackup.result.not_private", folder=shown(str(result.backup_dir))))
    if result.changed_during_copy:
        sentences.append(
            tr("mailbackup.result.changed", files=", ".join(result.changed_during_copy))
        )
    if result.manifest is not None and result.manifest.skipped and result.status == "completed":
        sentences.append(tr("mailbackup.result.skipped", count=len(result.manifest.skipped)))
    return sentences


def duration_text(seconds: float, tr: Translator) -> str:
    """``約 3 分 20 秒`` / ``about 3 min 20 s``: whole seconds, at most two units."""
    whole = max(int(seconds + 0.5), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return tr("gui.backup.duration.hours", hours=hours, minutes=minutes)
    if minutes:
        return tr("gui.backup.duration.minutes", minutes=minutes, seconds=secs)
    return tr("gui.backup.duration.seconds", seconds=secs)


@dataclass(frozen=True)
class ProgressFigures:
    """One progress report as the lines a window shows (and a screen reader reads)."""

    percent: int  # 0..100, of the bytes
    size: str  # "120.0 MB / 2.0 GB"
    files: str  # "12 / 1,204 files"
    speed: str  # "Speed: 85.2 MB/s"
    time_left: str  # "Time left: about 20 s"
    current: str  # "Copying: Mail/Inbox"

    @property
    def summary(self) -> str:
        """Every figure in one sentence, for an accessible label."""
        return " ".join((self.size, self.files, self.speed, self.time_left))


def speed_text(progress: Progress, tr: Translator) -> str:
    """ "85.2 MB/s", or "--" while the time left is not known either: the first reports'
    speed is measured on a few bytes read from the cache (29-42 KB/s shown for a backup
    that then ran at 20 MB/s). Known once the job has ended."""
    if progress.eta_seconds is None and progress.bytes_done < progress.bytes_total:
        return tr("mailbackup.progress.eta_unknown")
    return tr("mailbackup.progress.speed", speed=human_size(int(progress.bytes_per_second)))


def progress_figures(progress: Progress, tr: Translator) -> ProgressFigures:
    total = progress.bytes_total
    done = min(progress.bytes_done, total)
    percent = 100 if total == 0 else int(done * 100 / total)
    eta = progress.eta_seconds
    left = (
        tr("mailbackup.progress.eta_unknown")
        if eta is None or progress.bytes_done == 0
        else duration_text(eta, tr)
    )
    return ProgressFigures(
        percent=percent,
        size=tr(
            "gui.backup.progress.size",
            done=human_size(done),
            total=human_size(total),
            percent=percent,
        ),
        files=tr(
            "gui.backup.progress.files",
            done=f"{progress.files_done:,}",
            total=f"{progress.files_total:,}",
        ),
        speed=tr("gui.backup.progress.speed", speed=speed_text(progress, tr)),
        time_left=tr("gui.backup.progress.time_left", time=left),
        current=tr("gui.backup.progress.current", file=progress.current)
        if progress.current
        else "",
    )
