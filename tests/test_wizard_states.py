"""The wizard's blocked states end somewhere: an app to update first is looked at again
by the page itself; a check that fails is a red sentence with the helpdesk and Details,
and can be tried again; the Change page opens the guides it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.i18n import Translator
from assistant.journey import Step
from assistant.journey_records import BackupRecord
from tests.conftest import write
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini
from tests.wizard_support import (
    WAIT_MS,
    make_window,
    outlook_change_page,
    press_primary,
    wait_settled,
)

pytestmark = pytest.mark.gui


def thunderbird_pc(tmp_path: Path, version: str) -> tuple[AppContext, Path]:
    root = tmp_path / "root"
    ini = write(
        root / "usr/lib/thunderbird/application.ini",
        f"[App]\nName=Thunderbird\nVersion={version}\n",
    )
    folder = root / "home" / "u" / ".thunderbird"
    write_profile(folder / "abcd.default-release", ACCOUNTS, version=version)
    write_profiles_ini(
        folder, "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\n"
    )
    machine = MachineChoice(root=str(root), platform="linux")
    return AppContext(machine, Translator("ja")), ini


def test_update_first_then_the_page_notices_the_update_by_itself(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context, ini = thunderbird_pc(tmp_path, "91.13.0")
    window = make_window(qtbot, context, tmp_path)
    for _ in range(2):
        wait_settled(qtbot, window)
        press_primary(qtbot, window)
    page = window.pages[Step.CHOOSE]
    assert window.journey.chosen_app == "thunderbird"
    assert window.journey.blocked("thunderbird") == "update_required"
    assert page.blocked.isVisible() and "Thunderbird について" in page.blocked.text()
    assert "自動的にもう一度調べます" in page.blocked.text()
    assert not window.primary_button.isEnabled() and page.timer.isActive()
    ini.write_text("[App]\nName=Thunderbird\nVersion=115.6.0\n", encoding="utf-8")  # updated
    qtbot.waitUntil(window.primary_button.isEnabled, timeout=WAIT_MS)
    assert not page.blocked.isVisible() and not page.timer.isActive()
    press_primary(qtbot, window)
    assert window.journey.current is Step.PREPARE


def test_a_failed_check_is_a_red_sentence_with_details_and_can_be_tried_again(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.logsetup import log_file

    context, _ini = thunderbird_pc(tmp_path, "115.6.0")
    real_diagnose = context.diagnose
    calls: list[int] = []

    def broken(backed_up=()):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("detector exploded")
        return real_diagnose(backed_up)

    monkeypatch.setattr(context, "diagnose", broken)
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    with qtbot.waitSignal(window.diagnosis_ready, timeout=WAIT_MS):
        press_primary(qtbot, window)
    panel = window.error_panel
    assert panel.isVisible() and str(log_file()) in panel.sentence.text()
    assert "Traceback" not in panel.sentence.text() and "0568-51-4371" in panel.contact.text()
    assert "detector exploded" in panel.details.body.text()
    assert not panel.details.body.isVisible()  # Details: closed until asked for
    panel.details.button.click()
    assert panel.details.body.isVisible()
    assert not window.primary_button.isEnabled()
    page = window.pages[Step.CHECK]
    assert page.retry_button.isVisible()
    with qtbot.waitSignal(window.diagnosis_ready, timeout=WAIT_MS):
        page.retry_button.click()
    assert window.journey.diagnosis is not None and not panel.isVisible()
    assert window.primary_button.isEnabled()


def test_the_change_page_opens_the_guides_it_names(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import open_guide

    opened: list[str] = []
    monkeypatch.setattr(open_guide, "open_target", lambda t: opened.append(str(t)) or True)
    _window, page = outlook_change_page(qtbot, tmp_path)
    assert "Check the account type" in page.steps.text()  # the guide's steps, in the app
    page.guide_button.click()
    for button in page.help_buttons.values():
        button.click()
    names = [Path(p).name for p in opened]
    assert names == [
        "outlook-2016-rules.en.pdf",
        "troubleshooting.en.pdf",
        "office365-signin.en.pdf",
    ]


def test_full_disk_access_missing_offers_the_settings_page(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices

    from assistant.detect.system.macos import FULL_DISK_ACCESS_URL
    from tests.macos_snapshot import MacSnapshot, refuse_listing

    mac = MacSnapshot(tmp_path / "mac")
    mac.system_version("14.5")
    mac.mail_app()
    (mac.home / "Library/Mail").mkdir(parents=True)
    refuse_listing(mac.home / "Library/Mail", monkeypatch)  # as macOS refuses it (EPERM)
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    machine = MachineChoice(root=str(mac.root), platform="macos", home=str(mac.home))
    window = make_window(qtbot, AppContext(machine, Translator("en")), tmp_path)
    wait_settled(qtbot, window)
    press_primary(qtbot, window)
    wait_settled(qtbot, window)
    page = window.pages[Step.CHECK]
    assert page.settings_button.isVisible()
    assert "Full Disk Access" in page.settings_button.text()
    assert "Full Disk Access" in page.settings_button.accessibleDescription()
    page.settings_button.click()
    assert opened == [FULL_DISK_ACCESS_URL]


def test_nothing_found_says_so_and_offers_the_web_and_the_helpdesk(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "root"
    (root / "home" / "u").mkdir(parents=True)
    machine = MachineChoice(root=str(root), platform="linux")
    window = make_window(qtbot, AppContext(machine, Translator("ja")), tmp_path)
    wait_settled(qtbot, window)
    press_primary(qtbot, window)
    wait_settled(qtbot, window)
    page = window.pages[Step.CHECK]
    assert "メールアプリは見つかりませんでした" in page.headline.text()
    assert page.portal_button.isVisible() and "0568-51-4371" in page.contact.text()
    assert window.journey.next_step() is Step.DONE
    press_primary(qtbot, window)
    assert window.journey.current is Step.DONE


def test_a_backup_kept_under_its_unfinished_name_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Verified, but the final rename was refused: the folder is still called .partial.
    # The page must say where it is and why, not only "complete".
    from assistant.backup.job import BackupResult

    window = make_window(qtbot, AppContext(MachineChoice(demo=True), Translator("en")), tmp_path)
    kept = tmp_path / "Mail backup 2026-12-02 0800.partial"
    outcome = BackupResult("completed", kept, 2, 8192, 0.1, kept_unrenamed=True)
    text = window.page(Step.BACKUP)._outcome_text(outcome)
    assert str(kept) in text and ".partial" in text
    assert text.splitlines()[0] == Translator("en")(
        "mailbackup.result.kept_unrenamed", folder=str(kept)
    )


def test_a_failed_check_is_said_again_in_the_language_switched_to(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The window keeps the error, not its sentence: after a language switch the red
    state speaks the new language (the sentence, the contact, the Details title)."""
    from assistant.logsetup import log_file

    context, _ini = thunderbird_pc(tmp_path, "115.6.0")

    def broken(backed_up=()):  # type: ignore[no-untyped-def]
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(context, "diagnose", broken)
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    with qtbot.waitSignal(window.diagnosis_ready, timeout=WAIT_MS):
        press_primary(qtbot, window)
    panel = window.error_panel
    ja, en = Translator("ja"), Translator("en")
    assert panel.isVisible()
    assert panel.sentence.text() == ja("error.unexpected", log=str(log_file()))
    window.set_language("en")
    assert panel.isVisible()
    assert panel.sentence.text() == en("error.unexpected", log=str(log_file()))
    assert panel.contact.text().startswith("If you need help")
    assert panel.details.button.text() == en("wizard.error.details")
    assert "detector exploded" in panel.details.body.text()


