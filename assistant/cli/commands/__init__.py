"""One module per command; each has ``register(subparsers, tr)`` and sets ``run``."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Protocol

from assistant.cli.commands import (
    backup,
    check,
    fix,
    gui,
    guide,
    report,
    restore,
    smoke_test,
    verify,
)
from assistant.i18n import Translator


class Command(Protocol):
    def register(
        self, sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
    ) -> argparse.ArgumentParser: ...


ALL: tuple[ModuleType, ...] = (
    gui,
    report,
    check,
    backup,
    verify,
    restore,
    guide,
    fix,
    smoke_test,
)
