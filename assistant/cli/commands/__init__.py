"""One module per command; each has ``register(subparsers, tr)`` and sets ``run``.

A command's module is imported only when it is needed: a ``backup`` does not pay for
loading the diagnosis, the guides and the Thunderbird fix (see ``parser.build_parser``).
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType
from typing import Protocol

from assistant.i18n import Translator


class Command(Protocol):
    def register(
        self, sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
    ) -> argparse.ArgumentParser: ...


# The command name on the command line -> its module, in the order --help lists them.
NAMES: dict[str, str] = {
    "gui": "gui",
    "report": "report",
    "check": "check",
    "backup": "backup",
    "verify": "verify",
    "restore": "restore",
    "guide": "guide",
    "fix": "fix",
    "summarize": "summarize",
    "smoke-test": "smoke_test",
}


def load(name: str) -> ModuleType:
    return importlib.import_module(f"assistant.cli.commands.{NAMES[name]}")


def load_all() -> list[ModuleType]:
    return [load(name) for name in NAMES]
