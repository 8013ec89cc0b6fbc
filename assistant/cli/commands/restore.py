"""``restore BACKUP_DIR [--to DIR] [--yes] [--json]``: put a backup back, moving aside
what is there.

Where each item goes is shown before anything is written. Without ``--to`` (back where the
data came from) the user confirms on a terminal, or a script passes ``--yes``; with no
terminal and no ``--yes`` nothing is written and one sentence says why. ``--to`` names
the place on the command line itself, so it asks nothing.

Exit 0 when everything was restored and verified, 1 when refused, declined or failed,
130 cancelled.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.backup.progress import CancelToken
from assistant.backup.restore import RestoreJob
from assistant.backup.restore_sentences import describe_restore
from assistant.backup.restore_targets import describe_targets
from assistant.cli.job_runner import (
    EXIT_CANCELLED,
    ProgressPrinter,
    run_cancellable,
    write_outcome,
)
from assistant.cli.say import say
from assistant.cli.session import Session
from assistant.detect.running import running_now
from assistant.i18n import Translator

EXIT_FAILED = 1


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "restore",
        help=tr("mailbackup.cli.restore_help"),
        description=tr("mailbackup.cli.restore_help"),
    )
    parser.add_argument("backup_dir", metavar="BACKUP_DIR", help=tr("mailbackup.cli.backup_dir"))
    parser.add_argument("--to", metavar="DIR", help=tr("mailbackup.cli.to"))
    parser.add_argument("--yes", action="store_true", help=tr("restore.cli.yes"))
    parser.add_argument("--json", action="store_true", help=tr("mailbackup.cli.json"))
    parser.set_defaults(run=run, failure_exit=EXIT_FAILED)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    tr = session.tr
    printer = ProgressPrinter(session.err, tr, args.json)
    cancel = CancelToken()
    job = RestoreJob(
        Path(args.backup_dir),
        to=Path(args.to) if args.to else None,
        progress=printer,
        cancel=cancel,
        running=running_now(session.env),
        reports_per_second=printer.reports_per_second,
        env=session.env,
    )
    targets = job.plan()
    for line in describe_targets(targets, tr):  # names from the backup's manifest
        say(session.err if args.json else session.out, "  - " + line)
    if job.to is None and not args.yes:
        refusal = _not_confirmed(session, args.json)
        if refusal is not None:
            data: dict[str, object] = {"status": "declined", "error_key": refusal[0]}
            data["message"] = refusal[1]
            write_outcome(session.out, session.err, [refusal[1]], data, args.json)
            return EXIT_FAILED
    result = run_cancellable(job.run, cancel)
    printer.end()
    lines = describe_restore(result, tr)
    data = result.as_json()
    data["message"] = " ".join(lines)
    write_outcome(session.out, session.err, lines, data, args.json)
    return {"completed": 0, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def _not_confirmed(session: Session, as_json: bool) -> tuple[str, str] | None:
    """None when the user said yes at the terminal; else (key, sentence) of the refusal."""
    tr = session.tr
    if not sys.stdin.isatty():
        return "restore.no_terminal", tr("restore.no_terminal")
    prompt = session.err if as_json else session.out
    prompt.write(tr("restore.confirm") + " ")
    prompt.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, KeyboardInterrupt):
        answer = ""
    if answer.strip().lower() in ("y", "yes", "はい"):
        return None
    return "restore.declined", tr("restore.declined")
