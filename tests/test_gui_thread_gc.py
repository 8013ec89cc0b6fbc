"""Python's garbage collector runs on the GUI thread only while the GUI runs
(``assistant/gui/gui_thread_gc.py``): a worker thread that makes garbage, as a long backup
does, never runs a collection, and its garbage is still collected, on the GUI thread."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from assistant.gui import gui_thread_gc
from tests.test_wizard_startup import child_says, fresh_start_env

pytestmark = pytest.mark.gui

BATCH = 5_000  # cycles a worker makes between two collections
ROUNDS = 6


class Cycle:
    """An object in a reference cycle (it refers to itself): only the collector frees it.
    Counts the ones made and the threads that freed them (a list's append is atomic: no
    lock, which a collection run inside ``__init__`` on the same thread would deadlock)."""

    made: ClassVar[list[None]] = []
    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.me = self
        Cycle.made.append(None)

    def __del__(self) -> None:
        Cycle.freed_on.append(threading.get_ident())

    @staticmethod
    def alive() -> int:
        return len(Cycle.made) - len(Cycle.freed_on)


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The thread of every collection while the test runs."""
    threads: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.collect()
    Cycle.made.clear()
    Cycle.freed_on.clear()
    gc.callbacks.append(record)
    yield threads
    gc.callbacks.remove(record)


def make_garbage(collected: threading.Event, wait: bool) -> dict[str, int]:
    """A worker's loop: ``ROUNDS`` batches of cycles dropped at once, each round waiting
    (``wait``) for a collection on another thread first. The most cycles alive at a
    round's start: what garbage grew to."""
    most = 0
    for _ in range(ROUNDS):
        most = max(most, Cycle.alive())
        for _ in range(BATCH):
            Cycle()
        if wait:
            assert collected.wait(timeout=60), "no collection while the worker ran"
            collected.clear()
    return {"most_alive": most, "worker": threading.get_ident()}


def run_on_worker(qtbot: Any, work: Callable[[], dict[str, int]]) -> dict[str, int]:
    """``work`` as the wizard runs its jobs: on Qt's thread pool (``gui/jobs.py``)."""
    from assistant.gui.jobs import start_job

    results: list[Any] = []
    job = start_job(work, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=120_000)
    del job
    assert isinstance(results[0], dict), results[0]
    return results[0]


def test_a_workers_garbage_is_collected_on_the_gui_thread_only(qtbot, collections) -> None:  # type: ignore[no-untyped-def]
    gui_thread = threading.get_ident()
    collected = threading.Event()

    def tell(phase: str, info: dict[str, Any]) -> None:
        if phase == "stop":
            collected.set()

    gc.callbacks.append(tell)
    was_enabled = gc.isenabled()
    collector = gui_thread_gc.GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        ran = run_on_worker(qtbot, lambda: make_garbage(collected, wait=True))
        qtbot.waitUntil(lambda: Cycle.alive() < BATCH, timeout=60_000)  # the last batch too
    finally:
        collector.stop()  # and what is left, here
        gc.callbacks.remove(tell)
    assert ran["worker"] != gui_thread
    assert len(collections) >= ROUNDS  # collections ran while the worker made garbage...
    assert set(collections) == {gui_thread}  # ... every one on the GUI thread
    assert Cycle.alive() == 0 and set(Cycle.freed_on) == {gui_thread}
    # Garbage never grew much past the batch made since the last collection: a long
    # backup's memory stays bounded (without collections it would reach ROUNDS * BATCH).
    assert ran["most_alive"] < 2 * BATCH
    assert gc.isenabled() is was_enabled  # stop() leaves the collector as it found it


def test_without_it_a_worker_runs_the_collections(qtbot, collections) -> None:  # type: ignore[no-untyped-def]
    """What the GUI must avoid, seen by the same means: left automatic, the collector runs
    on the worker that allocates (so the test above can tell one from the other)."""
    was_enabled = gc.isenabled()  # GUI tests run under the GUI's collector (conftest.py)
    gc.enable()
    try:
        ran = run_on_worker(qtbot, lambda: make_garbage(threading.Event(), wait=False))
    finally:
        if not was_enabled:
            gc.disable()
    assert ran["worker"] in collections
    assert ran["worker"] in Cycle.freed_on


def test_the_due_generation_is_the_one_python_would_collect() -> None:
    was = gc.get_threshold()
    gc.disable()
    try:
        gc.collect()
        gc.set_threshold(100, 3, 2)
        assert gui_thread_gc.due_generation() is None
        keep = [[] for _ in range(150)]  # 150 new container objects: past generation 0's 100
        assert gui_thread_gc.due_generation() == 0
        assert gui_thread_gc.collect_due() == 0
        assert gc.get_count()[0] < 100 and gui_thread_gc.collect_due() is None
        for _ in range(4):  # generation 1 counts the collections of generation 0
            keep += [[] for _ in range(150)]
            gc.collect(0)
        keep += [[] for _ in range(150)]
        assert gui_thread_gc.due_generation() == 1
        gc.set_threshold(0)  # 0: automatic collection off, nothing is ever due
        assert gui_thread_gc.due_generation() is None
        del keep
    finally:
        gc.set_threshold(*was)
        gc.enable()


def test_stop_undoes_the_freeze_and_hands_back_the_collector(qtbot) -> None:  # type: ignore[no-untyped-def]
    for enabled in (True, False):  # the command line's state; a collector's already
        if enabled:
            gc.enable()
        else:
            gc.disable()
        assert gc.get_freeze_count() == 0
        collector = gui_thread_gc.GuiThreadCollector()
        collector.freeze_start()
        assert gc.get_freeze_count() > 0 and not gc.isenabled()
        collector.stop()
        collector.stop()  # once is enough; twice changes nothing
        assert gc.get_freeze_count() == 0 and gc.isenabled() is enabled


USER_START_CHILD = r"""
import gc, json, os, sys
seen = {}

class WatchQt:  # notes the collector's state when the program first imports Qt
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6":
            seen.setdefault("enabled_when_qt_loads", gc.isenabled())

sys.meta_path.insert(0, WatchQt())
from assistant.cli import main
from assistant.gui.gui_thread_gc import GuiThreadCollector
seen["enabled_in_the_command_line"] = gc.isenabled()
freeze = GuiThreadCollector.freeze_start

def freeze_then_stop(self):
    from PySide6.QtWidgets import QApplication
    seen["first_page_shown"] = any(w.isVisible() for w in QApplication.topLevelWidgets())
    seen["enabled_at_freeze"] = gc.isenabled()
    freeze(self)
    seen["frozen"] = gc.get_freeze_count()
    print(json.dumps(seen))
    sys.stdout.flush()
    os._exit(0)

GuiThreadCollector.freeze_start = freeze_then_stop
sys.exit(main([]))
"""


def test_the_gui_collects_on_its_thread_from_its_start(tmp_path: Path) -> None:
    """As a user starts it: automatic collection is off before Qt loads, and once the
    first page is painted what the start built is frozen."""
    seen = child_says(USER_START_CHILD, fresh_start_env(tmp_path))
    assert seen["enabled_in_the_command_line"] is True
    assert seen["enabled_when_qt_loads"] is False
    assert seen["first_page_shown"] is True and seen["enabled_at_freeze"] is False
    assert seen["frozen"] > 10_000  # the objects the start built (some 30,000)
