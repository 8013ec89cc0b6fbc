"""The diagnosis run off the GUI thread, for every page that asks for one (Check, Choose
looking again while an update is awaited, Check again): one at a time, with one busy
state the pages show. Whoever asks while one runs gets a fresh one right after it (what
they ask about may have changed since the running one started: a backup, a switch)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.gui.wizard.window import WizardWindow

Answer = tuple[Callable[[Any], None], Callable[[Any], None]]  # (the diagnosis, the error)


class Diagnosing:
    def __init__(self, window: WizardWindow) -> None:
        # Not the window itself: a cycle with it would leave the window to the cyclic
        # collector, which may run on a worker thread and must never delete a widget there.
        self._window = weakref.ref(window)
        self._running: list[Answer] | None = None  # who waits for the running one
        self._next: list[Answer] = []  # who asked while it ran

    @property
    def running(self) -> bool:
        return self._running is not None

    def start(self, done: Callable[[Any], None], failed: Callable[[Any], None]) -> None:
        """Diagnose (this session's backups counted as done); ``done`` gets the diagnosis,
        ``failed`` the error."""
        self._next.append((done, failed))
        if self._running is None:
            self._run()

    def _run(self) -> None:
        window = self._window()
        if window is None:
            return
        waiting, self._next = self._next, []
        self._running = waiting
        context, backed_up = window.context, window.journey.backed_up_paths()
        window.run(
            lambda: context.diagnose(backed_up),
            lambda diagnosis: self._answer(waiting, 0, diagnosis),
            lambda error: self._answer(waiting, 1, error),
        )

    def _answer(self, waiting: list[Answer], which: int, value: Any) -> None:
        self._running = None
        for answer in waiting:
            answer[which](value)
        if self._next:
            self._run()
