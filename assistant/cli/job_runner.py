"""Runs a core job from the command line: progress on stderr, Ctrl-C cancels the job."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Callable
from typing import TextIO, TypeVar

from assistant.backup.progress import CancelToken, Progress
from assistant.backup.sentences import speed_text
from assistant.cli.say import say
from assistant.i18n import Translator
from assistant.plain_text import one_line
from assistant.sizes import human_size

T = TypeVar("T")

EXIT_CANCELLED = 130


class ProgressPrinter:
    """Progress as JSON lines (``--json``) or as one human line (rewritten on a terminal)."""

    def __init__(self, err: TextIO, tr: Translator, as_json: bool) -> None:
        self.err = err
        self.tr = tr
        self.as_json = as_json
        self.on_terminal = err.isatty()
        self._width = 0

    @property
    def reports_per_second(self) -> float:
        if self.as_json:
            return 4.0
        return 5.0 if self.on_terminal else 0.5

    def __call__(self, progress: Progress) -> None:
        if self.as_json:
            self.err.write(json.dumps(progress.as_json(), ensure_ascii=False) + "\n")
            self.err.flush()
            return
        line = one_line(self.line(progress))  # the current file's name is the disk's
        if self.on_terminal:
            padding = " " * max(self._width - len(line), 0)
            self._width = len(line)
            self.err.write("\r" + line + padding)
        else:
            self.err.write(line + "\n")
        self.err.flush()

    def line(self, progress: Progress) -> str:
        total = progress.bytes_total
        percent = 100 if total == 0 else int(progress.bytes_done * 100 / total)
        eta = progress.eta_seconds
        return self.tr(
            "mailbackup.progress.line",
            percent=percent,
            done=human_size(progress.bytes_done),
            total=human_size(total),
            files_done=progress.files_done,
            files_total=progress.files_total,
            speed=speed_text(progress, self.tr),
            eta=self.tr("mailbackup.progress.eta_unknown") if eta is None else _duration(eta),
            current=progress.current,
        )

    def end(self) -> None:
        if self.on_terminal and not self.as_json and self._width:
            self.err.write("\n")
            self._width = 0


def write_outcome(
    out: TextIO, err: TextIO, lines: list[str], data: dict[str, object], as_json: bool
) -> None:
    """How verify and restore end: the sentences on stdout; with ``--json`` the sentences on
    stderr and one JSON object as the last line of stdout."""
    if as_json:
        for line in lines:
            say(err, line)
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        for line in lines:
            say(out, line)


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def run_cancellable(work: Callable[[], T], cancel: CancelToken) -> T:
    """Run ``work`` on a thread; Ctrl-C sets the cancel token and waits for the job to end."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            failure.append(exc)

    # What start-up made lasts as long as the command: no collection walks it during the
    # job (given back afterwards to a caller that runs on, a test's process say).
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    thread = threading.Thread(target=target, name="job", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            try:
                thread.join(0.2)
            except KeyboardInterrupt:
                cancel.cancel()
    finally:
        if not frozen_before:
            gc.unfreeze()
    if failure:
        raise failure[0]
    return outcome[0]
