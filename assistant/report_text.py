"""The diagnosis as a helpdesk person reads it on a call.

In that order: the verdict in one line; per app, its accounts and what to do (the
guide by its title); the mail data with sizes; what is running and what could not be
read; then the environment (system, computer, tool, organisation, the policy files in
effect, who ran it and whether elevated); the organisation's advice and the contact.
"""

from __future__ import annotations

from assistant import __version__
from assistant.app_status import app_status
from assistant.detect.facts import DataStore
from assistant.diagnose import AccountFinding, Action, AppFinding, Diagnosis
from assistant.environment import shown_under_root
from assistant.i18n import Translator
from assistant.organization import Organization
from assistant.outcome import outcome_status, report_outcome
from assistant.plain_text import one_line
from assistant.sizes import human_size

INDENT = "  "


def report_text(d: Diagnosis, tr: Translator) -> str:
    org = d.organization
    lines: list[str] = [tr("report.title", service=org.service_name(tr.language))]
    add = lines.append
    add(verdict_line(d, tr))
    add("")
    general = [a for a in d.actions if a.app is None or a.app not in {f.app.app_id for f in d.apps}]
    add(tr("helpdesk.section.todo"))
    if not d.actions and not d.apps and not d.accounts:
        add(INDENT + tr("report.nothing_to_do"))
    for action in general:
        add(INDENT + action_line(action, tr))
    for finding in d.apps:
        lines.extend(app_block(d, finding, tr))
    orphans = [a for a in d.accounts if a.account.app not in {f.app.app_id for f in d.apps}]
    for account in orphans:
        add(INDENT + account_line(account, tr))
    add("")
    add(tr("report.section.data"))
    if not d.facts.data_stores:
        add(INDENT + tr("report.none_found"))
    for s in d.facts.data_stores:
        add(INDENT + data_store_text(s, tr, d))
    if d.facts.running:
        add("")
        add(tr("report.section.running"))
        for r in d.facts.running:
            add(INDENT + tr("report.running_line", name=r.name, pid=r.pid))
    if d.facts.problems:
        add("")
        add(tr("report.section.problems"))
        if d.incomplete:
            add(INDENT + tr("hostile.report.incomplete"))
        for p in d.facts.problems:
            add(INDENT + "- " + tr.render(p.message))
    add("")
    lines.extend(environment_lines(d, tr))
    add("")
    add(tr("report.section.advice"))
    for advisory in d.advisories:
        add(INDENT + "- " + tr.render(advisory.message))
    add("")
    add(tr("report.section.contact"))
    add(INDENT + contact_text(org, tr))
    return "\n".join(one_line(line) for line in lines) + "\n"


def verdict_line(d: Diagnosis, tr: Translator) -> str:
    """One line: nothing to do / action needed (how many steps) / incomplete."""
    status = outcome_status(report_outcome(d))
    required = sum(1 for a in d.actions if a.severity == "required")
    return tr(
        f"helpdesk.verdict.{status}",
        required=required,
        problems=len(d.facts.problems),
    )


def app_block(d: Diagnosis, finding: AppFinding, tr: Translator) -> list[str]:
    app, verdict = finding.app, finding.verdict
    edition = f" {app.edition}" if app.edition else ""
    lines = [
        INDENT
        + tr(
            "report.app_line",
            name=app.name + edition,
            version=app.version or "?",
            verdict=tr(f"app_status.{app_status(d, finding)}"),
        )
    ]
    deeper = INDENT * 2
    for account in d.accounts:
        if account.account.app == app.app_id:
            lines.append(deeper + account_line(account, tr))
    for action in d.actions:
        if action.app == app.app_id:
            lines.append(deeper + action_line(action, tr))
    for note in (*verdict.notes, *app.notes):
        lines.append(deeper + "- " + tr.render(note))
    if verdict.guide:
        lines.append(deeper + tr("helpdesk.guide", title=guide_title(verdict.guide, tr)))
    if verdict.guide and verdict.rules_guide:
        rules = guide_title(f"{verdict.guide}-rules", tr)
        lines.append(deeper + tr("helpdesk.guide", title=rules))
    if app.install_path:
        lines.append(deeper + install_path_text(d, finding, tr))
    return lines


