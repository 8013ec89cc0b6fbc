"""The fleet picture as text (people) and CSV (spreadsheets), written as it streams.

CSV: one header row, then rows whose ``section`` says what they are: ``outcome``
(status, count), ``app`` (app, version, verdict, count), ``basic_auth`` (machine, file,
app, email, protocol, host) and ``failed`` (machine, file, status, reason). The
columns are :data:`CSV_COLUMNS`, in that order; they only ever grow at the end.
"""

from __future__ import annotations

import csv
from typing import TextIO

from assistant.fleet.picture import STATUSES, FleetPicture
from assistant.i18n import Translator
from assistant.plain_text import one_line
from assistant.report_formats import spreadsheet_safe
from assistant.report_text import app_name

CSV_COLUMNS = (
    "section",
    "status",
    "app",
    "edition",
    "version",
    "verdict",
    "count",
    "machine",
    "file",
    "email",
    "protocol",
    "host",
    "reason",
)


def app_label(app_id: str, edition: str, tr: Translator) -> str:
    """``Outlook 2016``: the app as people name it, with its edition."""
    name = app_name(app_id, tr)
    return f"{name} {edition}" if edition else name


def verdict_name(verdict: str, tr: Translator) -> str:
    key = f"verdict.{verdict}"
    return tr(key) if tr.has(key) else verdict


def status_name(status: str, tr: Translator) -> str:
    return tr(f"fleet.status.{status}")


def write_text(picture: FleetPicture, tr: Translator, out: TextIO) -> None:
    out.write(tr("fleet.title", reports=picture.reports) + "\n")
    counts = [
        tr("fleet.count", what=status_name(s, tr), count=picture.by_status[s]) for s in STATUSES
    ]
    out.write(tr("fleet.outcomes", counts=tr("fleet.separator").join(counts)) + "\n\n")
    out.write(tr("fleet.section.apps") + "\n")
    if not picture.by_app:
        out.write("  " + tr("report.none_found") + "\n")
    for (app, edition, version, verdict), count in picture.apps():
        line = tr(
            "fleet.app_line",
            app=app_label(app, edition, tr),
            version=version,
            verdict=verdict_name(verdict, tr),
            count=count,
        )
        out.write("  " + one_line(line) + "\n")
    out.write("\n")
    by_app = tr("fleet.separator").join(
        tr("fleet.count", what=app_name(app, tr), count=n)
        for app, n in sorted(picture.basic_auth_by_app.items())
    )
    out.write(
        tr(
            "fleet.section.basic_auth",
            accounts=picture.basic_auth_accounts,
            machines=picture.machines_on_basic_auth,
        )
        + (tr("fleet.by_app", list=by_app) if by_app else "")
        + "\n"
    )
    for row in picture.basic_auth():
        out.write(
            "  "
            + one_line(
                tr(
                    "fleet.basic_auth_line",
                    machine=row.machine,
                    app=app_name(row.app, tr),
                    email=row.email,
                    protocol=row.protocol.upper(),
                    host=row.host,
                )
            )
            + "\n"
        )
    out.write("\n")
    out.write(tr("fleet.section.failed", count=picture.failed_count) + "\n")
    for failed in picture.failed():
        who = failed.machine or tr("fleet.unknown_machine")
        out.write(
            "  "
            + one_line(
                tr(
                    "fleet.failed_line",
                    machine=who,
                    file=failed.file,
                    reason=tr.render(failed.reason),
                )
            )
            + "\n"
        )


def write_csv(picture: FleetPicture, tr: Translator, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()

    def row(**values: object) -> None:
        writer.writerow({k: spreadsheet_safe(v) for k, v in values.items()})

    for status in STATUSES:
        row(section="outcome", status=status, count=picture.by_status[status])
    for (app, edition, version, verdict), count in picture.apps():
        row(section="app", app=app, edition=edition, version=version, verdict=verdict, count=count)
    for b in picture.basic_auth():
        row(
            section="basic_auth",
            machine=b.machine,
            file=b.file,
            app=b.app,
            email=b.email,
            protocol=b.protocol,
            host=b.host,
        )
    for f in picture.failed():
        row(
            section="failed",
            status=f.status,
            machine=f.machine,
            file=f.file,
            reason=tr.render(f.reason),
        )
