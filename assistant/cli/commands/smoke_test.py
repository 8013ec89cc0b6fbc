"""``smoke-test``: start the GUI offscreen, show the first page, exit; timings as JSON."""

from __future__ import annotations

import argparse
import json

from assistant.cli.session import Session
from assistant.i18n import Translator


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "smoke-test", help=tr("cli.smoke.help"), description=tr("cli.smoke.help")
    )
    parser.set_defaults(run=run, failure_exit=1)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    from assistant.gui.app import smoke_test

    timings = smoke_test(session)
    session.out.write(json.dumps(timings) + "\n")
    return 0 if timings.get("ok") else 1
