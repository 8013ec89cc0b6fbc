"""The time left: nothing until it means something, then smooth (a fake clock, no sleeps)."""

from __future__ import annotations

import io
import itertools
import json

from assistant.backup.progress import (
    ESTIMATE_AFTER_SECONDS,
    ESTIMATE_AFTER_SHARE,
    Progress,
    ProgressMeter,
)
from assistant.backup.sentences import progress_figures
from assistant.cli.job_runner import ProgressPrinter
from assistant.i18n import Translator

MB = 1024**2


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_first_report_of_a_fast_first_chunk_says_no_time_left() -> None:
    clock = Clock()
    reports: list[Progress] = []
    meter = ProgressMeter("copy", 20 * 1024 * MB, 900, reports.append, 10, clock=clock)
    clock.now = 0.004
    meter.add_bytes(MB)  # the first chunk, from the disk's cache: "about 4 h" if believed
    assert reports[-1].eta_seconds is None
    assert reports[-1].as_json()["eta_seconds"] is None
    ja, en = Translator("ja"), Translator("en")
    assert progress_figures(reports[-1], ja).time_left == "残り時間：--"
    assert progress_figures(reports[-1], en).time_left == "Time left: --"
    assert "残り--" in ProgressPrinter(io.StringIO(), ja, as_json=False).line(reports[-1])
    assert "-- left" in ProgressPrinter(io.StringIO(), en, as_json=False).line(reports[-1])
    err = io.StringIO()
    ProgressPrinter(err, en, as_json=True)(reports[-1])
    assert json.loads(err.getvalue().splitlines()[-1])["eta_seconds"] is None


def test_no_estimate_before_both_the_time_and_the_share() -> None:
    clock = Clock()
    total = 1000 * MB
    meter = ProgressMeter("copy", total, 10, None, clock=clock)
    # Plenty of bytes but too early.
    clock.now = ESTIMATE_AFTER_SECONDS / 2
    meter.add_bytes(total // 4)
    assert meter.snapshot().eta_seconds is None
    # Late enough but too few bytes (a slow network share).
    clock.now = 0.0
    meter = ProgressMeter("copy", total, 10, None, clock=clock)
    clock.now = ESTIMATE_AFTER_SECONDS * 2
    meter.add_bytes(int(total * ESTIMATE_AFTER_SHARE / 2))
    assert meter.snapshot().eta_seconds is None
    # Both: an estimate, from the average speed so far.
    meter.add_bytes(int(total * ESTIMATE_AFTER_SHARE))
    eta = meter.snapshot().eta_seconds
    done = meter.bytes_done
    assert eta is not None and abs(eta - (total - done) * clock.now / done) < 1e-6
    meter.add_bytes(total - done)
    assert meter.snapshot().eta_seconds == 0


def test_time_left_counts_down_without_jumping_when_the_speed_swings() -> None:
    """Big files at 100 MB/s, then runs of small ones at 5 MB/s, alternately for 10 min.

    Believing the last seconds' speed would jump between minutes and tens of minutes; the
    shown time left moves by less than a tenth of itself from one second to the next.
    """
    clock = Clock()
    total = 60 * 1024 * MB
    meter = ProgressMeter("copy", total, 5000, None, clock=clock)
    shown: list[float] = []
    for second in range(1, 600):
        clock.now = float(second)
        fast = (second // 20) % 2 == 0
        meter.add_bytes((100 if fast else 5) * MB)
        eta = meter.snapshot().eta_seconds
        if eta is not None:
            shown.append(eta)
    assert len(shown) > 500
    for before, after in itertools.pairwise(shown):
        assert abs(after - before) <= 0.1 * before + 1.5
    # It is still an estimate of the truth: the average speed so far says about the same.
    left = total - meter.bytes_done
    raw = left * clock.now / meter.bytes_done
    assert abs(shown[-1] - raw) < 0.25 * raw
