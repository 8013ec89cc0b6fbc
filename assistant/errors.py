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
