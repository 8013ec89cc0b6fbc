"""What the Back up, Change, Prepare and Check again pages say after something went wrong
or was refused: the user's language of the moment (the page keeps what happened, not its
sentence), what to do now, and the way forward (a button that works), never a dead end."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.gui.wizard.window import WizardWindow
from assistant.i18n import Translator
from assistant.journey import Step
from tests.test_backup_plan import small_disk
from tests.test_wizard_backup import (
    MIB,
    linux_pc,
    pick_destination,
    pick_folder,
    to_backup_page,
    to_prepare,
)
from tests.test_wizard_states import thunderbird_pc
from tests.thunderbird_samples import profile_lock_held
from tests.wizard_support import (
    WAIT_MS,
    grab,
    make_window,
    outlook_change_page,
    press_primary,
    screenshot_folder,
    wait_settled,
    walk_to,
)

pytestmark = pytest.mark.gui
pick_folder = pick_folder  # the fixtures, by name
small_disk = small_disk  # a real 64 MiB tmpfs
JA, EN = Translator("ja"), Translator("en")


def shot(window: WizardWindow, tmp_path_factory: pytest.TempPathFactory, name: str) -> None:
    """A screenshot once the layout has followed the texts (a switch re-lays it out)."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()
    grab(window, screenshot_folder(tmp_path_factory), name)


def lines(text: str) -> list[str]:
    return text.splitlines()


def spoken(window: WizardWindow) -> list[str]:
    """What a screen reader can say of the window now: every visible widget's accessible
    name and description (a label without a name says its text)."""
    from PySide6.QtWidgets import QLabel, QWidget

    said = []
    for widget in window.findChildren(QWidget):
        if widget.isVisibleTo(window):
            name = widget.accessibleName()
            if not name and isinstance(widget, QLabel):
                name = widget.text()
            said += [name, widget.accessibleDescription()]
    return [text for text in said if text]


def gap(upper, lower) -> int:  # type: ignore[no-untyped-def]
    """Pixels from the bottom of one widget to the top of another below it, in the window."""
    from PySide6.QtCore import QPoint

    window = upper.window()
    bottom = upper.mapTo(window, QPoint(0, upper.height())).y()
    return int(lower.mapTo(window, QPoint(0, 0)).y() - bottom)


def edges(widget) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The left and right edge of ``widget`` in its window."""
    from PySide6.QtCore import QPoint

    left = widget.mapTo(widget.window(), QPoint(0, 0)).x()
    return left, left + widget.width()


def back_and_forward(qtbot, window: WizardWindow, previous: Step) -> None:  # type: ignore[no-untyped-def]
    """Back (enabled: a user in an error state can always go back) to ``previous``, then
    Next to the page again, its work done."""
    here = window.journey.current
    assert window.back_button.isEnabled() and not window.busy
    window.back_button.click()
    assert window.journey.current is previous
    wait_settled(qtbot, window)
    press_primary(qtbot, window)
    assert window.journey.current is here
    wait_settled(qtbot, window)


def said_once(window: WizardWindow, box, sentence: str, then: str) -> None:  # type: ignore[no-untyped-def]
    """``sentence`` is said once: in the page's red box ``box`` with what to do now, the
    helpdesk and Details; not again in the window's red state, and once to a screen reader."""
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        QApplication.processEvents()  # laid out, for the distances
    assert box.isVisible() and box.sentence.text() == sentence
    assert box.sentence.accessibleName() == sentence
    assert box.then.text() == then and box.then.isVisible() == bool(then)
    assert "0568-51-4371" in box.contact.text()
    assert box.details.button.text() == window.context.tr("wizard.error.details")
    assert window._error_panel is None or not window._error_panel.isVisible()
    assert sum(sentence in text for text in spoken(window)) == 1, spoken(window)


