"""Runs core work on a worker thread and hands the result back as Qt signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance

log = logging.getLogger(__name__)


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
            _tell(self.signals.failed, exc)
        else:
            _tell(self.signals.finished, result)


def _tell(signal: SignalInstance, value: object) -> None:
    """Hand the result to the window; when the program is ending (the window closed while
    the work ran) there is nobody left to tell, and nothing reaches the terminal."""
    try:
        signal.emit(value)
    except RuntimeError:  # "Signal source has been deleted"
        log.info("a background job ended after its window had closed")


def start_job(
    work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[Any], None]
) -> Job:
    job = Job(work)
    job.setAutoDelete(False)
    job.signals.finished.connect(on_done)
    job.signals.failed.connect(on_error)
    QThreadPool.globalInstance().start(job)
    return job