def test_one_diagnosis_at_a_time_and_who_asks_meanwhile_gets_a_fresh_one(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Check, Choose's look again and Check again share one diagnosis off the GUI thread
    and one busy state: a second request while one runs waits for it, then gets its own
    (a backup or a switch made meanwhile counts), never a second diagnosis in parallel."""
    import threading

    context, _ini = thunderbird_pc(tmp_path, "115.6.0")
    real_diagnose = context.diagnose
    release = threading.Event()
    running: list[int] = []
    overlaps: list[int] = []
    asked: list[frozenset[str]] = []

    def gated(backed_up=()):  # type: ignore[no-untyped-def]
        running.append(1)
        overlaps.append(len(running))
        asked.append(frozenset(backed_up))
        release.wait(WAIT_MS / 1000)
        try:
            return real_diagnose(backed_up)
        finally:
            running.pop()

    monkeypatch.setattr(context, "diagnose", gated)
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    answers: list[object] = []
    window.start_check()  # what the Check page asks
    assert window.diagnosing.running
    window.start_check()  # a second Check request while it runs: no second diagnosis
    window.journey.record_backup(BackupRecord("thunderbird", "/backup", ("/some/store",)))
    window.diagnosing.start(answers.append, answers.append)  # as Check again asks
    release.set()
    qtbot.waitUntil(lambda: len(answers) == 1 and not window.diagnosing.running, timeout=WAIT_MS)
    assert window.journey.diagnosis is not None and answers[0] is not window.journey.diagnosis
    assert overlaps == [1, 1]  # two diagnoses, one after the other
    assert asked == [frozenset(), frozenset({"/some/store"})]  # the second saw the backup
