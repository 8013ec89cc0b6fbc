"""The journey's flow as plain data, without Qt: where Next leads, the back stack, and
what the session did (backup recorded, "back up first" marked done)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.backup.destination_advice import synced_service
from assistant.i18n import Translator
from assistant.journey import STEPS, Journey, Step
from assistant.journey_cards import account_lines, app_cards
from assistant.journey_records import BackupRecord


@pytest.fixture(scope="module")
def demo() -> AppContext:
    return AppContext(MachineChoice(demo=True), Translator("en"))


def test_the_demo_journey_forward_and_back(demo: AppContext) -> None:
    journey = Journey()
    assert journey.next_step() is Step.CHECK and not journey.can_go_back
    journey.advance()
    assert journey.next_step() is Step.DONE  # before the diagnosis: nothing to choose
    journey.diagnosis = demo.diagnose()
    # Outlook's accounts must change and so must Thunderbird's (after an update).
    assert journey.candidates() == ["outlook-windows", "thunderbird"]
    assert journey.preselected() == "outlook-windows"
    journey.advance()
    assert journey.current is Step.CHOOSE and journey.next_step() is None  # nothing chosen
    journey.chosen_app = "thunderbird"
    assert journey.blocked("thunderbird") == "update_required" and journey.next_step() is None
    journey.chosen_app = "outlook-windows"
    assert journey.next_step() is Step.PREPARE
    journey.advance()
    journey.advance()
    assert journey.current is Step.BACKUP and journey.next_step() is None  # not backed up yet
    paths = tuple(journey.store_paths("outlook-windows"))
    assert len(paths) == 2 and all(p.endswith(".pst") for p in paths)
    journey.record_backup(BackupRecord("outlook-windows", "C:\\backup", paths))
    assert journey.next_step() is Step.CHANGE
    for expected in (Step.CHANGE, Step.RECHECK, Step.DONE):
        assert journey.advance() is expected
    assert journey.next_step() is None
    with pytest.raises(ValueError):
        journey.advance()
    back = [journey.go_back() for _ in range(len(journey.history))]
    assert back == [
        Step.RECHECK,
        Step.CHANGE,
        Step.BACKUP,
        Step.PREPARE,
        Step.CHOOSE,
        Step.CHECK,
        Step.WELCOME,
    ]
    # Backed up already: choosing Outlook again goes straight to the change.
    journey.advance()
    journey.advance()
    assert journey.current is Step.CHOOSE and journey.next_step() is Step.CHANGE


def test_the_apps_to_change_follow_the_reports_kinds_of_finding(
    demo: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which actions make an app one to change is read from outcome.FINDING_KINDS (the
    list the exit code and the README come from), not from a list of its own."""
    from assistant import outcome
    from assistant.diagnose import Action
    from assistant.i18n import Message

    journey = Journey(diagnosis=demo.diagnose())
    apple = Action("apple-mail.reinstall", "required", Message("action.close_app"), "apple-mail")
    later = Action("apple-mail.someday", "required", Message("action.close_app"), "apple-mail")
    journey.diagnosis.actions += [apple, later]  # type: ignore[union-attr]
    assert "apple-mail" not in journey.candidates()
    kinds = (
        outcome.FindingKind("*.reinstall", outcome.EXIT_ACTION_NEEDED, "reinstall the app"),
        outcome.FindingKind("*.someday", outcome.EXIT_NOTHING_TO_DO, "a hint"),
    )
    monkeypatch.setattr(outcome, "FINDING_KINDS", (*outcome.FINDING_KINDS, *kinds))
    assert journey.candidates() == ["outlook-windows", "thunderbird", "apple-mail"]


def test_web_only_is_a_side_path_of_the_welcome() -> None:
    journey = Journey(web_only=True)
    assert journey.advance() is Step.WEB_ONLY
    assert journey.step_in_list() is Step.WELCOME and journey.next_step() is None
    assert journey.go_back() is Step.WELCOME
    assert Step.WEB_ONLY not in STEPS and len(STEPS) == 8


def test_a_session_backup_marks_back_up_first_done(demo: AppContext) -> None:
    before = demo.diagnose()
    first = next(a for a in before.actions if a.id == "backup.first")
    assert first.severity == "required" and not first.done
    every_store = [s.path for s in before.facts.data_stores if s.kind != "ost"]
    after = demo.diagnose(backed_up=every_store)
    done = next(a for a in after.actions if a.id == "backup.first")
    assert done.done and done.severity == "info"
    assert "backed up" in demo.tr.render(done.message)
    partly = demo.diagnose(backed_up=every_store[:1])
    left = next(a for a in partly.actions if a.id == "backup.first")
    assert left.severity == "required" and left.message.params["count"] == len(every_store) - 1


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cards_never_call_an_app_that_must_change_supported(demo: AppContext, lang: str) -> None:
    tr = Translator(lang)  # type: ignore[arg-type]
    cards = {c.app_id: c for c in app_cards(demo.diagnose(), tr)}
    outlook, thunderbird = cards["outlook-windows"], cards["thunderbird"]
    assert outlook.level == "change" and outlook.verdict != tr("verdict.supported")
    assert thunderbird.level == "blocked"
    details = "\n".join(outlook.details + thunderbird.details)
    assert "C:\\Users\\taro\\Documents\\Outlook Files" in details
    assert str(Path(__file__).parents[1]) not in details  # never the host folder
    assert "outlook.office365.com" in details and "995" in details


def test_english_counts_are_singular_for_one() -> None:
    tr = Translator("en")
    assert tr("wizard.count.files", count=1) == "1 file"
    assert tr("wizard.count.files", count=2) == "2 files"
    assert Translator("ja")("wizard.count.files", count=2) == "ファイル2個"


def test_account_lines_tick_the_fine_ones(demo: AppContext) -> None:
    lines = account_lines(demo.diagnose(), Translator("en"))
    assert lines and not any(line.ok for line in lines)


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("C:\\Users\\taro\\OneDrive - Chubu University\\Documents", "OneDrive"),
        ("C:\\Users\\taro\\OneDrive\\ドキュメント", "OneDrive"),
        ("/Users/taro/Library/Mobile Documents/com~apple~CloudDocs", "iCloud Drive"),
        ("/Users/taro/Dropbox/backup", "Dropbox"),
        ("E:\\", None),
        ("/home/taro/Documents", None),
    ],
)
def test_synced_folders_are_named(path: str, service: str | None) -> None:
    assert synced_service(path) == service


def test_cards_show_a_mac_snapshots_paths_as_the_mac_does(tmp_path: Path) -> None:
    """The card's helpdesk lines are the text report's own (one wording, one way of
    showing a path): the install path too, never the folder the snapshot sits in."""
    from assistant.report_text import report_text
    from tests.macos_snapshot import MacSnapshot, diagnose_snapshot

    mac = MacSnapshot(tmp_path)
    mac.system_version("14.5")
    mac.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "128.5.0")
    d = diagnose_snapshot(mac)
    tr = Translator("en")
    (card,) = app_cards(d, tr)
    assert card.details and "/Applications/Thunderbird.app" in card.details[0]
    assert not any(str(tmp_path) in line for line in card.details)
    report = report_text(d, tr)
    assert all(line in report for line in card.details if "Thunderbird.app" in line)


def test_an_app_is_named_by_one_function() -> None:
    from assistant.fleet import html_page, render
    from assistant.report_text import app_name

    assert render.app_name is app_name and html_page.app_name is app_name
    assert app_name("outlook-mac", Translator("en")) == "Outlook for Mac"
    assert app_name("some-new-app", Translator("ja")) == "some-new-app"
