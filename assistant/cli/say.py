"""How the CLI says a sentence to the user: an error, a notice, a job's outcome."""

from __future__ import annotations

from typing import TextIO

from assistant.plain_text import one_line


def say(stream: TextIO | None, sentence: str) -> None:
    """``sentence`` on its own line of ``stream``; a value it names (a profile's name, a
    hostile file's path) cannot clear the terminal or forge a line (:func:`one_line`).
    A closed stream (``2>&-``, ``None``) takes it nowhere."""
    if stream is not None:
        stream.write(one_line(sentence) + "\n")
