"""Small files read ahead on a second thread while the job thread writes and checks.

A mailbox of small files costs system calls on both sides: opening, reading and closing
each source, then creating, writing, reading back and closing each copy. Those calls let go
of the GIL, so while the job thread writes one file a helper thread can already be
reading the next ones. The helper only reads sources (never the backup), in the walk's
order; the job thread takes what it read in that same order, so the manifest, the
progress stream and every check stay as they were. Large files are not read ahead: the
copy engine streams them as before.

Memory: at most ``AHEAD`` files and about ``LIMIT`` bytes of their contents wait,
whatever the number of files. The
helper looks at the cancel token before every file and stops at once when the job ends
(cancelled, failed or done).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator
from typing import NamedTuple

from assistant.backup.copy import SMALL_FILE, SourceOpener, read_small
from assistant.backup.progress import CancelToken
from assistant.backup.scan import FileEntry, FolderBatch
from assistant.errors import AssistantError

# Read ahead and not yet written, at most: enough to keep both threads busy.
LIMIT = 1024 * 1024  # bytes of file contents
AHEAD = 64  # files and folders


class SourceRead(NamedTuple):
    """A small file as read on the helper thread: its bytes and its state right after."""

    data: bytes
    after: os.stat_result


class _End(NamedTuple):
    error: BaseException | None


Item = FolderBatch | tuple[FileEntry, SourceRead | None] | _End


class ReadAhead:
    """Iterate it for each folder batch, then each of its files with what was read of it
    (None for a large file); any error of the walk or a read comes in its place."""

    def __init__(
        self,
        batches: Iterator[FolderBatch],
        opener: SourceOpener,
        cancel: CancelToken,
        limit: int = LIMIT,
    ) -> None:
        self._batches = batches
        self._opener = opener
        self._cancel = cancel
        self._limit = limit
        self._items: deque[Item] = deque()
        self._waiting_bytes = 0
        self._stopped = False
        self._ready = threading.Condition()
        # Who sleeps: the job thread on an empty queue, the helper on a full one. The
        # helper is woken only once the queue is down to half, not for every file taken
        # (a wake-up per file cost more CPU than the reading it saved).
        self._taker_waits = False
        self._reader_waits = False
        self._thread = threading.Thread(target=self._run, name="read-ahead", daemon=True)
        self._thread.start()

    def __iter__(self) -> Iterator[FolderBatch | tuple[FileEntry, SourceRead | None]]:
        while True:
            with self._ready:
                while not self._items:
                    self._taker_waits = True
                    self._ready.wait()
                    self._taker_waits = False
                item = self._items.popleft()
                if isinstance(item, _End):
                    if item.error is not None:
                        raise item.error
                    return
                if not isinstance(item, FolderBatch) and item[1] is not None:
                    self._waiting_bytes -= len(item[1].data)
                if self._reader_waits and not self._full(half=True):
                    self._ready.notify_all()
            yield item

    def stop(self) -> None:
        """End the helper (it finishes the file it is reading) and wait for it."""
        with self._ready:
            self._stopped = True
            self._ready.notify_all()
        self._thread.join()

    def _full(self, *, half: bool = False) -> bool:
        share = 2 if half else 1
        return self._waiting_bytes > self._limit // share or len(self._items) >= AHEAD // share

    def _put(self, item: Item, size: int = 0) -> bool:
        with self._ready:
            while self._full() and not self._stopped:
                self._reader_waits = True
                self._ready.wait()
                self._reader_waits = False
            if self._stopped:
                return False
            self._items.append(item)
            self._waiting_bytes += size
            if self._taker_waits:
                self._ready.notify_all()
            return True

    def _run(self) -> None:
        try:
            for batch in self._batches:
                if not self._put(batch):
                    return
                for entry in batch.files:
                    if self._cancel.cancelled or self._stopped:
                        self._put(_End(None))
                        return
                    read = self._read(entry) if entry.size <= SMALL_FILE else None
                    if not self._put((entry, read), 0 if read is None else len(read.data)):
                        return
        except (AssistantError, OSError) as exc:
            self._put(_End(exc))
            return
        except BaseException as exc:  # handed to the job thread, which reports it
            self._put(_End(exc))
            return
        self._put(_End(None))

    def _read(self, entry: FileEntry) -> SourceRead:
        return SourceRead(*read_small(self._opener, entry))
