"""Turns real-world version strings into comparable PEP 440 versions."""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

# A release of up to six dot-separated numbers, optionally followed by a pre-release
# marker (a1, b3, rc2) and/or Mozilla's "esr" display suffix. Digit groups are bounded
# so that no input can make int() refuse an enormous number.
_VERSION = re.compile(
    r"(?<![\d.])(?<![xX])(?P<release>\d{1,12}(?:\.\d{1,12}){0,5})"
    r"(?:(?P<pre>a|b|rc|alpha|beta)(?P<pre_n>\d{0,6}))?"
    r"(?:\s*esr)?",
    re.IGNORECASE | re.ASCII,
)
_MAX_INPUT = 200


def normalise_version(text: str) -> Version | None:
    """``"140.4.0 ESR (x64 ja)"`` -> ``Version("140.4.0")``; None when no version is in it.

    Accepts what apps really write: ``153.7.0esr``, ``102.0b3``, ``156.0a1``,
    ``91.12.0 (x64 ja)``, ``Mozilla Thunderbird 153.7.0esr``, ``16.0.17928.20114``.
    Never raises.
    """
    if not isinstance(text, str):
        return None
    match = _VERSION.search(text[:_MAX_INPUT])
    if match is None:
        return None
    candidate = match["release"]
    if match["pre"]:
        candidate += match["pre"].lower()[0] if match["pre"].lower() != "rc" else "rc"
        candidate += match["pre_n"] or "0"
    try:
        return Version(candidate)
    except InvalidVersion:  # pragma: no cover - the pattern only builds valid versions
        return None
