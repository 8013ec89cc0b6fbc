"""``fix thunderbird [--profile NAME] [--dry-run] [--undo] [--yes]``.

Exit codes: 0 changed (or nothing to change), 1 refused, declined or failed, 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TextIO

from assistant.cli.say import say
from assistant.cli.session import Session
from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.thunderbird.accounts import auth_of
from assistant.detect.thunderbird.profiles import find_profiles
from assistant.errors import AssistantError
from assistant.fixes.thunderbird_oauth import (
    TRY_AGAIN_REFUSALS,
    OAuthPlan,
    apply_plan,
    choose_profiles,
    plan_switches,
    profile_to_undo,
    undo,
)
from assistant.i18n import Translator

EXIT_DONE = 0
EXIT_REFUSED = 1
PROG = "mail-migration-assistant"

log = logging.getLogger(__name__)


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], tr: Translator
) -> argparse.ArgumentParser:
    parser = sub.add_parser("fix", help=tr("cli.fix.help"), description=tr("cli.fix.help"))
    parser.add_argument("target", choices=["thunderbird"], help=tr("cli.fix.target"))
    parser.add_argument("--profile", metavar="NAME", help=tr("cli.fix.profile"))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help=tr("cli.fix.dry_run"))
    mode.add_argument("--undo", action="store_true", help=tr("cli.fix.undo"))
    parser.add_argument("--yes", action="store_true", help=tr("cli.fix.yes"))
    parser.set_defaults(run=run, failure_exit=EXIT_REFUSED)
    return parser


def run(args: argparse.Namespace, session: Session) -> int:
    try:
        return _run(args, session)
    except AssistantError as exc:
        if exc.message.key not in TRY_AGAIN_REFUSALS:
            raise
        # The core said what to sort out; the command line says how to try again.
        log.warning("fix refused: %s", exc)
        say(session.err, session.tr.render(exc.message))
        say(session.err, session.tr("cli.fix.refused.run_again"))
        return EXIT_REFUSED


def _run(args: argparse.Namespace, session: Session) -> int:
    tr, out = session.tr, session.out
    if session.args.demo and (args.undo or not args.dry_run):
        # The demo's sample files ship with the assistant: they are never changed.
        raise AssistantError("fix.thunderbird.demo_read_only")
    if args.undo:
        profile = profile_to_undo(session.env, args.profile)
        copy = undo(profile, session.env)
        out.write(tr("fix.thunderbird.undone", profile=profile.name, backup=str(copy)) + "\n")
        return EXIT_DONE
    facts = MachineFacts(platform=PlatformInfo(os=session.env.platform, version=None))
    profiles = find_profiles(session.env, facts)
    for problem in facts.problems:  # what could not be read is said, never skipped silently
        say(session.err, tr.render(problem.message))
    chosen = choose_profiles(profiles, args.profile)
    if not chosen:
        if any(problem.incomplete for problem in facts.problems):
            raise AssistantError("hostile.fix.no_readable_profile")
        out.write(tr("fix.thunderbird.no_profiles") + "\n")
        return EXIT_DONE
    plans = plan_switches(chosen, session.env, session.organization)
    if not plans:
        out.write(tr("fix.thunderbird.nothing_to_change") + "\n")
        return EXIT_DONE
    for plan in plans:
        _describe(plan, tr, out)
    if args.dry_run:
        out.write(tr("fix.thunderbird.dry_run") + "\n")
        for plan in plans:
            out.write(plan.diff())
        return EXIT_DONE
    if not args.yes and sys.stdin.isatty() and not _confirm(tr, out):
        out.write(tr("fix.thunderbird.declined") + "\n")
        return EXIT_REFUSED
    now = session.env.now.astimezone()
    for plan in plans:
        backup = apply_plan(plan, session.env, now)
        out.write(
            tr(
                "fix.thunderbird.done",
                count=len(plan.changes),
                profile=plan.profile.name,
                backup=str(backup),
            )
            + "\n"
        )
    domain = session.organization.mail_domains[0] if session.organization.mail_domains else ""
    out.write(tr("fix.thunderbird.next_steps", domain=domain, prog=PROG) + "\n")
    return EXIT_DONE


def _describe(plan: OAuthPlan, tr: Translator, out: TextIO) -> None:
    write = out.write
    write(tr("fix.thunderbird.plan_header", profile=plan.profile.name, file=str(plan.prefs_path)))
    write("\n")
    for change in plan.changes:
        line = tr(
            "fix.thunderbird.plan_line",
            protocol=change.protocol.upper(),
            host=change.host,
            key=change.setting.key,
            old=tr(f"auth.{auth_of(change.old_method)}"),
            method=change.old_method,
        )
        write(f"  - {line}\n")


def _confirm(tr: Translator, out: TextIO) -> bool:
    out.write(tr("fix.thunderbird.confirm") + " ")
    out.flush()
    try:
        answer = sys.stdin.readline()
    except (OSError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in ("y", "yes", "はい")
