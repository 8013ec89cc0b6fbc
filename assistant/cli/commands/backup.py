"""``backup [--app APP] [--source PATH ...] [--dest DIR] [--json]``: a verified backup.

Exit 0 when the backup is complete and verified, 1 when it was refused or failed,
130 when it was cancelled. With ``--json`` the last line on stdout is a JSON object.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path

from assistant.backup.cloud import synced_folders
from assistant.backup.destination import backup_folder_name, free_name, writable_backup_parent
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup, sources_from_facts
from assistant.backup.progress import CancelToken
from assistant.backup.sentences import describe
from assistant.boundary import OUTSIDE
from assistant.cli.job_runner import EXIT_CANCELLED, ProgressPrinter, run_cancellable
from assistant.cli.say import say
from assistant.cli.session import Session
from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.running import running_now
from assistant.errors import AssistantError
from assistant.i18n import Message, Translator
from assistant.shown_paths import message_as_shown

EXIT_FAILED = 1
APPS = ("outlook-windows", "thunderbird", "apple-mail", "outlook-mac")


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "backup", help=tr("mailbackup.cli.help"), description=tr("mailbackup.cli.help")
    )
    parser.add_argument("--app", choices=APPS, help=tr("mailbackup.cli.app"))
    parser.add_argument(
        "--source", metavar="PATH", action="append", default=[], help=tr("mailbackup.cli.source")
    )
    parser.add_argument("--dest", metavar="DIR", help=tr("mailbackup.cli.dest"))
    parser.add_argument("--json", action="store_true", help=tr("mailbackup.cli.json"))
    parser.set_defaults(run=run, failure_exit=EXIT_FAILED)
    return parser


def _facts(session: Session, detect_stores: bool) -> MachineFacts:
    if detect_stores:
        from assistant.detect.machine import detect_machine

        return detect_machine(session.env)
    facts = MachineFacts(platform=PlatformInfo(os=session.env.platform, version=None))
    facts.running = running_now(session.env)
    return facts


def run(args: argparse.Namespace, session: Session) -> int:
    tr = session.tr
    try:
        return _run(args, session)
    except AssistantError as exc:
        # Paths as the diagnosed machine shows them, never the host folder of a snapshot.
        exc.message = message_as_shown(exc.message, session.env.shown_path)
        if not args.json:
            raise
        sentence = tr.render(exc.message)
        say(session.err, sentence)
        failed = {"status": "failed", "error_key": exc.message.key, "message": sentence}
        session.out.write(json.dumps(failed, ensure_ascii=False) + "\n")
        return EXIT_FAILED


def _run(args: argparse.Namespace, session: Session) -> int:
    tr, env = session.tr, session.env

    def said(message: Message) -> str:
        return tr.render(message_as_shown(message, env.shown_path))

    facts = _facts(session, detect_stores=not args.source)
    if args.source:
        requests = [SourceRequest(Path(p), app=args.app) for p in args.source]
    else:
        requests = sources_from_facts(facts, args.app)
        for problem in facts.problems:  # mail data left out: it leads out of --root/--home
            if problem.message.key in OUTSIDE:
                say(session.err, said(problem.message))
    dest = Path(args.dest) if args.dest else writable_backup_parent(env)
    name = free_name(dest, backup_folder_name(tr, datetime.now()))
    plan = plan_backup(requests, dest, name, facts.running, synced=synced_folders(env))
    for notice in plan.notices:
        say(session.err, said(notice))
    printer = ProgressPrinter(session.err, tr, args.json)
    cancel = CancelToken()
    job = BackupJob(
        plan, progress=printer, cancel=cancel, reports_per_second=printer.reports_per_second
    )
    result = run_cancellable(job.run, cancel)
    printer.end()
    sentences = describe(result, tr, env.shown_path)
    for sentence in sentences:
        say(session.err, sentence)
    if args.json:
        data = result.as_json()
        data["message"] = " ".join(sentences)
        data["notices"] = [said(notice) for notice in plan.notices]
        for field in ("backup_dir", "partial_dir"):  # added beside the host's: never renamed
            where = data[field]
            data[f"{field}_shown"] = None if where is None else env.shown_path(str(where))
        session.out.write(json.dumps(data, ensure_ascii=False) + "\n")
    return {"completed": 0, "cancelled": EXIT_CANCELLED}.get(result.status, EXIT_FAILED)
