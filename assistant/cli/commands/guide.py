"""``guide ID [--rules] [--print]``: open a guide PDF with the system's viewer, or print
its path. The organisation's official PDF wins over the bundled one."""

from __future__ import annotations

import argparse

from assistant.cli.say import say
from assistant.cli.session import Session
from assistant.errors import AssistantError, UsageError
from assistant.guides.catalog import GUIDE_IDS, RULES_VARIANTS, GuideKey
from assistant.guides.selection import resolve_guide
from assistant.i18n import Translator


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("guide", help=tr("guide.cli.help"), description=tr("guide.cli.help"))
    parser.add_argument("id", metavar="ID", help=tr("guide.cli.id", ids=", ".join(GUIDE_IDS)))
    parser.add_argument("--rules", action="store_true", help=tr("guide.cli.rules"))
    parser.add_argument(
        "--print", action="store_true", dest="print_path", help=tr("guide.cli.print")
    )
    parser.set_defaults(run=run, failure_exit=1)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    tr = session.tr
    if args.id not in GUIDE_IDS:
        raise UsageError("guide.error.unknown_id", id=args.id, ids=", ".join(GUIDE_IDS))
    if args.rules and args.id not in RULES_VARIANTS:
        raise UsageError("guide.error.no_rules_variant", id=args.id)
    key = GuideKey(args.id, rules=args.rules)
    org = session.organization
    guide = resolve_guide(key, tr.language, org)
    for note in guide.notes:
        say(session.err, tr.render(note))
    if args.print_path:
        session.out.write(f"{guide.target}\n")
        return 0
    from assistant.gui.display import display_available
    from assistant.gui.open_guide import open_target

    if not display_available():
        raise AssistantError("hostile.error.no_display", path=str(guide.target))
    if not open_target(guide.target):
        raise AssistantError(
            "guide.error.open_failed", path=str(guide.target), portal=org.portal_url
        )
    title = tr(f"guide.title.{key.stem}")
    session.out.write(tr("guide.cli.opened", title=title, path=str(guide.target)) + "\n")
    return 0
