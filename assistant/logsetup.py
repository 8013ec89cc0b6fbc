"""Logging to a rotating file in the platform's log folder; the user sees sentences, not logs.

The GUI opens its log file only once its first page is on screen (a file and a folder
to make cost the first page time), but Qt speaks before that (the offscreen platform's
"does not support propagateSizeHints" as the window is shown). Without a handler such a
record went to logging's last resort, the terminal. :func:`hold_log_records` is called
at the GUI's first moment: from then on records are held in memory, and
:func:`setup_logging` writes them to the file, in order, when it opens it.

Importing this module costs nothing beyond :mod:`logging` (the GUI does it before its
first page): the rotating handler and the log folder's lookup are imported when used.
"""

from __future__ import annotations

import collections
import logging
import os
from pathlib import Path

APP_NAME = "MailMigrationAssistant"
LOG_DIR_VARIABLE = "MAIL_MIGRATION_ASSISTANT_LOG_DIR"
# Records held before the file opens: the first moments say a few; a flood keeps its last.
HELD_RECORDS = 1000


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / "assistant.log"


class _HeldRecords(logging.Handler):
    """Holds records until the log file opens, then passes them, and every later record,
    to it. It stays in place rather than being swapped for the file's handler, so that a
    record another thread logs at that moment is neither lost nor written twice."""

    def __init__(self) -> None:
        super().__init__()
        self.held: collections.deque[logging.LogRecord] = collections.deque(maxlen=HELD_RECORDS)
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            self.held.append(record)
        else:
            self.file.handle(record)

    def open(self, file: logging.Handler) -> None:
        self.acquire()  # handle() takes the same lock: no record slips in between
        try:
            while self.held:
                file.handle(self.held.popleft())
            self.file = file
        finally:
            self.release()


def _held(root: logging.Logger) -> _HeldRecords | None:
    return next((h for h in root.handlers if isinstance(h, _HeldRecords)), None)


def _file_open(root: logging.Logger) -> bool:
    held = _held(root)
    return (held is not None and held.file is not None) or any(
        getattr(h, "_assistant", False) for h in root.handlers
    )


def hold_log_records() -> None:
    """From now until :func:`setup_logging`, records (Qt's messages among them) wait in
    memory for the log file instead of reaching the terminal. If the file cannot be
    opened, they stay unwritten: the user sees sentences, not logs."""
    root = logging.getLogger()
    if _held(root) is None and not _file_open(root):
        root.addHandler(_HeldRecords())
        root.setLevel(logging.INFO)


def setup_logging() -> Path | None:
    """Send log records to a rotating file; returns its path, or None if it cannot be written."""
    root = logging.getLogger()
    if _file_open(root):
        return log_file()
    from logging.handlers import RotatingFileHandler

    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        return None
    handler._assistant = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    held = _held(root)
    if held is None:
        root.addHandler(handler)
    else:
        held.open(handler)  # what was said before the file opened comes first
    root.setLevel(logging.INFO)
    return path
