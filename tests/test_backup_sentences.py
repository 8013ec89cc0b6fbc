"""The backup in words (shared by the CLI and the GUI): progress figures, durations, sources."""

from __future__ import annotations

from io import StringIO

import pytest

from assistant.backup.progress import Progress
from assistant.backup.sentences import (
    duration_text,
    progress_figures,
)
from assistant.cli.job_runner import ProgressPrinter
from assistant.i18n import Translator


def progress(done: int, total: int, speed: float, eta: float | None) -> Progress:
    return Progress("copy", done, total, 3, 1204, "Mail/受信トレイ", speed, eta)


@pytest.mark.parametrize(
    ("seconds", "ja", "en"),
    [
        (0.2, "約0秒", "about 0 s"),
        (59.6, "約1分0秒", "about 1 min 0 s"),
        (200, "約3分20秒", "about 3 min 20 s"),
        (3 * 3600 + 125, "約3時間2分", "about 3 h 2 min"),
    ],
)
def test_durations_read_naturally(seconds: float, ja: str, en: str) -> None:
    assert duration_text(seconds, Translator("ja")) == ja
    assert duration_text(seconds, Translator("en")) == en


def test_progress_figures_in_both_languages() -> None:
    report = progress(512 * 1024 * 1024, 2 * 1024**3, 85.2 * 1024 * 1024, 18.0)
    ja = progress_figures(report, Translator("ja"))
    assert ja.percent == 25
    assert ja.size == "512.0 MB/2.0 GB（25%）"
    assert ja.files == "ファイル3/1,204個"
    assert ja.speed == "速度：85.2 MB/秒"
    assert ja.time_left == "残り時間：約18秒"
    assert ja.current == "コピー中：Mail/受信トレイ"
    en = progress_figures(report, Translator("en"))
    assert (
        en.summary
        == "512.0 MB of 2.0 GB (25%) Files: 3 of 1,204 Speed: 85.2 MB/s Time left: about 18 s"
    )


def test_progress_figures_at_the_edges() -> None:
    tr = Translator("en")
    start = progress_figures(progress(0, 100, 0.0, None), tr)
    assert start.percent == 0 and start.time_left == "Time left: --"
    empty = progress_figures(progress(0, 0, 0.0, None), tr)
    assert empty.percent == 100  # nothing to copy is all copied
    # A file that grew while it was copied never shows more than 100 %.
    over = progress_figures(progress(150, 100, 10.0, 0.0), tr)
    assert over.percent == 100 and over.size.startswith("100 B of 100 B")


def test_the_speed_waits_for_the_time_left_in_the_window_and_on_the_command_line() -> None:
    """The first reports' speed is measured on a few bytes from the cache (29-42 KB/s shown
    for a backup that then ran at 20 MB/s): it is "--" until the time left is known."""
    early = progress(94, 64 * 1024**2, 29.5 * 1024, None)
    later = progress(32 * 1024**2, 64 * 1024**2, 20 * 1024**2, 1.6)
    ended = progress(64 * 1024**2, 64 * 1024**2, 20 * 1024**2, None)
    for tr, unknown, known in (
        (Translator("ja"), "速度：--", "速度：20.0 MB/秒"),
        (Translator("en"), "Speed: --", "Speed: 20.0 MB/s"),
    ):
        assert progress_figures(early, tr).speed == unknown
        assert progress_figures(later, tr).speed == known
        assert progress_figures(ended, tr).speed == known
        printer = ProgressPrinter(StringIO(), tr, False)
        assert "--/" not in printer.line(early) and "29.5" not in printer.line(early)
        assert "20.0 MB/" in printer.line(later)
