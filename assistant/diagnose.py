"""Facts + support matrix + organisation profile -> findings, actions and advisories."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from assistant.detect.apple.protected_folders import FULL_DISK_ACCESS_FLAG
from assistant.detect.facts import InstalledApp, MachineFacts, MailAccount
from assistant.detect.outlook.imap_store import imap_data_file
from assistant.detect.system.macos import FULL_DISK_ACCESS_URL, full_disk_access_steps
from assistant.i18n import Message
from assistant.matrix import SupportMatrix, SupportVerdict, Verdict
from assistant.organization import Organization

Status = Literal["needs_migration", "ok", "not_applicable"]
Severity = Literal["required", "recommended", "info"]

# Apps whose accounts we can switch ourselves (`fix thunderbird`).
FIXABLE_APPS = ("thunderbird",)


@dataclass
class AppFinding:
    app: InstalledApp
    verdict: SupportVerdict


@dataclass
class AccountFinding:
    account: MailAccount
    exchange_online: bool
    status: Status


@dataclass
class Action:
    id: str
    severity: Severity
    message: Message
    app: str | None = None
    url: str | None = None  # a link the GUI can open for this action (e.g. a settings page)
    done: bool = False  # already done in this session (the wizard's backup)


@dataclass
class Advisory:
    id: str
    message: Message


@dataclass
class Diagnosis:
    facts: MachineFacts
    organization: Organization
    generated_at: datetime
    apps: list[AppFinding] = field(default_factory=list)
    accounts: list[AccountFinding] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    advisories: list[Advisory] = field(default_factory=list)

    @property
    def action_needed(self) -> bool:
        return any(action.severity == "required" for action in self.actions)

    @property
    def incomplete(self) -> bool:
        """Something could not be seen (a file refused or unreadable, a detector failed):
        "nothing to do" cannot be said; the problems say what was not seen."""
        return any(problem.incomplete for problem in self.facts.problems)

    @property
    def cutover_passed(self) -> bool:
        return self.generated_at.date() >= self.organization.basic_auth_end


def account_status(account: MailAccount, org: Organization) -> tuple[bool, Status]:
    ours = org.is_exchange_online_host(account.host)
    if not ours:
        return False, "not_applicable"
    if account.protocol in ("exchange", "ews") or account.auth == "oauth2":
        return True, "ok"
    return True, "needs_migration"


def diagnose(
    facts: MachineFacts,
    matrix: SupportMatrix,
    org: Organization,
    now: datetime,
    backed_up: Collection[str] = (),
) -> Diagnosis:
    """``backed_up``: data-store paths a backup of this session already holds; when it
    holds every one that matters, "back up first" is marked done instead of required."""
    result = Diagnosis(facts=facts, organization=org, generated_at=now)
    for app in facts.apps:
        version = facts.platform.version if app.app_id == "apple-mail" else app.version
        verdict = matrix.verdict(app.app_id, version, app.edition, org.helpdesk_params())
        result.apps.append(AppFinding(app, verdict))
    for account in facts.accounts:
        ours, status = account_status(account, org)
        result.accounts.append(AccountFinding(account, ours, status))
    result.actions = _actions(result, frozenset(backed_up))
    result.advisories = _advisories(result)
    return result


def _actions(d: Diagnosis, backed_up: frozenset[str]) -> list[Action]:
    org = d.organization
    actions: list[Action] = []
    migrating_apps = sorted({a.account.app for a in d.accounts if a.status == "needs_migration"})
    changing_apps = set(migrating_apps) | {
        f.app.app_id
        for f in d.apps
        if f.verdict.verdict in (Verdict.UPDATE_REQUIRED, Verdict.UNSUPPORTED)
    }
    stores = [s for s in d.facts.data_stores if s.app in changing_apps and s.kind != "ost"]
    remaining = [s for s in stores if s.path not in backed_up]
    if stores and not remaining:
        actions.append(
            Action(
                "backup.first",
                "info",
                Message("action.backup_done", {"count": len(stores)}),
                done=True,
            )
        )
    elif remaining:  # what this session's backup already holds is not asked for again
        actions.append(
            Action(
                "backup.first",
                "required",
                Message("action.backup_first", {"count": len(remaining)}),
            )
        )
    running = {r.app for r in d.facts.running}
    for app_id in sorted(running & changing_apps):
        actions.append(
            Action(
                "app.close",
                "required",
                Message("action.close_app", {"app": _app_name(d, app_id)}),
                app_id,
            )
        )
    for finding in d.apps:
        app, verdict = finding.app, finding.verdict
        params: dict[str, object] = {
            "app": app.name,
            "version": app.version or "?",
            "portal": org.portal_url,
            **org.helpdesk_params(),
        }
        if verdict.verdict is Verdict.UPDATE_REQUIRED:
            actions.append(
                Action(
                    f"{app.app_id}.update",
                    "required",
                    Message(f"action.update.{app.app_id}", params),
                    app.app_id,
                )
            )
        elif verdict.verdict is Verdict.UNSUPPORTED:
            actions.append(
                Action(
                    f"{app.app_id}.unsupported",
                    "required",
                    Message("action.unsupported", params),
                    app.app_id,
                )
            )
        elif verdict.verdict is Verdict.CONTACT_HELPDESK:
            actions.append(
                Action(
                    f"{app.app_id}.contact_helpdesk",
                    "required",
                    Message("action.contact_helpdesk", params),
                    app.app_id,
                )
            )
        elif verdict.verdict is Verdict.UNKNOWN:
            actions.append(
                Action(
                    f"{app.app_id}.unknown",
                    "recommended",
                    Message("action.unknown_version", params),
                    app.app_id,
                )
            )
    actions.extend(_local_items_first(d))
    for app_id in migrating_apps:
        count = sum(
            1 for a in d.accounts if a.account.app == app_id and a.status == "needs_migration"
        )
        key = f"action.migrate.{app_id}"
        actions.append(
            Action(
                f"{app_id}.migrate",
                "required",
                Message(
                    key, {"count": count, "app": _app_name(d, app_id), **org.helpdesk_params()}
                ),
                app_id,
            )
        )
    # --- macOS Full Disk Access (see assistant/detect/protected_folders.py) ---
    if d.facts.flags.get(FULL_DISK_ACCESS_FLAG) == "denied":
        steps = full_disk_access_steps(d.facts.platform.version)
        actions.append(
            Action(
                "macos.full_disk_access",
                "required",
                Message("action.macos_full_disk_access", {"steps": steps}),
                None,
                url=FULL_DISK_ACCESS_URL,
            )
        )
    # --- end macOS Full Disk Access ---
    if not d.apps and not d.accounts:
        actions.append(
            Action("no_mail_app", "info", Message("action.no_mail_app", {"portal": org.portal_url}))
        )
    return actions


def _local_items_first(d: Diagnosis) -> list[Action]:
    """An Outlook IMAP account that must be removed: its "this computer only" calendar
    and contacts go with it unless exported to a .pst first."""
    found: list[Action] = []
    for finding in d.accounts:
        if finding.status != "needs_migration":
            continue
        store = imap_data_file(finding.account, d.facts.data_stores)
        if store is not None:
            params = {"email": finding.account.email or "?", "file": store.path}
            found.append(
                Action(
                    "outlook-windows.export_local_items",
                    "required",
                    Message("action.outlook_export_local_items", params),
                    "outlook-windows",
                )
            )
    return found


def _app_name(d: Diagnosis, app_id: str) -> str:
    for finding in d.apps:
        if finding.app.app_id == app_id:
            return finding.app.name
    return {
        "thunderbird": "Thunderbird",
        "outlook-windows": "Outlook",
        "apple-mail": "Apple Mail",
        "outlook-mac": "Outlook for Mac",
        "new-outlook-windows": "Outlook",
    }.get(app_id, app_id)


def _advisories(d: Diagnosis) -> list[Advisory]:
    org = d.organization
    common: dict[str, object] = {
        "service_ja": org.service_name_ja,
        "service_en": org.service_name_en,
        "end": org.basic_auth_end,
        "deadline": org.change_deadline,
        "refusal_ja": org.refusal_message_ja,
        "refusal_en": org.refusal_message_en,
        "portal": org.portal_url,
    }
    cutover = "advisory.cutover_passed" if d.cutover_passed else "advisory.cutover_coming"
    return [
        Advisory("cutover", Message(cutover, common)),
        Advisory("backup", Message("advisory.backup", common)),
        Advisory("exchange_sync", Message("advisory.exchange_sync", common)),
        Advisory("owa", Message("advisory.owa", common)),
        Advisory("gmail_send_as", Message("advisory.gmail_send_as", common)),
        Advisory("other_apps", Message("advisory.other_apps", common)),
    ]
