"""The command line's view of the application context: the parsed options and the
terminal's streams around :class:`assistant.app_context.AppContext`."""

from __future__ import annotations

import argparse
import io
import sys
from typing import TYPE_CHECKING, TextIO

from assistant.app_context import AppContext, MachineChoice, environment_for
from assistant.cli.stdout import stdout
from assistant.i18n import Translator

if TYPE_CHECKING:  # the machine is looked at after the GUI's first page, not before
    from assistant.environment import Environment


class Session(AppContext):
    def __init__(
        self,
        args: argparse.Namespace,
        tr: Translator,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        super().__init__(MachineChoice.from_options(args), tr)
        self.args = args
        self.out: TextIO = stdout(sys.stdout) if out is None else out
        # stderr closed (2>&-): nowhere to say it, but the exit code must still be ours
        # (writing to None raised in the error handler: exit 1 for every failure).
        self.err: TextIO = (sys.stderr or io.StringIO()) if err is None else err


def environment_from_args(args: argparse.Namespace) -> Environment:
    return environment_for(MachineChoice.from_options(args))
