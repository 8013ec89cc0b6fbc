"""The argparse front end: global options accepted before or after the command."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from assistant import __version__
from assistant.errors import UsageError
from assistant.i18n import LANGUAGES, Translator
from assistant.platforms import PLATFORMS


class ArgumentParser(argparse.ArgumentParser):
    """Usage errors become one translated sentence (exit 2), not argparse's English."""

    def error(self, message: str) -> NoReturn:
        raise UsageError("error.usage", detail=message, prog=self.prog)


def _not_empty(option: str) -> Callable[[str], str]:
    """The type of an option naming a file or folder: never empty (``Path("")`` is the
    current folder, which would then be diagnosed as a home, a snapshot or a profile)."""

    def given(text: str) -> str:
        if not text:
            raise UsageError(f"error.empty.{option.lstrip('-')}")
        return text

    return given


# The global options: flag -> (help text's key, argparse's keywords). The parser is built
# from this, and the command word is found from it without building one.
GLOBAL_OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "--lang": ("cli.opt.lang", {"choices": LANGUAGES}),
    "--config": ("cli.opt.config", {"metavar": "FILE", "type": _not_empty("--config")}),
    "--demo": ("cli.opt.demo", {"action": "store_true"}),
    "--platform": ("cli.opt.platform", {"choices": PLATFORMS}),
    "--root": ("cli.opt.root", {"metavar": "DIR", "type": _not_empty("--root")}),
    "--home": ("cli.opt.home", {"metavar": "DIR", "type": _not_empty("--home")}),
    "--registry": (
        "cli.opt.registry",
        {"metavar": "FILE.reg", "action": "append", "type": _not_empty("--registry")},
    ),
}
# Those followed by a value: the word after them is never the command.
TAKES_VALUE = frozenset(
    flag for flag, (_, keywords) in GLOBAL_OPTIONS.items() if keywords.get("action") != "store_true"
)


def add_global_options(parser: argparse.ArgumentParser, tr: Translator, *, suppress: bool) -> None:
    """The global options; on subcommands they default to SUPPRESS so that a value given
    before the command is not overwritten by the subcommand's default."""
    group = parser.add_argument_group(tr("cli.group.global"))
    for flag, (help_key, keywords) in GLOBAL_OPTIONS.items():
        default = argparse.SUPPRESS if suppress else _unset(keywords)
        group.add_argument(flag, default=default, help=tr(help_key), **keywords)


def _unset(keywords: dict[str, Any]) -> object:
    """A global option's value when it is not given."""
    return False if keywords.get("action") == "store_true" else None


def no_words() -> argparse.Namespace:
    """What the parser makes of a command line with no words (the desktop's shortcut
    starting the GUI): every global option unset, no command. Built without a parser
    (argparse's, with its help texts and gettext's look for its own, is some 3 ms)."""
    unset = {flag[2:].replace("-", "_"): _unset(kw) for flag, (_, kw) in GLOBAL_OPTIONS.items()}
    return argparse.Namespace(**unset, command=None)


def command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line: its first word that is neither an option
    nor the value of a global option (found without building a parser: this runs at
    every start, the GUI's too)."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            if word in TAKES_VALUE:
                next(words, None)
            continue
        return word
    return None


def only_global_options(argv: Sequence[str]) -> bool:
    """Whether the command line holds nothing but global options and their values: no
    command, no ``--help`` or ``--version``. The GUI then starts (as the desktop's
    shortcut, the Start menu and the macOS app start it, with no words at all)."""
    words = iter(argv)
    for word in words:
        flag = word.split("=", 1)[0]
        if flag not in GLOBAL_OPTIONS or (flag != word and flag not in TAKES_VALUE):
            return False
        if flag == word and flag in TAKES_VALUE:
            next(words, None)
    return True


def build_parser(tr: Translator, argv: Sequence[str] | None = None) -> ArgumentParser:
    """The whole parser; given ``argv`` naming a command, only that command's part (the
    other commands' modules are then not even imported), and given no command, only the
    GUI's (which then starts: loading every command doubled the GUI's start-up)."""
    from assistant.cli import commands

    parser = ArgumentParser(prog="mail-migration-assistant", description=tr("cli.description"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_global_options(parser, tr, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)
    named = None if argv is None else command_in(argv)
    if named is None and argv is not None and only_global_options(argv):
        named = "gui"
    modules = [commands.load(named)] if named in commands.NAMES else commands.load_all()
    for command in modules:
        sub_parser = command.register(sub, tr)
        add_global_options(sub_parser, tr, suppress=True)
    return parser
