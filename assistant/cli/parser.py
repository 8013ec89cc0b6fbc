"""The argparse front end: global options accepted before or after the command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import NoReturn

from assistant import __version__
from assistant.environment import PLATFORMS
from assistant.errors import UsageError
from assistant.i18n import LANGUAGES, Translator


class ArgumentParser(argparse.ArgumentParser):
    """Usage errors become one translated sentence (exit 2), not argparse's English."""

    def error(self, message: str) -> NoReturn:
        raise UsageError("error.usage", detail=message, prog=self.prog)


def add_global_options(parser: argparse.ArgumentParser, tr: Translator, *, suppress: bool) -> None:
    """The global options; on subcommands they default to SUPPRESS so that a value given
    before the command is not overwritten by the subcommand's default."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    group = parser.add_argument_group(tr("cli.group.global"))
    group.add_argument("--lang", choices=LANGUAGES, default=default(None), help=tr("cli.opt.lang"))
    group.add_argument("--config", metavar="FILE", default=default(None), help=tr("cli.opt.config"))
    group.add_argument(
        "--demo", action="store_true", default=default(False), help=tr("cli.opt.demo")
    )
    group.add_argument(
        "--platform", choices=PLATFORMS, default=default(None), help=tr("cli.opt.platform")
    )
    group.add_argument("--root", metavar="DIR", default=default(None), help=tr("cli.opt.root"))
    group.add_argument("--home", metavar="DIR", default=default(None), help=tr("cli.opt.home"))
    group.add_argument(
        "--registry",
        metavar="FILE.reg",
        action="append",
        default=default(None),
        help=tr("cli.opt.registry"),
    )


def command_in(argv: Sequence[str], tr: Translator) -> str | None:
    """The command named on the command line: its first word that is neither an option
    nor the value of a global option."""
    scratch = argparse.ArgumentParser(add_help=False)
    add_global_options(scratch, tr, suppress=False)
    takes_value = {o for a in scratch._actions if a.nargs != 0 for o in a.option_strings}
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            if word in takes_value:
                next(words, None)
            continue
        return word
    return None


def build_parser(tr: Translator, argv: Sequence[str] | None = None) -> ArgumentParser:
    """The whole parser; given ``argv`` naming a command, only that command's part (the
    other commands' modules are then not even imported)."""
    from assistant.cli import commands

    parser = ArgumentParser(prog="mail-migration-assistant", description=tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_global_options(parser, tr, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    named = None if argv is None else command_in(argv, tr)
    modules = [commands.load(named)] if named in commands.NAMES else commands.load_all()
    for command in modules:
        sub_parser = command.register(sub, tr)
        add_global_options(sub_parser, tr, suppress=True)
    return parser
