"""The diagnosis in the forms fleet tools read: a Jamf extension attribute and CSV.

Jamf Pro keeps what a script prints between ``<result>`` and ``</result>``; a smart
group matches it with "like" or "matches regex". The line starts with one of the
:data:`JAMF_STATUS` words, then ``key=value`` fields without spaces::

    <result>ACTION_NEEDED required=4 basic_auth=4 problems=0
    apps=outlook-windows:16.0.4266.1001:supported,thunderbird:91.13.0:update_required
    machine=ISC-PC-0123</result>      (one line; wrapped here)

CSV: one row per finding (app, account, data store, action, problem) under a header
row of :data:`CSV_COLUMNS`, in that order; the columns only ever grow at the end.
"""

from __future__ import annotations

import csv
import io
import re

from assistant.app_status import app_status
from assistant.diagnose import Diagnosis
from assistant.i18n import Translator
from assistant.outcome import outcome_status, report_outcome
from assistant.report_text import shown

JAMF_STATUS = {
    "nothing_to_do": "NOTHING_TO_DO",
    "action_needed": "ACTION_NEEDED",
    "incomplete": "INCOMPLETE",
}

CSV_COLUMNS = (
    "machine",
    "generated_at",
    "outcome",
    "section",
    "app",
    "id",
    "status",
    "severity",
    "version",
    "email",
    "protocol",
    "host",
    "auth",
    "path",
    "bytes",
    "text",
    "app_status",  # app rows: what the app needs counting its accounts (status = the verdict)
)

_UNSAFE = re.compile(r"[\s<>&,=:]+")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def jamf_token(value: str | None) -> str:
    """A value safe inside the one-line result: no spaces, separators or markup."""
    if not value:
        return "-"
    return _UNSAFE.sub("_", value.strip()) or "-"


def report_jamf(d: Diagnosis) -> str:
    """Exactly one ``<result>…</result>`` line (Jamf reads nothing else)."""
    status = JAMF_STATUS[outcome_status(report_outcome(d))]
    required = sum(1 for a in d.actions if a.severity == "required")
    basic = sum(1 for a in d.accounts if a.status == "needs_migration")
    apps = ",".join(
        f"{jamf_token(f.app.app_id)}:{jamf_token(f.app.version)}:{f.verdict.verdict.value}"
        for f in d.apps
    )
    fields = [
        status,
        f"required={required}",
        f"basic_auth={basic}",
        f"problems={len(d.facts.problems)}",
        f"apps={apps or '-'}",
        f"machine={jamf_token(d.facts.machine)}",
    ]
    return f"<result>{' '.join(fields)}</result>\n"


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet shows as text: a leading ``'`` before formula characters."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def report_csv(d: Diagnosis, tr: Translator) -> str:
    facts = d.facts
    base = {
        "machine": facts.machine or "",
        "generated_at": d.generated_at.isoformat(timespec="seconds"),
        "outcome": outcome_status(report_outcome(d)),
    }

    def shown_or_empty(path: str | None) -> str:
        return "" if path is None else shown(d, path)

    rows: list[dict[str, object]] = []
    for f in d.apps:
        edition = f" {f.app.edition}" if f.app.edition else ""
        rows.append(
            {
                "section": "app",
                "app": f.app.app_id,
                "id": f.app.app_id,
                "status": f.verdict.verdict.value,
                "version": f.app.version or "",
                "path": shown_or_empty(f.app.install_path),
                "text": f.app.name + edition,
                "app_status": app_status(d, f),
            }
        )
    for a in d.accounts:
        acc = a.account
        rows.append(
            {
                "section": "account",
                "app": acc.app,
                "id": acc.key or "",
                "status": a.status,
                "email": acc.email or acc.user_name or "",
                "protocol": acc.protocol,
                "host": acc.host or "",
                "auth": acc.auth,
            }
        )
    for s in facts.data_stores:
        rows.append(
            {
                "section": "data_store",
                "app": s.app,
                "id": s.kind,
                "path": shown_or_empty(s.path),
                "bytes": "" if s.bytes is None else s.bytes,
            }
        )
    for action in d.actions:
        rows.append(
            {
                "section": "action",
                "app": action.app or "",
                "id": action.id,
                "severity": action.severity,
                "text": tr.render(action.message),
            }
        )
    for p in facts.problems:
        rows.append({"section": "problem", "app": p.app or "", "text": tr.render(p.message)})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in {**base, **row}.items()})
    return out.getvalue()
