"""``gui`` (also no command): the graphical assistant."""

from __future__ import annotations

import argparse

from assistant.cli.session import Session
from assistant.i18n import Translator


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("gui", help=tr("cli.gui.help"), description=tr("cli.gui.help"))
    parser.set_defaults(run=run, failure_exit=1)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    from assistant.gui.gui_thread_gc import stop_automatic_collection

    stop_automatic_collection()  # the GUI collects on its own thread only (and not while starting)
    # The first page's modules without Qt load before Qt does: once PySide6 is imported,
    # its import hook (``__feature__``) reads the source of every module imported later.
    import assistant.gui.display
    import assistant.gui.wizard.diagnosing
    import assistant.gui.wizard.excepthook
    import assistant.journey
    import assistant.logsetup  # noqa: F401
    from assistant.gui.app import run_gui

    return run_gui(session, explicit_language=bool(getattr(args, "lang", None)))
