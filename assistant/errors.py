"""Errors that reach the user as one translated sentence."""

from __future__ import annotations

from assistant.i18n import Message


class AssistantError(Exception):
    """A failure the user can understand: a catalog message, never a traceback."""

    def __init__(self, key: str, /, **params: object) -> None:
        super().__init__(key)
        self.message = Message(key, params)

    def __str__(self) -> str:
        return f"{self.message.key} {dict(self.message.params)}"


class UsageError(AssistantError):
    """The command line was wrong (exit code 2)."""


class DataFileError(AssistantError):
    """A data file (matrix, organisation profile, ...) is missing or malformed."""


class UnusableFile(OSError):
    """A file or folder that is there but that we will not read: it leads out of the
    snapshot, it is not a regular file, or it is too big. ``message`` names it.

    An ``OSError`` so that every place that already turns a failed read into a finding
    ("cannot be read") keeps working, and says this sentence instead of a bare reason.
    """

    def __init__(self, error_number: int, path: object, message: Message) -> None:
        super().__init__(error_number, message.key, str(path))
        self.message = message
