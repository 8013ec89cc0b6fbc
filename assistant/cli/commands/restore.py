"""``restore BACKUP_DIR [--to DIR] [--json]``: put a backup back, moving aside what is there.

Exit 0 when everything was restored and verified, 1 when refused or failed, 130 cancelled.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.backup.progress import CancelToken
from assistant.backup.restore import RestoreJob, RestoreResult
from assistant.cli.job_runner import (
    EXIT_CANCELLED,
    ProgressPrinter,
    run_cancellable,
    write_outcome,
)
from assistant.cli.session import Session
from assistant.detect.running import running_now
from assistant.i18n import Translator
from assistant.sizes import human_size

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
    )
    result = run_cancellable(job.run, cancel)
    printer.end()
    lines = describe(result, tr)
    data = result.as_json()
    data["message"] = " ".join(lines)
    write_outcome(session.out, session.err, lines, data, args.json)
    return {"completed": 0, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)


def describe(result: RestoreResult, tr: Translator) -> list[str]:
    lines: list[str] = []
    if result.error is not None:
        lines.append(tr.render(result.error))
    if result.status == "completed":
        lines.append(
            tr("mailbackup.restore.completed", files=result.files, size=human_size(result.bytes))
        )
    else:
        lines.append(tr(f"mailbackup.restore.{result.status}", count=len(result.restored)))
    for item in result.restored:
        lines.append(tr("mailbackup.restore.placed", name=item.name, target=str(item.target)))
        if item.moved_aside is not None:
            lines.append(
                tr(
                    "mailbackup.restore.moved_aside",
                    target=str(item.target),
                    aside=str(item.moved_aside),
                )
            )
    if result.renamed:
        names = ", ".join(f"{old} → {new}" for old, new in result.renamed)
        lines.append(tr("mailbackup.restore.renamed", count=len(result.renamed), names=names))
    if result.links_not_restored:
        lines.append(
            tr("mailbackup.restore.links_not_restored", links=", ".join(result.links_not_restored))
        )
    return lines
