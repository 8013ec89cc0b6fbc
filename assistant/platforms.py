"""The three systems the assistant knows, by the names the command line and reports use.

Apart from :mod:`assistant.environment` so that the command line's parser (built at every
start, the GUI's too) names them without loading the machine's description."""

from __future__ import annotations

from typing import Literal

Platform = Literal["windows", "macos", "linux"]
PLATFORMS: tuple[Platform, ...] = ("windows", "macos", "linux")
