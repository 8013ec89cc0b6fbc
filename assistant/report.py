"""A diagnosis as the versioned JSON report (``"schema": 1``) or as readable text."""

from __future__ import annotations

from typing import Any

from assistant import __version__
from assistant.detect.facts import DataStore
from assistant.diagnose import AccountFinding, Diagnosis
from assistant.i18n import Translator
from assistant.organization import Organization
from assistant.sizes import human_size

SCHEMA_VERSION = 1


def report_json(d: Diagnosis, tr: Translator) -> dict[str, Any]:
    """The report as JSON data. Field names are a contract: add fields, never rename."""
    org = d.organization
    return {
        "schema": SCHEMA_VERSION,
        "tool_version": __version__,
        "generated_at": d.generated_at.isoformat(timespec="seconds"),
        "language": tr.language,
        "organization": {
            "name": org.name(tr.language),
            "name_ja": org.name_ja,
            "name_en": org.name_en,
            "service": org.service_name(tr.language),
            "basic_auth_end": org.basic_auth_end.isoformat(),
            "portal_url": org.portal_url,
            "helpdesk": {
                "name": org.helpdesk.name(tr.language),
                "phone": org.helpdesk.phone,
                "extension": org.helpdesk.extension,
                "hours": org.helpdesk.hours(tr.language),
            },
        },
        "platform": {
            "os": d.facts.platform.os,
            "version": d.facts.platform.version,
            "name": d.facts.platform.name,
        },
        "apps": [
            {
                "id": f.app.app_id,
                "name": f.app.name,
                "edition": f.app.edition,
                "version": f.app.version,
                "normalized_version": f.verdict.version,
                "install_path": f.app.install_path,
                "source": f.app.source,
                "verdict": f.verdict.verdict.value,
                "guide": f.verdict.guide,
                "rules_guide": f.verdict.rules_guide,
                "notes": [tr.render(n) for n in (*f.verdict.notes, *f.app.notes)],
                "note_ids": [n.key for n in (*f.verdict.notes, *f.app.notes)],
                "details": dict(f.app.details),
            }
            for f in d.apps
        ],
        "accounts": [
            {
                "app": a.account.app,
                "profile": a.account.profile,
                "email": a.account.email,
                "protocol": a.account.protocol,
                "host": a.account.host,
                "port": a.account.port,
                "auth": a.account.auth,
                "exchange_online": a.exchange_online,
                "status": a.status,
                "key": a.account.key,
            }
            for a in d.accounts
        ],
        "data_stores": [
            {
                "app": s.app,
                "kind": s.kind,
                "path": s.path,
                "bytes": s.bytes,
                "profile": s.profile,
                "files": s.files,
            }
            for s in d.facts.data_stores
        ],
        "running": [{"app": r.app, "pid": r.pid, "name": r.name} for r in d.facts.running],
        "actions": [
            {
                "id": a.id,
                "app": a.app,
                "severity": a.severity,
                "text": tr.render(a.message),
                "url": a.url,
                "done": a.done,
            }
            for a in d.actions
        ],
        "advisories": [{"id": a.id, "text": tr.render(a.message)} for a in d.advisories],
        "problems": [{"app": p.app, "text": tr.render(p.message)} for p in d.facts.problems],
        "flags": dict(d.facts.flags),
        "action_needed": d.action_needed,
    }


def format_bytes(size: int | None, tr: Translator) -> str:
    if size is None:
        return tr("report.size_unknown")
    return human_size(size)


def report_text(d: Diagnosis, tr: Translator) -> str:
    org = d.organization
    lines: list[str] = []
    add = lines.append
    add(tr("report.title", service=org.service_name(tr.language)))
    add(
        tr(
            "report.generated",
            when=d.generated_at.strftime("%Y-%m-%d %H:%M"),
            org=org.name(tr.language),
        )
    )
    platform = d.facts.platform
    add(tr("report.platform", os=platform.name or platform.os, version=platform.version or "?"))
    add("")
    for advisory in d.advisories[:1]:
        add(tr.render(advisory.message))
    add("")
    add(tr("report.section.apps"))
    if not d.apps:
        add("  " + tr("report.none_found"))
    for f in d.apps:
        edition = f" {f.app.edition}" if f.app.edition else ""
        add(
            "  "
            + tr(
                "report.app_line",
                name=f.app.name + edition,
                version=f.app.version or "?",
                verdict=tr(f"verdict.{f.verdict.verdict.value}"),
            )
        )
        if f.app.install_path:
            add(
                "    "
                + tr(
                    "report.app_path", path=f.app.install_path, source=source_text(f.app.source, tr)
                )
            )
        if f.verdict.guide:
            add("    " + tr("report.app_guide", guide=f.verdict.guide))
        for note in (*f.verdict.notes, *f.app.notes):
            add("    - " + tr.render(note))
    add("")
    add(tr("report.section.accounts"))
    if not d.accounts:
        add("  " + tr("report.none_found"))
    for a in d.accounts:
        add("  " + account_text(a, tr) + " — " + tr(f"status.{a.status}"))
    if d.facts.data_stores:
        add("")
        add(tr("report.section.data"))
        for s in d.facts.data_stores:
            add("  " + data_store_text(s, tr))
    if d.facts.running:
        add("")
        add(tr("report.section.running"))
        for r in d.facts.running:
            add("  " + tr("report.running_line", name=r.name, pid=r.pid))
    add("")
    add(tr("report.section.actions"))
    if not d.actions:
        add("  " + tr("report.nothing_to_do"))
    for i, action in enumerate(d.actions, 1):
        add(f"  {i}. [{tr(f'severity.{action.severity}')}] {tr.render(action.message)}")
    if d.facts.problems:
        add("")
        add(tr("report.section.problems"))
        for p in d.facts.problems:
            add("  - " + tr.render(p.message))
    add("")
    add(tr("report.section.advice"))
    for advisory in d.advisories[1:]:
        add("  - " + tr.render(advisory.message))
    add("")
    add(tr("report.section.contact"))
    add("  " + contact_text(org, tr))
    return "\n".join(lines) + "\n"


def account_text(a: AccountFinding, tr: Translator) -> str:
    """One account in words; the text report adds its status, the window shows a badge."""
    acc = a.account
    app = tr(f"app_name.{acc.app}") if tr.has(f"app_name.{acc.app}") else acc.app
    return tr(
        "report.account_line",
        email=acc.email or acc.user_name or "?",
        protocol=acc.protocol.upper(),
        host=acc.host or "?",
        auth=tr(f"auth.{acc.auth}"),
        app=app,
    )


def data_store_text(s: DataStore, tr: Translator) -> str:
    return tr(
        "report.data_line", kind=tr(f"store.{s.kind}"), path=s.path, size=format_bytes(s.bytes, tr)
    )


def source_text(source: str, tr: Translator) -> str:
    """Where an app was found, in words (the JSON report keeps the plain id)."""
    return tr(f"source.{source}") if tr.has(f"source.{source}") else source


def contact_text(org: Organization, tr: Translator) -> str:
    return tr(
        "report.contact",
        name=org.helpdesk.name(tr.language),
        phone=org.helpdesk.phone,
        extension=org.helpdesk.extension,
        hours=org.helpdesk.hours(tr.language),
    )
