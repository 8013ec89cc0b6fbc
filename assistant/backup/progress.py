"""Progress reports (throttled for a GUI) and the cancel token every job checks."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Phase = Literal["scan", "copy", "verify", "restore"]

# At most this many progress reports per second reach the callback: smooth to the eye,
# and cheap at 500,000 files (the counts are added up in between, not reported).
DEFAULT_REPORTS_PER_SECOND = 10.0

# When to say how long is left. The first reports come from the first few bytes (a file's
# first chunk lands in a millisecond, the disk's cache flatters the first megabytes), so a
# time left from them is a wild guess ("about 4 h 12 min" that becomes 2 min). The rule:
# - no estimate (``eta_seconds`` None; the JSON says null, the CLI and the wizard "--")
#   until ESTIMATE_AFTER_SECONDS have passed AND ESTIMATE_AFTER_SHARE of the bytes are done;
# - then the raw estimate is what is left at the average speed since the start, and the
#   time shown counts down with the clock and moves towards the raw estimate with a time
#   constant of ESTIMATE_SMOOTHING_SECONDS, so a run of small files (slow) between big ones
#   (fast) does not make it jump between 3 min and 40 min;
# - when everything is done it is 0.
ESTIMATE_AFTER_SECONDS = 3.0
ESTIMATE_AFTER_SHARE = 0.01
ESTIMATE_SMOOTHING_SECONDS = 10.0


class Cancelled(Exception):
    """Raised inside a job when its token was cancelled; the job turns it into a result."""


class CancelToken:
    """Set from any thread; the job looks at it between chunks (well under a second)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled


@dataclass(frozen=True)
class Progress:
    """One report: how far a job is, what it is doing, how fast, and how long is left."""

    phase: Phase
    bytes_done: int
    bytes_total: int
    files_done: int
    files_total: int
    current: str  # the file being worked on, relative to its source
    bytes_per_second: float
    eta_seconds: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "event": "progress",
            "phase": self.phase,
            "bytes_done": self.bytes_done,
            "bytes_total": self.bytes_total,
            "files_done": self.files_done,
            "files_total": self.files_total,
            "current": self.current,
            "bytes_per_second": round(self.bytes_per_second),
            "eta_seconds": None if self.eta_seconds is None else round(self.eta_seconds, 1),
        }


ProgressCallback = Callable[[Progress], None]


class TimeLeft:
    """The smoothed time left of one job (the rule is above ESTIMATE_AFTER_SECONDS)."""

    def __init__(self) -> None:
        self._shown: float | None = None
        self._at = 0.0

    def update(self, elapsed: float, done: int, total: int) -> float | None:
        """The time left, in seconds, ``elapsed`` seconds into the job; None: too early."""
        left = max(total - done, 0)
        if left == 0:
            return 0.0
        if elapsed < ESTIMATE_AFTER_SECONDS or done < total * ESTIMATE_AFTER_SHARE or done <= 0:
            return None  # also when ``done`` fell back below the share (a file copied again)
        raw = left * elapsed / done
        if self._shown is None:
            self._shown = raw
        else:
            passed = max(elapsed - self._at, 0.0)
            counted_down = max(self._shown - passed, 0.0)
            pull = 1.0 - math.exp(-passed / ESTIMATE_SMOOTHING_SECONDS)
            self._shown = counted_down + (raw - counted_down) * pull
        self._at = elapsed
        return self._shown


class ProgressMeter:
    """Counts bytes and files and calls ``callback`` at most ``reports_per_second`` times.

    ``finish()`` always reports, so the last report shows the final figures.
    """

    def __init__(
        self,
        phase: Phase,
        bytes_total: int,
        files_total: int,
        callback: ProgressCallback | None,
        reports_per_second: float = DEFAULT_REPORTS_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.phase: Phase = phase
        self.bytes_total = bytes_total
        self.files_total = files_total
        self.bytes_done = 0
        self.files_done = 0
        self.current = ""
        self._callback = callback
        self._interval = 0.0 if reports_per_second <= 0 else 1.0 / reports_per_second
        self._clock = clock
        self._started = clock()
        self._last_report = float("-inf")
        self._time_left = TimeLeft()
        self._lock = threading.Lock()  # several copy threads count into one meter

    def start_file(self, name: str) -> None:
        with self._lock:
            self.current = name
            self._maybe_report()

    def add_bytes(self, count: int) -> None:
        with self._lock:
            self.bytes_done += count
            self._maybe_report()

    def take_back_bytes(self, count: int) -> None:
        """A file is copied again: its bytes count once in the total done."""
        with self._lock:
            self.bytes_done -= count

    def whole_file(self, count: int, name: str) -> None:
        """A small file of ``count`` bytes done in one step (one report check, not three)."""
        with self._lock:
            self.current = name
            self.bytes_done += count
            self.files_done += 1
            self._maybe_report()

    def file_done(self) -> None:
        with self._lock:
            self.files_done += 1
            self._maybe_report()

    def finish(self) -> None:
        with self._lock:
            self._report(self._clock())

    def snapshot(self, now: float | None = None) -> Progress:
        now = self._clock() if now is None else now
        elapsed = max(now - self._started, 1e-9)
        speed = self.bytes_done / elapsed
        eta = self._time_left.update(elapsed, self.bytes_done, self.bytes_total)
        return Progress(
            phase=self.phase,
            bytes_done=self.bytes_done,
            bytes_total=self.bytes_total,
            files_done=self.files_done,
            files_total=self.files_total,
            current=self.current,
            bytes_per_second=speed,
            eta_seconds=eta,
        )

    def _maybe_report(self) -> None:
        if self._callback is None:
            return
        now = self._clock()
        if now - self._last_report >= self._interval:
            self._report(now)

    def _report(self, now: float) -> None:
        if self._callback is None:
            return
        self._last_report = now
        self._callback(self.snapshot(now))
