"""Python's cyclic garbage collector runs on the GUI thread only, while the GUI runs.

Left automatic, the collector runs on whichever thread allocates when its counts pass a
threshold: a job's worker thread (reading a data file, copying a backup) as often as the
GUI's. The cycles it frees there may hold Qt objects (a page, a window, a function
connected to a signal), which must only be destroyed on the GUI thread: a crash seen once
in CI, in read_data_file on a job's thread. So, while the GUI runs:

- automatic collection is off from the GUI's first line, before Qt loads (the start then
  spends nothing on collections either);
- a timer on the GUI thread collects, every ``INTERVAL_MS``, the generation Python's own
  thresholds say is due: garbage made on a worker thread waits at most that long, and
  collected there it is never collected on the worker;
- what the start built is frozen once the first page is painted (``gc.freeze``): it lives
  as long as the program, and a full collection no longer walks it (some 20 ms -> 0.01 ms).

This module imports Qt only when its collector is made, so that the first step can run
before Qt is loaded.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer

INTERVAL_MS = 250  # a long backup's garbage is collected four times a second


def stop_automatic_collection() -> None:
    """The GUI's first step (before Qt loads): no collection from here on but this module's."""
    gc.disable()


def due_generation() -> int | None:
    """The generation Python itself would collect now (None: none is due): the oldest whose
    count has passed its threshold, once the youngest's has (which starts every collection)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if thresholds[0] == 0 or counts[0] <= thresholds[0]:
        return None
    return max(g for g in range(3) if counts[g] > thresholds[g])


def collect_due() -> int | None:
    """Collect the generation that is due, on the calling thread; which one (None: none)."""
    generation = due_generation()
    if generation is not None:
        gc.collect(generation)
    return generation


class GuiThreadCollector:
    """Collections on the thread that makes it (the GUI's), from a Qt timer, until ``stop``;
    made once the application exists."""

    def __init__(self, interval_ms: int = INTERVAL_MS) -> None:
        from PySide6.QtCore import QTimer

        self._was_enabled = gc.isenabled()
        self._was_frozen = gc.get_freeze_count() > 0
        stop_automatic_collection()
        self._timer: QTimer | None = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()

    def freeze_start(self) -> None:
        """Everything alive now lives as long as the program (called once the first page is
        painted): no collection walks it again."""
        gc.freeze()

    def stop(self) -> None:
        """The timer stops; the garbage left is collected here, and the collector works as
        it did before (what ``freeze_start`` froze is unfrozen)."""
        if self._timer is None:
            return
        self._timer.stop()
        self._timer = None
        if not self._was_frozen:
            gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
