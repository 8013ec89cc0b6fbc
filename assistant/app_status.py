"""What an app needs, in the one word the user sees everywhere (the wizard's cards, the
text report, the JSON report's ``apps[].status``).

The support verdict says whether the app's version can use modern authentication; the
status also counts the accounts: a supported Outlook 2016 whose POP accounts still use
basic authentication is "accounts must change", never simply "supported".

- ``ok``: nothing to change;
- ``change``: accounts must change (the app itself can stay);
- ``update_required`` / ``unsupported`` / ``contact_helpdesk``: blocked until the user or
  the helpdesk does something first;
- ``unknown``: the version could not be judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the wizard's journey imports this before any diagnosis is made
    from assistant.diagnose import AppFinding, Diagnosis

AppStatus = Literal["ok", "change", "update_required", "unsupported", "contact_helpdesk", "unknown"]
Level = Literal["ok", "change", "blocked", "unknown"]
APP_STATUSES: tuple[AppStatus, ...] = (
    "ok",
    "change",
    "update_required",
    "unsupported",
    "contact_helpdesk",
    "unknown",
)
# Verdicts that stop the change until the user (or the helpdesk) does something first.
BLOCKING_VERDICTS = ("update_required", "unsupported", "contact_helpdesk")


def accounts_to_change(d: Diagnosis, app_id: str) -> int:
    """How many of ``app_id``'s server settings still use the old sign-in."""
    return sum(1 for a in d.accounts if a.account.app == app_id and a.status == "needs_migration")


def app_status(d: Diagnosis, finding: AppFinding) -> AppStatus:
    verdict = finding.verdict.verdict.value
    if verdict == "update_required":
        return "update_required"
    if verdict == "unsupported":
        return "unsupported"
    if verdict == "contact_helpdesk":
        return "contact_helpdesk"
    if accounts_to_change(d, finding.app.app_id):
        return "change"
    return "unknown" if verdict == "unknown" else "ok"


def status_level(status: AppStatus) -> Level:
    """How the status looks (its colour and mark): the blocking ones look alike."""
    if status in BLOCKING_VERDICTS:
        return "blocked"
    return "change" if status == "change" else "ok" if status == "ok" else "unknown"
