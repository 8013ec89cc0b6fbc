"""``verify BACKUP_DIR [--json]``: exit 0 only when every file is present and identical.

Exit 1 when something is missing, changed or extra (each is listed) or when cancelled;
3 when the folder is not a backup or its manifest is damaged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.backup.progress import CancelToken
from assistant.backup.verify import VerifyJob, VerifyReport
from assistant.cli.job_runner import ProgressPrinter, run_cancellable, write_outcome
from assistant.cli.session import Session
from assistant.i18n import Translator

EXIT_NOT_WHOLE = 1
EXIT_CANNOT_VERIFY = 3


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "verify",
        help=tr("mailbackup.cli.verify_help"),
        description=tr("mailbackup.cli.verify_help"),
    )
    parser.add_argument("backup_dir", metavar="BACKUP_DIR", help=tr("mailbackup.cli.backup_dir"))
    parser.add_argument("--json", action="store_true", help=tr("mailbackup.cli.json"))
    parser.set_defaults(run=run, failure_exit=EXIT_CANNOT_VERIFY)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    tr = session.tr
    printer = ProgressPrinter(session.err, tr, args.json)
    cancel = CancelToken()
    job = VerifyJob(
        Path(args.backup_dir),
        progress=printer,
        cancel=cancel,
        reports_per_second=printer.reports_per_second,
    )
    report = run_cancellable(job.run, cancel)
    printer.end()
    lines = describe(report, tr)
    write_outcome(session.out, session.err, lines, report.as_json(), args.json)
    return 0 if report.whole else EXIT_NOT_WHOLE


def describe(report: VerifyReport, tr: Translator) -> list[str]:
    folder = str(report.backup_dir)
    if report.status == "cancelled":
        return [tr("mailbackup.verify.cancelled")]
    if report.whole:
        return [tr("mailbackup.verify.whole", folder=folder, count=report.files_checked)]
    lines = [
        tr(
            "mailbackup.verify.damaged",
            folder=folder,
            missing=len(report.missing),
            changed=len(report.changed),
            extra=len(report.extra),
        )
    ]
    lines += ["  " + tr("mailbackup.verify.missing_item", path=p) for p in report.missing]
    lines += ["  " + tr("mailbackup.verify.changed_item", path=p) for p in report.changed]
    lines += ["  " + tr("mailbackup.verify.extra_item", path=p) for p in report.extra]
    if report.unreadable:
        lines.append(tr("hostile.verify.unreadable", count=len(report.unreadable)))
        lines += ["  " + tr("hostile.verify.unreadable_item", path=p) for p in report.unreadable]
    return lines
