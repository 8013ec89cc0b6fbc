"""The diagnosis as simple, accessible HTML for the window (headings, lists, badges)."""

from __future__ import annotations

from assistant.backup.plan import BACKED_UP_KINDS
from assistant.diagnose import Diagnosis
from assistant.gui.plain_text import plain_html
from assistant.i18n import Translator
from assistant.report import account_text, contact_text, data_store_text, source_text

VERDICT_COLOURS = {
    "supported": "#1b6e20",
    "update_required": "#8a5a00",
    "unsupported": "#a31515",
    "contact_helpdesk": "#8a5a00",
    "unknown": "#555555",
}
STATUS_COLOURS = {"needs_migration": "#a31515", "ok": "#1b6e20", "not_applicable": "#555555"}


# Links in the page name what to open, never a path or URL: the window maps them to
# the guide, the portal, or the settings page the action carries.
PORTAL_LINK = "portal:"
SETTINGS_LINK = "settings:"
# ``backup:`` backs up every data store found; ``backup:N`` only facts.data_stores[N].
BACKUP_LINK = "backup:"


def _link(href: str, text: str) -> str:
    return f'<a href="{plain_html(href)}">{plain_html(text)}</a>'


def _badge(text: str, colour: str) -> str:
    return f'<b style="color:{colour}">[{plain_html(text)}]</b>'


def diagnosis_html(d: Diagnosis, tr: Translator) -> str:
    parts: list[str] = []
    add = parts.append

    def section(key: str, items: list[str]) -> None:
        add(f"<h3>{plain_html(tr(key))}</h3>")
        add("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")

    apps = []
    for f in d.apps:
        verdict = f.verdict.verdict.value
        name = " ".join(x for x in (f.app.name, f.app.edition, f.app.version) if x)
        lines = [f"{_badge(tr(f'verdict.{verdict}'), VERDICT_COLOURS[verdict])} {plain_html(name)}"]
        if f.app.install_path:
            lines.append(
                plain_html(
                    tr(
                        "report.app_path",
                        path=f.app.install_path,
                        source=source_text(f.app.source, tr),
                    )
                )
            )
        lines += [plain_html(tr.render(n)) for n in (*f.verdict.notes, *f.app.notes)]
        if f.verdict.guide:
            links = [_link(f"guide:{f.verdict.guide}", tr("gui.open_guide"))]
            if f.verdict.rules_guide:
                links.append(_link(f"guide:{f.verdict.guide}?rules", tr("gui.open_guide_rules")))
            lines.append(" ・ ".join(links))
        apps.append("<br>".join(lines))
    section("report.section.apps", apps or [plain_html(tr("report.none_found"))])

    accounts = []
    for a in d.accounts:
        badge = _badge(tr(f"status.{a.status}"), STATUS_COLOURS[a.status])
        accounts.append(f"{badge} {plain_html(account_text(a, tr))}")
    section("report.section.accounts", accounts or [plain_html(tr("report.none_found"))])

    if d.facts.data_stores:
        section(
            "report.section.data",
            [
                plain_html(data_store_text(s, tr))
                + (
                    f" ・ {_link(f'{BACKUP_LINK}{i}', tr('gui.backup.link_store'))}"
                    if s.kind in BACKED_UP_KINDS
                    else ""
                )
                for i, s in enumerate(d.facts.data_stores)
            ],
        )
    actions = [
        f"<b>{plain_html(tr(f'severity.{a.severity}'))}</b>: {plain_html(tr.render(a.message))}"
        + (f"<br>{_link(BACKUP_LINK, tr('gui.backup.link_all'))}" if a.id == "backup.first" else "")
        for a in d.actions
    ]
    add(f"<h3>{plain_html(tr('report.section.actions'))}</h3>")
    if actions:
        add("<ol>" + "".join(f"<li>{item}</li>" for item in actions) + "</ol>")
    else:
        add(f"<p>{plain_html(tr('report.nothing_to_do'))}</p>")
    if d.facts.problems:
        section(
            "report.section.problems", [plain_html(tr.render(p.message)) for p in d.facts.problems]
        )
    section(
        "report.section.advice",
        [
            plain_html(tr.render(a.message))
            + (f"<br>{_link(PORTAL_LINK, tr('gui.open_portal'))}" if a.id == "owa" else "")
            for a in d.advisories[1:]
        ],
    )
    contact = contact_text(d.organization, tr)
    add(f"<h3>{plain_html(tr('report.section.contact'))}</h3><p>{plain_html(contact)}</p>")
    return "\n".join(parts)
