"""Logging to a rotating file in the platform's log folder; the user sees sentences, not logs."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

APP_NAME = "MailMigrationAssistant"
LOG_DIR_VARIABLE = "MAIL_MIGRATION_ASSISTANT_LOG_DIR"


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_VARIABLE)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / "assistant.log"


def setup_logging() -> Path | None:
    """Send log records to a rotating file; returns its path, or None if it cannot be written."""
    root = logging.getLogger()
    if any(getattr(h, "_assistant", False) for h in root.handlers):
        return log_file()
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", errors="backslashreplace"
        )
    except OSError:
        return None
    handler._assistant = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
