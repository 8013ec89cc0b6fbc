"""Command-line front end over the core. Errors reach the user as one sentence."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Sequence

from assistant.cli.parser import build_parser, command_in, no_words
from assistant.cli.say import say
from assistant.cli.session import Session
from assistant.errors import AssistantError, UsageError
from assistant.i18n import LANGUAGES, Language, Translator, system_language

log = logging.getLogger(__name__)


def setup_logging() -> None:
    from assistant.logsetup import setup_logging as start_log

    start_log()


EXIT_USAGE = 2


def language_from_argv(argv: Sequence[str]) -> Language:
    for i, arg in enumerate(argv):
        value = None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in LANGUAGES:
            return value
    return system_language()


def escape_unwritable_output() -> None:
    """The one place output meets the terminal's encoding: whatever cannot be written is
    written as a backslash escape instead of ending the program. A file name that is not
    valid UTF-8 (a Shift_JIS PST) reaches us as lone surrogates (``\\udc82``, Python's
    surrogateescape); it is printed as that escape, which in ``--json`` output is a valid
    JSON escape giving the exact bytes back (``os.fsencode(json.loads(...))``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    escape_unwritable_output()
    tr = Translator(language_from_argv(argv))
    if command_in(argv) not in (None, "gui"):  # the GUI opens its log after its first page
        setup_logging()
    try:
        args = build_parser(tr, argv).parse_args(argv) if argv else no_words()
    except UsageError as exc:
        say(sys.stderr, tr.render(exc.message))
        return EXIT_USAGE
    if args.lang:
        tr = Translator(args.lang)
    if args.command is None:
        args.command = "gui"
        from assistant.cli.commands import gui

        args.run, args.failure_exit = gui.run, 1
    session = Session(args=args, tr=tr)
    return run_command(args, session)


def run_command(args: argparse.Namespace, session: Session) -> int:
    tr = session.tr
    try:
        code = int(args.run(args, session))
        session.out.flush()  # a full disk or a closed pipe is said here, not at exit
        return code
    except UsageError as exc:
        say(session.err, tr.render(exc.message))
        return EXIT_USAGE
    except AssistantError as exc:
        log.warning("%s failed: %s", args.command, exc)
        say(session.err, tr.render(exc.message))
        return int(args.failure_exit)
    except KeyboardInterrupt:
        say(session.err, tr("error.interrupted"))
        return 130
    except Exception:
        from assistant.logsetup import log_file

        setup_logging()
        log.exception("unexpected failure in %s", args.command)
        say(session.err, tr("error.unexpected", log=str(log_file())))
        return int(args.failure_exit)


def leave(code: int, argv: Sequence[str] | None = None) -> int:
    """End a command-line run once ``main`` has returned: what is buffered is written and
    the log closed, then the process ends without the interpreter's teardown (freeing
    every module and object: 30-140 ms measured here, after the work is done, and a
    helpdesk script runs the command once per user). Returns only where the teardown is
    still needed: for the GUI (Qt and its settings end with it), and while a thread other
    than a daemon is still alive (the normal exit waits for it)."""
    argv = sys.argv[1:] if argv is None else argv
    if command_in(argv) in (None, "gui") or any(
        not t.daemon for t in threading.enumerate() if t is not threading.main_thread()
    ):
        return code
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed or broken stream was said by the command
            pass
    logging.shutdown()
    os._exit(code)