def test_a_refused_backup_is_said_in_the_language_switched_to_with_what_to_do(
    qtbot, tmp_path: Path, tmp_path_factory, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    context, profile = linux_pc(tmp_path, "ja", big=MIB)
    window, _dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    shutil.rmtree(profile)  # gone since Prepare: the backup plans again and refuses
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        press_primary(qtbot, window)
    refusal = done.args[0]
    assert not isinstance(refusal, str)  # the error itself, said in each language
    ja_sentence = window.error_sentence(refusal)
    assert "/home/u/.thunderbird/abcd.default-release" in ja_sentence  # as the machine has it
    assert str(tmp_path) not in ja_sentence  # never the host folder of the snapshot
    said_once(window, page.error, ja_sentence, JA("wizard.backup.next.failed"))
    assert not page.result.isVisible()
    assert window.primary_button.isEnabled() and window.back_button.isEnabled()
    assert 0 <= gap(page.error, window.primary_button) < 60  # right above "Start backup"
    shot(window, tmp_path_factory, "ja-5-backup-refused")
    window.set_language("en")
    en_sentence = window.error_sentence(refusal)
    assert en_sentence != ja_sentence and "/home/u/.thunderbird/abcd" in en_sentence
    said_once(window, page.error, en_sentence, EN("wizard.backup.next.failed"))
    shot(window, tmp_path_factory, "en-5-backup-refused")


def test_a_backup_that_fills_the_disk_says_so_with_the_helpdesk_and_what_to_do(
    qtbot, tmp_path: Path, tmp_path_factory, small_disk: Path, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    """The destination fills up while copying (something else wrote to it): a failed
    backup, in red, with the helpdesk and what to press now, in each language."""
    context, _profile = linux_pc(tmp_path, "en", big=40 * MIB)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    pick_destination(qtbot, window, small_disk, pick_folder)
    press_primary(qtbot, window)
    page = window.pages[Step.BACKUP]

    def fill_the_disk(_progress: object) -> None:
        filler = small_disk / "someone else's file"
        if not filler.exists():
            with contextlib.suppress(OSError), filler.open("wb") as f:  # (full already: so be it)
                for _ in range(64):
                    f.write(bytes(MIB))

    page.progress_shown.connect(fill_the_disk)
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        press_primary(qtbot, window)
    result = done.args[0]
    assert result.status == "failed", result
    then = page.error.then.text()
    assert lines(then)[-1] == EN("wizard.backup.next.failed")
    said_once(window, page.error, EN.render(result.error), then)
    assert not page.result.isVisible()
    assert window.primary_button.isEnabled() and window.back_button.isEnabled()
    shot(window, tmp_path_factory, "en-5-backup-disk-full")
    window.set_language("ja")
    then = page.error.then.text()
    assert lines(then)[-1] == JA("wizard.backup.next.failed")
    said_once(window, page.error, JA.render(result.error), then)
    shot(window, tmp_path_factory, "ja-5-backup-disk-full")


def test_a_cancelled_backup_and_its_figures_follow_the_language(
    qtbot, tmp_path: Path, tmp_path_factory, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    from assistant.backup.sentences import progress_figures

    context, _profile = linux_pc(tmp_path, "ja", big=192 * MIB)
    window, _dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    shown: list[object] = []
    page.progress_shown.connect(shown.append)
    page.progress_shown.connect(lambda _progress: page.cancel_button.click())
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        press_primary(qtbot, window)
    assert done.args[0].status == "cancelled"
    assert lines(page.result.text())[-1] == JA("wizard.backup.next.cancelled")
    assert page.progress.size_line.text() == progress_figures(shown[-1], JA).size
    shot(window, tmp_path_factory, "ja-5-backup-cancelled")
    window.set_language("en")
    text = page.result.text()
    assert text.startswith("The backup was cancelled") and lines(text)[-1] == EN(
        "wizard.backup.next.cancelled"
    )
    assert page.progress.size_line.text() == progress_figures(shown[-1], EN).size
    assert page.progress.files_line.text() == progress_figures(shown[-1], EN).files
    assert window.primary_button.text() == EN("gui.backup.start")
    assert window.primary_button.isEnabled()
    shot(window, tmp_path_factory, "en-5-backup-cancelled")


def change_page(qtbot, tmp_path: Path) -> tuple[WizardWindow, Path]:  # type: ignore[no-untyped-def]
    """The Change page for Thunderbird (ja) on a Linux snapshot, its preview made, reached
    as a user does (the profile backed up on the way)."""
    context, _ini = thunderbird_pc(tmp_path, "115.6.0")
    window = make_window(qtbot, context, tmp_path)
    walk_to(qtbot, window, Step.CHANGE)
    wait_settled(qtbot, window)
    profile = tmp_path / "root/home/u/.thunderbird/abcd.default-release"
    assert window.primary_button.text() == JA("wizard.change.apply")
    return window, profile


def test_the_switch_result_and_what_it_switched_follow_the_language(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _profile = change_page(qtbot, tmp_path)
    page = window.pages[Step.CHANGE]
    press_primary(qtbot, window)  # Apply
    qtbot.waitUntil(lambda: bool(window.journey.switched) and not page.working, timeout=WAIT_MS)
    count = sum(s.servers for s in window.journey.switched)
    assert page.result.text() == JA("wizard.change.switched", count=count)
    assert "プロファイル「default-release」" in page.steps.text()
    window.set_language("en")
    assert page.result.text() == EN("wizard.change.switched", count=count)
    assert page.steps_box.title() == EN("wizard.change.switched_title")
    assert "Profile “default-release”" in page.steps.text()
    assert "プロファイル" not in page.steps.text() and "サーバー" not in page.steps.text()
    page.undo_button.click()
    qtbot.waitUntil(lambda: not window.journey.switched and not page.working, timeout=WAIT_MS)
    wait_settled(qtbot, window)
    assert page.result.text() == EN("wizard.change.undone")
    window.set_language("ja")
    assert page.result.text() == JA("wizard.change.undone")


def test_a_switch_refused_while_thunderbird_runs_can_be_applied_once_it_quit(
    qtbot, tmp_path: Path, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    """Refused: the sentence says to quit Thunderbird, the page to press Apply again, and
    Apply works then, although Thunderbird rewrote prefs.js when it quit (the preview's
    own copy of prefs.js is out of date, its changes are not)."""
    window, profile = change_page(qtbot, tmp_path)
    page = window.pages[Step.CHANGE]
    prefs = profile / "prefs.js"
    with profile_lock_held(profile):
        press_primary(qtbot, window)  # Apply
        qtbot.waitUntil(lambda: bool(page.result_text) and not page.working, timeout=WAIT_MS)
    refused = JA("fix.thunderbird.running", profile="default-release")
    said_once(window, page.error, refused, JA("wizard.change.next.apply_again"))
    # The core's sentence says what to sort out, never the command line's "run it
    # again": the page adds its own next step, once (press Apply again).
    assert "実行" not in page.error.sentence.text()
    assert page.error.sentence.text().endswith(
        "Thunderbirdを終了してください（画面右上の「≡」>「終了」）。"
    )
    assert not page.result.isVisible()
    assert 0 <= gap(page.error, window.primary_button) < 60  # right above "Apply"
    assert not window.journey.switched
    shot(window, tmp_path_factory, "ja-6-change-refused-thunderbird-runs")
    with prefs.open("a", encoding="utf-8") as f:  # as Thunderbird writes it when it quits
        f.write('user_pref("mail.shell.checkDefaultClient", false);\n')
    window.set_language("en")
    refused = EN("fix.thunderbird.running", profile="default-release")
    said_once(window, page.error, refused, EN("wizard.change.next.apply_again"))
    assert "run" not in page.error.sentence.text().lower().replace("running", "")
    assert page.error.sentence.text().endswith("Quit Thunderbird (≡ menu > Quit).")
    assert window.primary_button.text() == EN("wizard.change.apply")
    assert window.back_button.isEnabled()  # a refusal is no dead end: Back works too
    shot(window, tmp_path_factory, "en-6-change-refused-thunderbird-runs")
    back_and_forward(qtbot, window, Step.BACKUP)
    # Come forward again: a fresh preview, nothing said of the earlier refusal.
    assert not page.error.isVisible() and not page.result.isVisible()
    assert window._error_panel is None or not window._error_panel.isVisible()
    assert window.primary_button.text() == EN("wizard.change.apply")
    assert window.primary_button.isEnabled() and window.back_button.isEnabled()
    press_primary(qtbot, window)  # Apply again
    qtbot.waitUntil(lambda: not page.working, timeout=WAIT_MS)
    assert window.journey.switched, page.result.text()
    assert page.result.text() == EN(
        "wizard.change.switched", count=sum(s.servers for s in window.journey.switched)
    )
    assert not page.error.isVisible() and page.result.isVisible()
    assert window._error_panel is None or not window._error_panel.isVisible()
    assert 'user_pref("mail.shell.checkDefaultClient", false);' in prefs.read_text("utf-8")


def test_a_preview_refused_while_thunderbird_runs_offers_to_look_again(
    qtbot, tmp_path: Path, tmp_path_factory
) -> None:  # type: ignore[no-untyped-def]
    context, _ini = thunderbird_pc(tmp_path, "115.6.0")
    window = make_window(qtbot, context, tmp_path)
    window.journey.diagnosis = context.diagnose()
    window.journey.chosen_app = "thunderbird"
    window.journey.current = Step.CHANGE
    profile = tmp_path / "root/home/u/.thunderbird/abcd.default-release"
    page = window.page(Step.CHANGE)
    with profile_lock_held(profile):
        window.show_step(Step.CHANGE)
        qtbot.waitUntil(lambda: page.plans is not None, timeout=WAIT_MS)
    assert page.lead.text() == JA("wizard.change.next.plan_again")  # not "nothing to switch"
    said_once(window, page.error, JA("fix.thunderbird.running", profile="default-release"), "")
    assert page.again_button.isVisible()
    assert 0 <= gap(page.error, page.again_button) < 40  # right above "Check again"
    shot(window, tmp_path_factory, "ja-6-change-preview-refused")
    page.again_button.click()
    qtbot.waitUntil(lambda: bool(page.plans), timeout=WAIT_MS)
    assert not page.again_button.isVisible() and not page.error.isVisible()
    assert window.primary_button.text() == JA("wizard.change.apply")
    assert window.primary_button.isEnabled()


def recheck_page(qtbot, tmp_path: Path, monkeypatch, fail: list[bool]):  # type: ignore[no-untyped-def]
    """The Check again page on the demo snapshot (ja); the diagnosis raises while
    ``fail`` holds True."""
    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    real_diagnose = context.diagnose

    def diagnose(backed_up=()):  # type: ignore[no-untyped-def]
        if fail[0]:
            raise RuntimeError("detector exploded")
        return real_diagnose(backed_up)

    monkeypatch.setattr(context, "diagnose", diagnose)
    window = make_window(qtbot, context, tmp_path)
    failing, fail[0] = fail[0], False  # the way there is diagnosed as it is
    walk_to(qtbot, window, Step.CHANGE)  # as a user: Outlook, the backup made on the way
    assert window.journey.chosen_app == "outlook-windows"
    wait_settled(qtbot, window)
    fail[0] = failing
    press_primary(qtbot, window)  # Next: Check again
    return window, window.pages[Step.RECHECK]


def test_a_failed_check_again_says_so_beside_the_button_that_tries_again(
    qtbot, tmp_path: Path, tmp_path_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.logsetup import log_file

    fail = [True]
    window, page = recheck_page(qtbot, tmp_path, monkeypatch, fail)
    assert page.checking
    qtbot.waitUntil(lambda: not page.checking, timeout=WAIT_MS)
    unexpected = JA("error.unexpected", log=str(log_file()))
    assert page.error.isVisible() and page.error.sentence.text() == unexpected
    assert "0568-51-4371" in page.error.contact.text()
    assert "detector exploded" in page.error.details.body.text()
    assert sum(unexpected in text for text in spoken(window)) == 1  # said once, to all
    assert page.headline.text() == JA("wizard.recheck.failed.headline")
    assert page.again.isVisible() and page.again.isEnabled()
    assert page.again.text() == JA("wizard.check.retry")
    assert page.again.accessibleName() == "もう一度調べる"
    assert page.again.accessibleDescription() == JA("wizard.recheck.failed.again")
    # Beside the button: the red state is right above it, within the page.
    assert page.error.geometry().bottom() <= page.again.geometry().top()
    assert page.again.geometry().top() - page.error.geometry().bottom() < 40
    assert not window._error_panel or not window._error_panel.isVisible()  # said once
    assert window.back_button.isEnabled()  # no dead end: Back to Change works too
    shot(window, tmp_path_factory, "ja-7-recheck-failed")

    window.set_language("en")
    assert page.error.sentence.text() == EN("error.unexpected", log=str(log_file()))
    assert page.error.contact.text().startswith("If you need help")
    assert page.error.details.button.text() == EN("wizard.error.details")
    assert page.headline.text() == EN("wizard.recheck.failed.headline")
    assert page.again.text() == EN("wizard.check.retry")
    shot(window, tmp_path_factory, "en-7-recheck-failed")

    fail[0] = False
    page.again.click()
    wait_settled(qtbot, window)
    assert page.failure is None and not page.error.isVisible()
    assert window.journey.recheck is not None
    assert any(line.isVisibleTo(window) for line in page.lines)
    assert page.headline.text() != EN("wizard.recheck.failed.headline")


def test_after_a_failed_check_again_back_and_forward_checks_afresh(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: Back leads out of the failed state (to Change) and Next into a fresh
    check: failed again, said again; answered, the accounts and no red box."""
    fail = [True]
    window, page = recheck_page(qtbot, tmp_path, monkeypatch, fail)
    wait_settled(qtbot, window)
    assert page.failure is not None and page.error.isVisible()
    back_and_forward(qtbot, window, Step.CHANGE)  # still failing: said once more
    assert page.failure is not None and page.error.isVisible()
    assert page.headline.text() == JA("wizard.recheck.failed.headline")
    assert window.back_button.isEnabled()
    fail[0] = False
    back_and_forward(qtbot, window, Step.CHANGE)
    assert page.failure is None and not page.error.isVisible()
    assert window.journey.recheck is not None
    assert any(line.isVisibleTo(window) for line in page.lines)
    assert page.headline.text() != JA("wizard.recheck.failed.headline")
    assert window.primary_button.isEnabled() and window.back_button.isEnabled()


def test_prepare_keeps_asking_whether_the_app_is_open_after_one_failure(
    qtbot, tmp_path: Path, tmp_path_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from assistant.detect import running

    context, _profile = linux_pc(tmp_path, "ja", big=MIB)
    window = make_window(qtbot, context, tmp_path)
    real_running_now = running.running_now
    fail = [True]

    def running_now(env):  # type: ignore[no-untyped-def]
        if fail[0]:
            raise PermissionError("process list refused")
        return real_running_now(env)

    monkeypatch.setattr(running, "running_now", running_now)
    to_prepare(qtbot, window)
    page = window.pages[Step.PREPARE]
    qtbot.waitUntil(window.error_panel.isVisible, timeout=WAIT_MS)
    assert page.app_state.text() == JA("wizard.prepare.poll.failed", app="Thunderbird")
    assert window.error_panel.isVisible() and not window.primary_button.isEnabled()
    assert page.timer.isActive()  # still asking
    # The window's red state lines up with the page's boxes, left and right (issue 11).
    for _ in range(3):
        QApplication.processEvents()
    panel, box = edges(window.error_panel), edges(page.where_box)
    assert panel == box, (panel, box)
    shot(window, tmp_path_factory, "ja-4-prepare-poll-failed")
    fail[0] = False
    qtbot.waitUntil(window.primary_button.isEnabled, timeout=WAIT_MS)
    assert page.app_state.text() == JA("wizard.prepare.app_closed", app="Thunderbird")
    assert not window.error_panel.isVisible()


def test_when_the_app_check_fails_each_prepare_line_points_at_its_own_reason(
    qtbot, tmp_path: Path, tmp_path_factory, monkeypatch, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    """The process list cannot be read (psutil refused): the app's line says why below,
    and the red box says that; the destination is not called refused for it. When the
    destination is refused as well, its line carries its own reason (issue 11)."""
    from assistant.environment import Environment

    real_processes = Environment.processes
    fail = [True]

    def processes(env: Environment):  # type: ignore[no-untyped-def]
        if fail[0]:
            raise PermissionError("process list refused")
        return real_processes(env)

    monkeypatch.setattr(Environment, "processes", processes)
    context, _profile = linux_pc(tmp_path, "en", big=MIB)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    page = window.pages[Step.PREPARE]
    qtbot.waitUntil(
        lambda: page.plan is not None and window.error_panel.isVisible(), timeout=WAIT_MS
    )
    assert page.app_state.text() == EN("wizard.prepare.poll.failed", app="Thunderbird")
    assert window.error_panel.sentence.text() == window.error_sentence(page.poll_failure)
    assert page.refusal is None
    assert page.space.text().startswith(EN("wizard.prepare.space.size", size="")[:5])
    assert EN("wizard.prepare.refused") not in page.space.text()
    shot(window, tmp_path_factory, "en-4-prepare-app-check-failed")
    # A destination that is a file: refused, and said on its own line.
    a_file = tmp_path / "not a folder"
    a_file.write_text("x")
    pick_folder.append(a_file)
    page.change_button.click()
    qtbot.waitUntil(lambda: page.refusal is not None, timeout=WAIT_MS)
    reason = window.error_sentence(page.refusal)
    assert page.space.text() == EN("wizard.prepare.refused_because", reason=reason)
    assert window.error_panel.sentence.text() == window.error_sentence(page.poll_failure)
    assert window.error_panel.sentence.text() != reason
    window.set_language("ja")
    assert page.space.text() == JA(
        "wizard.prepare.refused_because", reason=window.error_sentence(page.refusal)
    )
    assert page.app_state.text() == JA("wizard.prepare.poll.failed", app="Thunderbird")
    shot(window, tmp_path_factory, "ja-4-prepare-app-check-failed-and-refused")
    # The app check answers again: the red box now says the destination's reason, and the
    # destination's line points at it.
    fail[0] = False
    qtbot.waitUntil(lambda: page.poll_failure is None and page.refusal is not None, timeout=WAIT_MS)
    assert page.app_state.text() == JA("wizard.prepare.app_closed", app="Thunderbird")
    assert window.error_panel.sentence.text() == window.error_sentence(page.refusal)
    assert page.space.text() == JA("wizard.prepare.refused")
    assert not window.primary_button.isEnabled()


def test_the_reports_copy_feedback_on_the_done_page_follows_the_language(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    window = make_window(qtbot, context, tmp_path)
    window.journey.diagnosis = context.diagnose()
    window.journey.current = Step.DONE
    window.show_step(Step.DONE)
    buttons = window.pages[Step.DONE].report
    with qtbot.waitSignal(buttons.copied):
        buttons.copy_button.click()
    assert buttons.feedback.text() == JA("wizard.report.copied")
    window.set_language("en")
    assert buttons.feedback.isVisible() and buttons.feedback.text() == EN("wizard.report.copied")
    assert buttons.feedback.accessibleName() == EN("wizard.report.copied")


def test_a_guide_that_cannot_be_opened_is_said_once_beside_the_change_page_buttons(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import open_guide

    monkeypatch.setattr(open_guide, "open_target", lambda target: False)  # no PDF viewer
    window, page = outlook_change_page(qtbot, tmp_path)
    page.help_buttons["troubleshooting"].click()
    problem = page.problem
    assert problem is not None
    said_once(window, page.error, window.error_sentence(problem), "")
    window.set_language("ja")
    said_once(window, page.error, window.error_sentence(problem), "")
    assert window.error_sentence(problem) != EN.render(problem)  # said in Japanese now
    press_primary(qtbot, window)  # Next: the page left behind keeps nothing said
    window.back_button.click()
    wait_settled(qtbot, window)
    assert not page.error.isVisible()
