"""Exit codes per kind of finding: one table (assistant.outcome), the README, the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.detect.facts import (
    DataStore,
    InstalledApp,
    MachineFacts,
    MailAccount,
    PlatformInfo,
    Problem,
    RunningApp,
)
from assistant.diagnose import Action, Diagnosis, diagnose
from assistant.i18n import Message
from assistant.matrix import SupportMatrix
from assistant.organization import load_organization
from assistant.outcome import (
    FINDING_KINDS,
    finding_kinds_markdown,
    kind_of,
    outcome_status,
    report_outcome,
)

NOW = datetime(2026, 11, 25, tzinfo=UTC)
README = Path(__file__).resolve().parent.parent / "README.md"
ISC_POP = MailAccount(
    "thunderbird", "pop3", "outlook.office365.com", "password", "a@isc.chubu.ac.jp"
)
ISC_OAUTH = MailAccount(
    "thunderbird", "imap", "outlook.office365.com", "oauth2", "a@isc.chubu.ac.jp"
)


FAILED = Problem(Message("problem.detector_failed", {"part": "x"}))
PROFILE = DataStore("thunderbird", "thunderbird_profile", "/home/a/.thunderbird/p", 1)


def bundle(app_id: str, version: str) -> InstalledApp:
    return InstalledApp(app_id, app_id, version, None, "app-bundle")


def tb(version: str | None) -> InstalledApp:
    return InstalledApp("thunderbird", "Thunderbird", version, "/usr/lib/thunderbird", "manual")


def machine(os: str = "linux", version: str | None = "12", **kw: object) -> MachineFacts:
    return MachineFacts(platform=PlatformInfo(os, version), **kw)  # type: ignore[arg-type]


# Real machines, each showing one kind of finding (with what comes along with it).
SCENARIOS: dict[str, tuple[MachineFacts, set[str], int]] = {
    "all fine": (machine(apps=[tb("115.3.0")], accounts=[ISC_OAUTH]), set(), 0),
    "update": (machine(apps=[tb("91.13.0")]), {"thunderbird.update"}, 1),
    "unsupported": (
        machine("macos", "10.13", apps=[bundle("apple-mail", "11.0")]),
        {"apple-mail.unsupported"},
        1,
    ),
    "contact helpdesk": (
        machine("macos", "14.5", apps=[bundle("outlook-mac", "16.80")]),
        {"outlook-mac.contact_helpdesk"},
        1,
    ),
    "migrate": (machine(apps=[tb("115.3.0")], accounts=[ISC_POP]), {"thunderbird.migrate"}, 1),
    "backup and close": (
        machine(
            apps=[tb("115.3.0")],
            accounts=[ISC_POP],
            data_stores=[PROFILE],
            running=[RunningApp("thunderbird", 42, "thunderbird")],
        ),
        {"backup.first", "app.close", "thunderbird.migrate"},
        1,
    ),
    "full disk access": (
        machine("macos", "14.5", flags={"macos_full_disk_access": "denied"}),
        {"macos.full_disk_access", "no_mail_app"},
        1,
    ),
    "unknown version": (machine(apps=[tb(None)]), {"thunderbird.unknown"}, 0),
    "no mail app": (machine(), {"no_mail_app"}, 0),
    "problem": (
        machine(apps=[tb("115.3.0")], problems=[FAILED]),
        set(),
        3,
    ),
    "problem and action": (
        machine(apps=[tb("91.13.0")], problems=[FAILED]),
        {"thunderbird.update"},
        3,
    ),
}  # fmt: skip


def run(facts: MachineFacts) -> Diagnosis:
    return diagnose(facts, SupportMatrix.load(), load_organization(), NOW)


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_kind_of_finding_gives_its_exit_code(name: str) -> None:
    facts, action_ids, code = SCENARIOS[name]
    d = run(facts)
    assert {a.id for a in d.actions} == action_ids
    assert report_outcome(d) == code
    assert outcome_status(code) == {0: "nothing_to_do", 1: "action_needed", 3: "incomplete"}[code]


def test_every_kind_in_the_table_is_met_by_a_scenario() -> None:
    met = {"problem"} | {
        kind_of(a.id).pattern  # type: ignore[union-attr]
        for facts, _, _ in SCENARIOS.values()
        for a in run(facts).actions
    }
    assert met == {k.pattern for k in FINDING_KINDS}


@pytest.mark.parametrize("kind", FINDING_KINDS, ids=lambda k: k.pattern)
def test_one_finding_alone_decides_by_the_table(kind) -> None:  # type: ignore[no-untyped-def]
    facts = machine()
    d = Diagnosis(facts=facts, organization=load_organization(), generated_at=NOW)
    if kind.pattern == "problem":
        facts.problems.append(FAILED)
    else:
        action_id = kind.pattern.replace("*", "thunderbird")
        d.actions.append(Action(action_id, "info", Message("action.no_mail_app")))
    assert report_outcome(d) == kind.exit_code


def test_an_action_of_no_listed_kind_counts_by_its_severity() -> None:
    d = Diagnosis(facts=machine(), organization=load_organization(), generated_at=NOW)
    d.actions.append(Action("something.new", "required", Message("action.no_mail_app")))
    assert report_outcome(d) == 1
    d.actions[0].severity = "recommended"
    assert report_outcome(d) == 0


def test_the_readme_table_is_the_one_in_the_code() -> None:
    assert finding_kinds_markdown() in README.read_text(encoding="utf-8")


def test_exit_codes_from_the_outside(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("--demo", "report", "--format", "jamf")[0] == 1
    empty = tmp_path / "empty"
    (empty / "home" / "u").mkdir(parents=True)
    nothing = ("--platform", "linux", "--root", str(empty), "report", "--format", "jamf")
    code, out, _ = run_cli(*nothing)
    assert (code, out.split()[0]) == (0, "<result>NOTHING_TO_DO")
    broken = tmp_path / "broken.reg"
    broken.write_bytes(b"not an export")
    code, out, _ = run_cli(
        "--root", str(empty), "--registry", str(broken), "report", "--format", "jamf"
    )
    assert (code, out.split()[0]) == (3, "<result>INCOMPLETE")
    assert run_cli("report", "--format", "yaml")[0] == 2
    assert run_cli("report", "--json", "--format", "csv")[0] == 2
