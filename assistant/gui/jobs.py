"""Runs core work on a worker thread and hands the result back as Qt signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """A plain-Python callable run on Qt's thread pool; the GUI thread never blocks on disk."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def start_job(
    work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Any], None]
) -> Job:
    job = Job(work)
    job.setAutoDelete(False)
    job.signals.finished.connect(on_done)
    job.signals.failed.connect(on_error)
    QThreadPool.globalInstance().start(job)
    return job
