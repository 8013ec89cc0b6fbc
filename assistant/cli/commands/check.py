"""``check APP VERSION``: one verdict from the support matrix (exit 0 supported, else 1)."""

from __future__ import annotations

import argparse
import json

from assistant.cli.session import Session
from assistant.errors import UsageError
from assistant.i18n import Translator
from assistant.matrix import Verdict
from assistant.report_text import guide_title


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("check", help=tr("cli.check.help"), description=tr("cli.check.help"))
    parser.add_argument("app", metavar="APP", help=tr("cli.check.app"))
    parser.add_argument("version", metavar="VERSION", help=tr("cli.check.version"))
    parser.add_argument("--edition", help=tr("cli.check.edition"))
    parser.add_argument("--json", action="store_true", help=tr("cli.check.json"))
    parser.set_defaults(run=run, failure_exit=1)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    matrix = session.matrix
    tr = session.tr
    if args.app not in matrix.app_ids():
        raise UsageError("error.unknown_app", app=args.app, apps=", ".join(matrix.app_ids()))
    edition = args.edition
    version: str | None = args.version
    app = matrix.apps[args.app]
    if app.version_of == "edition" and edition is None and args.version in _editions(session):
        edition, version = args.version, None
    result = matrix.verdict(args.app, version, edition, session.organization.helpdesk_params())
    notes = [tr.render(n) for n in result.notes]
    if args.json:
        data = {
            "app": result.app_id,
            "version": args.version,
            "normalized_version": result.version,
            "edition": result.edition,
            "verdict": result.verdict.value,
            "guide": result.guide,
            "rules_guide": result.rules_guide,
            "notes": notes,
            "note_ids": [n.key for n in result.notes],
        }
        session.out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        # "Outlook for Windows 2016", not "… 2016 2016" when the version given is the edition
        shown_edition = result.edition if result.edition != args.version.strip() else None
        name = result.app_name + (f" {shown_edition}" if shown_edition else "")
        session.out.write(
            tr(
                "check.line",
                app=name,
                version=args.version,
                verdict=tr(f"verdict.{result.verdict.value}"),
            )
            + "\n"
        )
        for note in notes:
            session.out.write(f"  - {note}\n")
        if result.guide:
            title = guide_title(result.guide, tr)
            session.out.write("  " + tr("helpdesk.guide", title=title) + "\n")
    return 0 if result.verdict is Verdict.SUPPORTED else 1


def _editions(session: Session) -> set[str]:
    editions: set[str] = set()
    for app in session.matrix.apps.values():
        for rule in app.rules:
            editions.update(rule.editions)
    return editions
