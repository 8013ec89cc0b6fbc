"""The diagnosis in the wizard's plain words: one card per app (its verdict, what happens
to it, the helpdesk details) and one line per account for the re-check.

The level says how the card looks: ``ok`` (nothing to do), ``change`` (accounts must
change), ``blocked`` (update first, or call the helpdesk), ``unknown``. An app whose
accounts must change is never shown as simply "supported".
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.app_status import (
    BLOCKING_VERDICTS,
    Level,
    accounts_to_change,
    app_status,
    status_level,
)
from assistant.diagnose import AppFinding, Diagnosis
from assistant.i18n import Translator
from assistant.report_text import app_name, data_store_text, install_path_text


@dataclass(frozen=True)
class AppCard:
    app_id: str
    title: str  # "Outlook 2016 16.0.4266.1001"
    level: Level
    verdict: str  # the short word on the card
    sentences: tuple[str, ...]  # what happens to it, in plain words
    details: tuple[str, ...]  # for the helpdesk: paths, servers, ports


@dataclass(frozen=True)
class AccountLine:
    app_id: str
    ok: bool
    text: str


def app_title(finding: AppFinding) -> str:
    app = finding.app
    return " ".join(x for x in (app.name, app.edition, app.version) if x)


def app_cards(d: Diagnosis, tr: Translator) -> list[AppCard]:
    cards = []
    for finding in d.apps:
        app_id = finding.app.app_id
        status = app_status(d, finding)
        count = accounts_to_change(d, app_id)
        sentences: list[str] = []
        if status in BLOCKING_VERDICTS:
            sentences.append(tr(f"wizard.card.{status}", app=finding.app.name))
            sentences += [tr.render(n) for n in finding.verdict.notes]
        elif status in ("unknown", "ok"):
            sentences.append(tr(f"wizard.card.{status}"))
        if count:
            how = "switched_for_you" if app_id == "thunderbird" else f"how.{_how(app_id)}"
            sentences.append(tr(f"wizard.card.{how}", count=count))
        sentences += [tr.render(n) for n in finding.app.notes]
        cards.append(
            AppCard(
                app_id,
                app_title(finding),
                status_level(status),
                tr(f"app_status.{status}"),
                tuple(sentences),
                _details(d, finding, tr),
            )
        )
    return cards


def _how(app_id: str) -> str:
    return {
        "outlook-windows": "recreate",
        "outlook-mac": "recreate",
        "apple-mail": "readd",
    }.get(app_id, "recreate")


def _details(d: Diagnosis, finding: AppFinding, tr: Translator) -> tuple[str, ...]:
    """For the helpdesk: where the app is, its server settings, its mail data (the
    paths as the diagnosed machine shows them, the same lines as the text report's)."""
    app = finding.app
    lines = [install_path_text(d, finding, tr)] if app.install_path else []
    for a in d.accounts:
        if a.account.app != app.app_id:
            continue
        acc = a.account
        lines.append(
            tr(
                "wizard.details.server",
                protocol=acc.protocol.upper(),
                host=acc.host or "?",
                port=acc.port if acc.port is not None else "?",
                auth=tr(f"auth.{acc.auth}"),
                status=tr(f"status.{a.status}"),
            )
        )
    lines += [data_store_text(s, tr, d) for s in d.facts.data_stores if s.app == app.app_id]
    return tuple(lines)


def account_lines(d: Diagnosis, tr: Translator) -> list[AccountLine]:
    """Every account of the organisation's service: fine (✓) or what is still wrong."""
    lines = []
    for a in d.accounts:
        if a.status == "not_applicable":
            continue
        acc = a.account
        key = "wizard.recheck.ok_line" if a.status == "ok" else "wizard.recheck.wrong_line"
        text = tr(
            key,
            email=acc.email or acc.user_name or "?",
            app=app_name(acc.app, tr),
            protocol=acc.protocol.upper(),
            host=acc.host or "?",
        )
        lines.append(AccountLine(acc.app, a.status == "ok", text))
    return lines
