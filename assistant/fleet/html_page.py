"""The fleet picture as one self-contained HTML page a manager can open.

No external assets (no scripts, fonts, images or style sheets from elsewhere: it opens
from a share or an e-mail attachment, offline), every value escaped, written as the
picture streams out.
"""

from __future__ import annotations

from html import escape
from typing import TextIO

from assistant.fleet.picture import STATUSES, FleetPicture
from assistant.fleet.render import app_label, status_name, verdict_name
from assistant.i18n import Translator
from assistant.report_text import app_name

STYLE = """
body { font-family: system-ui, "Hiragino Sans", "Yu Gothic UI", "Noto Sans CJK JP", sans-serif;
       margin: 2em; color: #1b1b1b; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #c8c8c8; padding: .3em .7em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.tiles { display: flex; gap: 1em; flex-wrap: wrap; }
.tile { border: 1px solid #c8c8c8; border-radius: 6px; padding: .6em 1em; min-width: 9em; }
.tile b { font-size: 1.6em; }
.nothing_to_do b { color: #1a7f37; } .action_needed b { color: #b35900; }
.incomplete b, .unreadable b { color: #b3261e; }
"""


def _cells(values: list[object], numeric: tuple[int, ...] = ()) -> str:
    return "".join(
        f'<td class="n">{escape(str(v))}</td>' if i in numeric else f"<td>{escape(str(v))}</td>"
        for i, v in enumerate(values)
    )


def _head(names: list[str]) -> str:
    return "<tr>" + "".join(f"<th>{escape(n)}</th>" for n in names) + "</tr>\n"


def write_html(picture: FleetPicture, tr: Translator, out: TextIO) -> None:
    title = tr("fleet.title", reports=picture.reports)
    out.write(
        f'<!DOCTYPE html>\n<html lang="{tr.language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{escape(title)}</h1>\n<div class="tiles">\n'
    )
    for status in STATUSES:
        out.write(
            f'<div class="tile {status}"><b>{picture.by_status[status]}</b><br>'
            f"{escape(status_name(status, tr))}</div>\n"
        )
    out.write("</div>\n")
    out.write(f"<h2>{escape(tr('fleet.section.apps'))}</h2>\n<table>\n")
    out.write(_head([tr("fleet.col.app"), tr("fleet.col.version"), tr("fleet.col.verdict"),
                     tr("fleet.col.machines")]))  # fmt: skip
    for (app, edition, version, verdict), count in picture.apps():
        values: list[object] = [
            app_label(app, edition, tr),
            version,
            verdict_name(verdict, tr),
            count,
        ]
        out.write("<tr>" + _cells(values, numeric=(3,)) + "</tr>\n")
    out.write("</table>\n")
    heading = tr(
        "fleet.section.basic_auth",
        accounts=picture.basic_auth_accounts,
        machines=picture.machines_on_basic_auth,
    )
    out.write(f"<h2>{escape(heading)}</h2>\n<table>\n")
    out.write(_head([tr("fleet.col.machine"), tr("fleet.col.app"), tr("fleet.col.email"),
                     tr("fleet.col.server"), tr("fleet.col.file")]))  # fmt: skip
    for b in picture.basic_auth():
        server = f"{b.protocol.upper()} {b.host}"
        out.write("<tr>" + _cells([b.machine, app_name(b.app, tr), b.email, server, b.file]))
        out.write("</tr>\n")
    out.write("</table>\n")
    heading = tr("fleet.section.failed", count=picture.failed_count)
    out.write(f"<h2>{escape(heading)}</h2>\n<table>\n")
    out.write(_head([tr("fleet.col.machine"), tr("fleet.col.file"), tr("fleet.col.reason")]))
    for f in picture.failed():
        who = f.machine or tr("fleet.unknown_machine")
        out.write("<tr>" + _cells([who, f.file, tr.render(f.reason)]) + "</tr>\n")
    out.write("</table>\n</body>\n</html>\n")
