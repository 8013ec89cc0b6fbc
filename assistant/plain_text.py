"""Text from the machine shown on a terminal stays plain text on its one line.

A profile's name, a file name or a path inside a sentence may hold an ESC (which
clears the reader's terminal or sets its title), a line break (which forges a line) or
a bidi override (which reorders what is read). Every line the CLI shows (the text
report, summarize, error and notice sentences) goes through :func:`one_line`.
"""

from __future__ import annotations

import re

# What a value from the machine (a profile's name, a file name, a version string) may
# hold that would change the text around it on a terminal: control characters (a line
# break forging a line, ESC starting a terminal sequence), line and paragraph
# separators, and the marks that reorder text (bidi overrides).
_NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with every character of :data:`_NOT_PLAIN` shown as its escape
    (``\\n``, ``\\x1b``, ``\\u202e``): a hostile value stays on its one line and
    cannot drive the reader's terminal."""
    return _NOT_PLAIN.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