def install_path_text(d: Diagnosis, finding: AppFinding, tr: Translator) -> str:
    """Where the app is installed and how it was found, as the diagnosed machine shows it."""
    app = finding.app
    path = shown(d, app.install_path) if app.install_path else "?"
    return tr("report.app_path", path=path, source=source_text(app.source, tr))


def app_name(app_id: str, tr: Translator) -> str:
    """An app as people name it (``Thunderbird``, ``Outlook for Mac``), never its id; an
    id the catalog does not know is shown as it is."""
    key = f"app_name.{app_id}"
    return tr(key) if tr.has(key) else app_id


def guide_title(guide_id: str, tr: Translator) -> str:
    """A guide as people know it: its title, never the internal id."""
    key = f"guide.title.{guide_id}"
    return tr(key) if tr.has(key) else guide_id


def action_line(action: Action, tr: Translator) -> str:
    return tr(
        "report.action_line",
        severity=tr(f"severity.{action.severity}"),
        text=tr.render(action.message),
    )


def account_line(a: AccountFinding, tr: Translator) -> str:
    return account_text(a, tr) + " — " + tr(f"status.{a.status}")


def environment_lines(d: Diagnosis, tr: Translator) -> list[str]:
    org, facts = d.organization, d.facts
    platform = facts.platform
    lines = [tr("helpdesk.section.environment")]
    add = lines.append
    os_name = platform.name or platform.os
    add(INDENT + tr("report.platform", os=os_name, version=platform.version or "?"))
    add(INDENT + tr("helpdesk.machine", name=facts.machine or tr("helpdesk.unknown")))
    add(INDENT + tr("helpdesk.tool", version=__version__))
    add(
        INDENT
        + tr(
            "helpdesk.organization",
            org=org.name(tr.language),
            service=org.service_name(tr.language),
        )
    )
    layers = [tr(f"helpdesk.layer.{layer.kind}", path=layer.path) for layer in org.layers]
    add(INDENT + tr("helpdesk.policy", layers=tr("helpdesk.layer_separator").join(layers)))
    if facts.home:
        add(INDENT + tr("helpdesk.home", path=facts.home))
    ran_as = facts.ran_as
    user = ran_as.user if ran_as is not None and ran_as.user else tr("helpdesk.unknown")
    elevated = None if ran_as is None else ran_as.elevated
    state = {True: "elevated", False: "not_elevated", None: "elevation_unknown"}[elevated]
    add(INDENT + tr("helpdesk.ran_as", user=user, elevation=tr(f"helpdesk.{state}")))
    when = d.generated_at.strftime("%Y-%m-%d %H:%M %Z").strip()
    add(INDENT + tr("helpdesk.generated", when=when))
    return lines


def format_bytes(size: int | None, tr: Translator) -> str:
    if size is None:
        return tr("report.size_unknown")
    return human_size(size)


def account_text(a: AccountFinding, tr: Translator) -> str:
    """One account in words; the text report adds its status, the window shows a badge."""
    acc = a.account
    return tr(
        "report.account_line",
        email=acc.email or acc.user_name or "?",
        protocol=acc.protocol.upper(),
        host=acc.host or "?",
        auth=tr(f"auth.{acc.auth}"),
        app=app_name(acc.app, tr),
    )


def shown(d: Diagnosis, path: str) -> str:
    """A path of the diagnosis as the diagnosed machine shows it (``C:\\Users\\…`` for a
    snapshot, never the host folder it sits in)."""
    return shown_under_root(path, d.facts.snapshot_root, d.facts.platform.os)


def data_store_text(s: DataStore, tr: Translator, d: Diagnosis | None = None) -> str:
    path = s.path if d is None else shown(d, s.path)
    kind = tr(f"store.{s.kind}")
    return tr("report.data_line", kind=kind, path=path, size=format_bytes(s.bytes, tr))


def source_text(source: str, tr: Translator) -> str:
    """Where an app was found, in words (the JSON report keeps the plain id)."""
    return tr(f"source.{source}") if tr.has(f"source.{source}") else source


def contact_text(org: Organization, tr: Translator, key: str = "report.contact") -> str:
    """The helpdesk in words (``key``: a sentence with name, phone, extension, hours)."""
    return tr(
        key,
        name=org.helpdesk.name(tr.language),
        phone=org.helpdesk.phone,
        extension=org.helpdesk.extension,
        hours=org.helpdesk.hours(tr.language),
    )
