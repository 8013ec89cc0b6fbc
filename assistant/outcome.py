"""The one place that decides what a diagnosis means for a script: its exit code.

Fleet tools (Intune detection scripts, Jamf, Configuration Manager) act on the exit
code of ``report``, so the codes are a contract:

- 0 nothing to do, 1 action needed, 2 usage error, 3 the diagnosis failed or is
  incomplete (something could not be read: the picture may hide an action).

Each kind of finding is listed in :data:`FINDING_KINDS` with the code it leads to; the
README's table is printed from it (``python -m assistant.outcome``) and a test keeps
the two equal. :func:`report_outcome` is the only function that turns a diagnosis
into a code: extend the table or that function, never decide elsewhere.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from assistant.diagnose import Action, Diagnosis

EXIT_NOTHING_TO_DO = 0
EXIT_ACTION_NEEDED = 1
EXIT_USAGE = 2
EXIT_DIAGNOSIS_FAILED = 3

Status = Literal["nothing_to_do", "action_needed", "incomplete"]
STATUS_BY_CODE: dict[int, Status] = {
    EXIT_NOTHING_TO_DO: "nothing_to_do",
    EXIT_ACTION_NEEDED: "action_needed",
    EXIT_DIAGNOSIS_FAILED: "incomplete",
}


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: the ids it covers (``*`` stands for an app id), the exit
    code it leads to, and what it is, for the README table."""

    pattern: str
    exit_code: int
    what: str


# Ordered by exit code, then as the report lists them. Action ids come from diagnose.py;
# "problem" is every entry of the report's "problems" (something could not be read).
FINDING_KINDS: tuple[FindingKind, ...] = (
    FindingKind("backup.first", 1, "mail data to back up before an app or account changes"),
    FindingKind("app.close", 1, "a mail app that must change is running: close it first"),
    FindingKind("*.update", 1, "an app version the matrix says must be updated first"),
    FindingKind("*.unsupported", 1, "an app version that cannot be used with modern auth"),
    FindingKind("*.contact_helpdesk", 1, "an app the helpdesk handles (Outlook for Mac)"),
    FindingKind("*.migrate", 1, "accounts on the organisation's Exchange Online on basic auth"),
    FindingKind("macos.full_disk_access", 1, "macOS refuses to show the Mail folder"),
    FindingKind("*.unknown", 0, "an app version the matrix cannot judge (recommended check)"),
    FindingKind("no_mail_app", 0, "no mail app and no account found (web mail only)"),
    FindingKind("problem", 3, "a place that could not be read, or a detector that failed"),
)


def kind_of(action_id: str) -> FindingKind | None:
    """The kind an action id belongs to (``thunderbird.update`` -> ``*.update``)."""
    for kind in FINDING_KINDS:
        if kind.pattern == action_id:
            return kind
        if kind.pattern.startswith("*.") and action_id.endswith(kind.pattern[1:]):
            return kind
    return None


def action_exit_code(action: Action) -> int:
    """The code one action leads to; an action of no listed kind counts by its severity."""
    kind = kind_of(action.id)
    if kind is not None:
        return kind.exit_code
    return EXIT_ACTION_NEEDED if action.severity == "required" else EXIT_NOTHING_TO_DO


def report_outcome(d: Diagnosis) -> int:
    """The exit code of ``report`` for this diagnosis: 3 wins over 1 wins over 0.

    An incomplete diagnosis (anything in ``problems``) is 3 even when actions are known:
    what could not be read may hide more, and a fleet tool must see the machine as not
    fully diagnosed. Its actions are still listed in the report.
    """
    codes = [action_exit_code(a) for a in d.actions]
    if d.incomplete:  # a problem that is a fully seen fact (a listed profile gone) is not
        codes.append(_problem_kind().exit_code)
    return max(codes, key=_rank, default=EXIT_NOTHING_TO_DO)


def outcome_status(code: int) -> Status:
    return STATUS_BY_CODE.get(code, "incomplete")


def _rank(code: int) -> int:
    return {EXIT_NOTHING_TO_DO: 0, EXIT_ACTION_NEEDED: 1, EXIT_DIAGNOSIS_FAILED: 2}.get(code, 2)


def _problem_kind() -> FindingKind:
    return next(k for k in FINDING_KINDS if k.pattern == "problem")


def finding_kinds_markdown() -> str:
    """The README table: which findings count as "action needed"."""
    lines = ["| finding (action id or section) | exit code | what it is |", "| --- | --- | --- |"]
    for kind in FINDING_KINDS:
        shown = kind.pattern.replace("*", "<app>")
        lines.append(f"| `{shown}` | {kind.exit_code} | {kind.what} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the README table
    sys.stdout.write(finding_kinds_markdown())
