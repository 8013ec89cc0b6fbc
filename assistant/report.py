"""A diagnosis as the versioned JSON report (``"schema": 1``).

The text form lives in :mod:`assistant.report_text` (imported here for the callers that
take both from this module); the fleet forms (Jamf, CSV) in :mod:`assistant.report_formats`.
"""

from __future__ import annotations

from typing import Any

from assistant import __version__
from assistant.app_status import app_status
from assistant.diagnose import Diagnosis
from assistant.i18n import Translator
from assistant.outcome import outcome_status, report_outcome
from assistant.report_text import (
    account_text,
    contact_text,
    data_store_text,
    format_bytes,
    report_text,
    shown,
    source_text,
)

__all__ = [
    "account_text",
    "contact_text",
    "data_store_text",
    "format_bytes",
    "report_json",
    "report_text",
    "source_text",
]

SCHEMA_VERSION = 1


def report_json(d: Diagnosis, tr: Translator) -> dict[str, Any]:
    """The report as JSON data. Field names are a contract: add fields, never rename."""
    org = d.organization
    exit_code = report_outcome(d)
    ran_as = d.facts.ran_as
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
                "status": app_status(d, f),
                "guide": f.verdict.guide,
                "rules_guide": f.verdict.rules_guide,
                "notes": [tr.render(n) for n in (*f.verdict.notes, *f.app.notes)],
                "note_ids": [n.key for n in (*f.verdict.notes, *f.app.notes)],
                "details": dict(f.app.details),
            }
            for f in d.apps
        ],
        # An account's person_name (the name mail is sent under) is not written: personal
        # data that no finding needs, in every report a fleet collects; the address and
        # the home folder already say whose machine it is. --redact masks it everywhere.
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
                "shown_path": shown(d, s.path),
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
        "problems": [
            {
                "app": p.app,
                "text": tr.render(p.message),
                "id": p.message.key,
                "incomplete": p.incomplete,
            }
            for p in d.facts.problems
        ],
        "flags": dict(d.facts.flags),
        "action_needed": d.action_needed,
        "machine": d.facts.machine,
        "home": d.facts.home,
        "outcome": {"exit_code": exit_code, "status": outcome_status(exit_code)},
        "ran_as": {
            "user": ran_as.user if ran_as else None,
            "elevated": ran_as.elevated if ran_as else None,
        },
        "policy_files": [{"kind": layer.kind, "path": layer.path} for layer in org.layers],
        "incomplete": d.incomplete,
    }
