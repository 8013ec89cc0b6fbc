"""The program's standard output, whose failures are one sentence.

Output goes where the user sends it: a pipe whose reader stopped (``report | head``), a
full disk (``> /dev/full``), or nowhere (``>&-``: Python then has no ``sys.stdout``).
Each used to end in "an unexpected error happened" and a traceback in the log, or in
Python's own "Exception ignored" at exit. Now a write or a flush that fails raises
:class:`~assistant.errors.AssistantError` naming standard output and the reason, and
what is still buffered is dropped, so the program ends with that one sentence and the
command's failure code.
"""

from __future__ import annotations

import io
import os
from typing import TextIO, cast

from assistant.errors import AssistantError


class Stdout(io.TextIOBase):
    """``stream`` (``sys.stdout``, or None when it is closed) with failures said plainly."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8" if self._stream is None else self._stream.encoding

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def write(self, text: str) -> int:
        stream = self._usable()
        try:
            return stream.write(text)
        except OSError as exc:
            raise self._lost(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            raise self._lost(exc) from None

    def _usable(self) -> TextIO:
        if self._stream is None:
            raise AssistantError("redteam.stdout.closed")
        return self._stream

    def _lost(self, exc: OSError) -> AssistantError:
        """The sentence for ``exc``; what is still buffered goes nowhere, so Python's exit
        does not try again and print its own error."""
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
            except (OSError, ValueError, io.UnsupportedOperation):
                pass  # not a real file (a test's capture): nothing is flushed at exit
        return AssistantError("redteam.stdout.failed", reason=exc.strerror or str(exc))


def stdout(stream: TextIO | None) -> TextIO:
    return cast(TextIO, Stdout(stream))
