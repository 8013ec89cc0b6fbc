"""``report [--json]``: the diagnosis of this machine (exit 0 nothing to do, 1 action, 3 failed)."""

from __future__ import annotations

import argparse
import json

from assistant.cli.session import Session
from assistant.i18n import Translator
from assistant.report import report_json, report_text

EXIT_NOTHING_TO_DO = 0
EXIT_ACTION_NEEDED = 1
EXIT_DIAGNOSIS_FAILED = 3


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("report", help=tr("cli.report.help"), description=tr("cli.report.help"))
    parser.add_argument("--json", action="store_true", help=tr("cli.report.json"))
    parser.set_defaults(run=run, failure_exit=EXIT_DIAGNOSIS_FAILED)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    diagnosis = session.diagnose()
    if args.json:
        data = report_json(diagnosis, session.tr)
        session.out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        session.out.write(report_text(diagnosis, session.tr))
    return EXIT_ACTION_NEEDED if diagnosis.action_needed else EXIT_NOTHING_TO_DO
