"""Small files copied on two helper threads, in batches, their results taken in order.

Backup and restore both copy through it: the backup from the source into its folder, the
restore from the backup into its staging folder, giving each copy the time the manifest
recorded and checking each against the manifest's digest (``check``).

A mailbox of small files (Apple Mail keeps one ``.emlx`` per message, up to 500,000) costs
system calls more than bytes: for each file, opening, reading and closing the source, then
creating, writing, reading back, dating and closing the copy. Two lanes copy files, each
file whole (read, written, read back and compared, hashed), while the job thread walks the
source, makes the folders and writes the manifest. In one process the lanes share one
interpreter, and Python runs one thread at a time (two threads were measured no faster
than one); the real gain is the second process that a large job gives one lane.

Folders: a batch holds one folder's small files (a large folder is cut into several), so
the two helpers create files in two different folders at a time. Creating a file takes
its folder's lock: two helpers creating in one folder wait on each other, and Linux
spins while it waits (measured with perf on 100,000 files: 23% of the backup's CPU spent
spinning on that lock when the helpers shared folders).

Order: the job thread hands the batches out in the walk's order, and takes the results
back in that same order. The manifest lists the files as before, the progress
stream only counts up, and of several failures the first in that order is the one
reported: a helper that fails at a file keeps what it copied before it, and the error is
raised once those files are taken back (and checked). A large file waits until every file
handed out before it is done, then the job thread copies it (the engine streams it with
its own helpers).

A second process: for a large job (``copy_helper.second_process``) one of the two lanes
goes to ``copy_helper`` (another interpreter, so the two really run at once). What it does not
copy comes back to this process, which removes whatever it may have left of those files
and copies them from scratch.

Memory: at most ``IN_FLIGHT`` batches of ``BATCH_FILES`` files wait or are being copied,
whatever the number of files; a helper holds one file's contents at a time.

Cancel and failure: a helper looks at the token (and at the job's own stop) before every
file, so it stops at the file it is copying; a job that ends early waits for its helpers
before its folder is removed.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from assistant.backup.copy import CopiedFile, CopyEngine
from assistant.backup.copy_helper import CopyHelper, SmallFile, Unavailable
from assistant.backup.progress import Cancelled, CancelToken
from assistant.backup.scan import FileEntry

WORKERS = 2  # lanes: a thread each; one of them may hand its batches to a second process
BATCH_FILES = 1024  # files per batch at most (a folder's, or a share of a large folder's)
IN_FLIGHT = 4  # batches handed out and not yet taken back, at most

Copied = tuple[FileEntry, CopiedFile]
Check = Callable[[FileEntry, CopiedFile], None]
_Batch = list[SmallFile]
# What a helper did of a batch: the files it copied, in order, and the error it stopped at.
_Done = tuple[list[CopiedFile | None], Exception | None]


class SmallFiles:
    """Use as a context manager; ``copy`` and ``finish`` return the files done so far, in
    the order they were handed out, each with its progress already counted."""

    def __init__(
        self,
        engine: CopyEngine,
        cancel: CancelToken,
        workers: int = WORKERS,
        helper: CopyHelper | None = None,
        check: Check | None = None,
    ) -> None:
        """``helper``: a second process that takes one lane's batches. ``check``: called on
        the job thread with each file done, in order, before it is returned; what it
        raises ends the job as the engine's own errors do."""
        self._engine = engine
        self._check = check
        self._cancel = cancel
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="copy-small")
        self._helper = helper
        # Who copies a batch: this process on each lane, or the helper on one of them.
        self._lanes: queue.SimpleQueue[CopyHelper | None] = queue.SimpleQueue()
        for lane in range(workers):
            self._lanes.put(helper if lane == 0 else None)
        self._pending: deque[tuple[_Batch, Future[_Done]]] = deque()
        self._batch: _Batch = []

    def copy(self, entry: FileEntry, dest: str, mtime_ns: int | None = None) -> list[Copied]:
        """Take one small file of the current folder (made already); the files done
        meanwhile. ``mtime_ns``: the time the copy gets (None: the source's)."""
        self._batch.append((entry, dest, mtime_ns))
        if len(self._batch) < BATCH_FILES:
            return []
        return self.end_folder()

    def end_folder(self) -> list[Copied]:
        """The current folder's files (or the rest of them) go to a helper as one batch;
        the files done meanwhile."""
        if not self._batch:
            return []
        self._hand_out()
        return self._take(wait=len(self._pending) > IN_FLIGHT)

    def finish(self) -> list[Copied]:
        """Every file handed out so far, done (before a large file, and at the end)."""
        if self._batch:
            self._hand_out()
        return self._take(wait=True, everything=True)

    def _hand_out(self) -> None:
        self._cancel.raise_if_cancelled()
        batch, self._batch = self._batch, []
        self._pending.append((batch, self._pool.submit(self._copy_batch, batch)))

    def _take(self, *, wait: bool, everything: bool = False) -> list[Copied]:
        """The batches at the front that are done (waiting for the first when ``wait``).
        A file that changed since the pre-scan is copied again here, on the job thread."""
        done: list[Copied] = []
        while self._pending:
            batch, future = self._pending[0]
            if not (wait or future.done()):
                break
            results, error = future.result()
            self._pending.popleft()
            for (entry, dest, mtime_ns), copied in zip(batch, results, strict=False):
                if copied is None:
                    copied = self._engine.copy_again(entry, dest, mtime_ns)
                else:
                    self._engine.meter.whole_file(copied.size, entry.rel)
                if self._check is not None:
                    self._check(entry, copied)
                done.append((entry, copied))
            if error is not None:  # after the files before it: the first error, in order
                raise error
            wait = everything
        return done

    def _copy_batch(self, batch: _Batch) -> _Done:
        """On a helper thread: each file whole; None for one that changed meanwhile. At
        an error, the files before it and the error."""
        lane = self._lanes.get()
        try:
            results: list[CopiedFile | None] = []
            if lane is not None:
                try:
                    results = lane.copy(batch, self._stopping)
                except Unavailable:
                    results = []
                for _, dest, _ in batch[len(results) :]:  # where it stopped, this process
                    with contextlib.suppress(FileNotFoundError):  # goes on: from scratch
                        os.unlink(dest)  # noqa: PTH108 - plain strings
            try:
                for entry, dest, mtime_ns in batch[len(results) :]:
                    if self._stop.is_set():
                        raise Cancelled
                    results.append(self._engine.copy_small(entry, dest, mtime_ns))
            except Exception as exc:  # raised by the job thread, after the files before it
                return results, exc
            return results, None
        finally:
            self._lanes.put(lane)

    def _stopping(self) -> bool:
        return self._stop.is_set() or self._cancel.cancelled

    def close(self) -> None:
        """Stop the helpers at the file they are on and wait for them (a job that ended
        early removes its folder next)."""
        self._stop.set()
        self._batch = []
        for _, future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._pending.clear()
        if self._helper is not None:
            self._helper.close()

    def __enter__(self) -> SmallFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
