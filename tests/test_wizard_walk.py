"""The wizard on the demo snapshot, offscreen: every page forward and back in both
languages with a real backup, the language switch, the report's copy and save feedback,
the web-only path, plain text for the organisation's words, the excepthook, and the Back
up page's progress with no empty room before, during and after a backup."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.i18n import Translator
from assistant.journey import STEPS, Step
from tests.test_wizard_backup import MIB, linux_pc, pick_folder, to_backup_page
from tests.wizard_support import (
    WAIT_MS,
    clipped,
    grab,
    make_window,
    press_primary,
    screenshot_folder,
    visible_texts,
    wait_settled,
)

pytestmark = pytest.mark.gui
pick_folder = pick_folder  # the fixture, by name
DEMO_FOLDER = str(Path(__file__).resolve().parents[1] / "resources" / "demo")


def demo(lang: str) -> AppContext:
    return AppContext(MachineChoice(demo=True), Translator(lang))  # type: ignore[arg-type]


# 1024x768 (the screenshots), 1280x800 at 100 %, and 1024x768 at 150 % scaling: Qt
# lays a window out in logical pixels, so that is a 683x512 window at the same fonts.
SIZES = {"1024x768": (1024, 768), "1280x800": (1280, 800), "1024x768-150pct": (683, 512)}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_forward_and_back_with_a_real_backup(
    qtbot, tmp_path: Path, tmp_path_factory, lang: str, size: str
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QApplication

    from assistant.gui.wizard.page_backup import BackupPage

    context = demo(lang)
    window = make_window(qtbot, context, tmp_path)
    window.resize(*SIZES[size])
    shots = screenshot_folder(tmp_path_factory) if size != "1280x800" else None
    tag = lang if size == "1024x768" else f"{lang}-{size}"

    def fits() -> None:
        for _ in range(3):
            QApplication.processEvents()
        assert clipped(window) == [], (window.journey.current, size)

    tr = context.tr
    seen: list[Step] = []
    window.page_shown.connect(seen.append)
    for number, step in enumerate(STEPS):
        assert window.journey.current is step
        wait_settled(qtbot, window)
        texts = visible_texts(window)
        assert tr(f"wizard.title.{step}") in texts  # the page's heading, in this language
        # A screen reader says each button's name without its mnemonic ("(&R)", "&R").
        for button in window.findChildren(QAbstractButton):
            name = button.accessibleName()
            assert re.search(r"&\w", name) is None, (step, name)
        assert not any(DEMO_FOLDER in text for text in texts), step  # never the host folder
        # The page's name; the platform adds the application's name once (never twice).
        assert window.windowTitle() == tr(f"wizard.title.{step}")
        if step is Step.CHECK:  # the helpdesk details open under the first card
            card = window.pages[step].cards[0]
            card.details.button.click()
            assert "C:\\Users\\taro" in card.details.body.text()
        if step is Step.CHOOSE:
            assert window.journey.chosen_app == "outlook-windows"  # accounts must change
            assert not window.primary_button.isEnabled()  # "do you use rules?" unanswered
            window.pages[step].rules_buttons[1].click()  # no
        if step is Step.PREPARE:
            page = window.pages[step]
            assert page.app_open is False and page.plan is not None
            assert "C:\\Users\\taro\\Documents\\Outlook Files" in page.what.text()
            # A --demo backup goes to a temporary folder, never the operator's Documents.
            assert window.journey.destination.startswith(str(Path(tempfile_dir())))
        fits()
        grab(window, shots, f"{tag}-{number + 1}-{step}")
        if step is Step.BACKUP:
            page = window.pages[step]
            assert isinstance(page, BackupPage)
            assert window.primary_button.text() == tr("gui.backup.start")
            with qtbot.waitSignal(page.backup_done, timeout=60_000):
                press_primary(qtbot, window)
            assert page.outcome is not None and page.outcome.status == "completed"
            assert page.open_button.isVisible()
            fits()
            grab(window, shots, f"{tag}-{number + 1}-{step}-done")
            folder = Path(window.journey.backups[0].folder)
            assert (folder / "manifest.json").is_file()
        if step is Step.RECHECK:
            recheck = window.journey.recheck
            # Outlook's two files are backed up: only Thunderbird's profile is still asked for.
            first = next(a for a in recheck.actions if a.id == "backup.first")
            assert first.message.params["count"] == 1 and not first.done
        if step is Step.DONE:
            done_text = "\n".join(visible_texts(window))
            assert window.journey.backups[0].folder in done_text
            assert "0568-51-4371" in done_text and "Gmail" in done_text
            break
        press_primary(qtbot, window)
    assert seen == list(STEPS[1:])
    # ... and all the way back with the keyboard (Alt+B is Back's mnemonic).
    for step in reversed(STEPS[:-1]):
        window.back_button.click()
        assert window.journey.current is step
        assert window.isVisible()
    assert not window.back_button.isEnabled()


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def test_the_language_switch_updates_every_visible_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    context = demo("ja")
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    press_primary(qtbot, window)
    wait_settled(qtbot, window)
    window.back_button.click()
    before = visible_texts(window)
    assert "ようこそ" in before and "確認を始める(&N)" in before
    welcome = window.pages[Step.WELCOME]
    welcome.language.setCurrentIndex(2)  # English
    after = visible_texts(window)
    assert context.language == "en"
    assert (
        "Welcome" in after and "Start the &check" in after and "Report for the &helpdesk" in after
    )
    japanese = [t for t in after if any("\u3040" <= ch <= "\u30ff" for ch in t)]
    assert japanese == []  # (the list keeps "日本語", its own name)
    # The page not on screen follows too: its cards are in English when shown again.
    press_primary(qtbot, window)
    assert any("Accounts must change" in t for t in visible_texts(window))
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert stored.value("language") == "en"


def test_report_copy_and_save_say_what_happened(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from assistant.gui import dialogs
    from assistant.gui.wizard.report_dialog import HelpdeskReportDialog

    window = make_window(qtbot, demo("en"), tmp_path)
    window.open_report()  # from the Welcome page: the report runs the check itself
    dialog = window.report_dialog
    assert isinstance(dialog, HelpdeskReportDialog)
    qtbot.waitUntil(lambda: bool(dialog.text.toPlainText()), timeout=30_000)
    buttons = dialog.buttons
    assert not buttons.feedback.isVisible()
    with qtbot.waitSignal(buttons.copied):
        buttons.copy_button.click()
    assert buttons.feedback.isVisible() and buttons.feedback.text() == "Copied to the clipboard."
    assert "Outlook 2016" in QGuiApplication.clipboard().text()
    dialog.tabs.setCurrentIndex(1)
    buttons.copy_button.click()
    assert json.loads(QGuiApplication.clipboard().text())["schema"] == 1

    target = tmp_path / "report.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: (str(target), "JSON (*.json)"))
    with qtbot.waitSignal(buttons.saved) as saved:
        buttons.save_button.click()
    assert saved.args == [str(target)]
    assert json.loads(target.read_text("utf-8"))["apps"][0]["id"] == "outlook-windows"
    assert buttons.feedback.text() == f"Saved to {target}."

    bad = tmp_path / "no-such-folder" / "r.txt"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: (str(bad), "Text (*.txt)"))
    with qtbot.waitSignal(buttons.saved) as saved:
        buttons.save_button.click()
    assert saved.args == [""] and str(bad) in buttons.feedback.text()
    assert "Traceback" not in buttons.feedback.text()


def test_web_only_ends_at_outlook_on_the_web_and_the_contact(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import open_guide

    opened: list[str] = []
    monkeypatch.setattr(
        open_guide, "open_target", lambda target: opened.append(str(target)) or True
    )
    window = make_window(qtbot, demo("ja"), tmp_path)
    wait_settled(qtbot, window)
    window.pages[Step.WELCOME].web_only.click()
    assert window.journey.current is Step.WEB_ONLY
    page = window.pages[Step.WEB_ONLY]
    page.open_portal.click()
    assert opened == ["https://portal.office.com"]
    assert "0568-51-4371" in page.contact.text()
    assert window.step_labels[Step.WELCOME].font().bold()  # still under "Welcome"
    window.back_button.click()
    assert window.journey.current is Step.WELCOME and not window.journey.web_only


def test_organisation_words_are_plain_text_never_rich(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    config = tmp_path / "org.toml"
    config.write_text(
        "[service]\nname_ja = \"<b>太字</b><a href='https://evil.example'>x</a>\"\n"
        'name_en = "<img src=x>Mail"\n',
        encoding="utf-8",
    )
    context = AppContext(MachineChoice(demo=True, config=str(config)), Translator("en"))
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    notice = window.pages[Step.WELCOME].notice
    assert notice.text().startswith("<img src=x>Mail stopped accepting")
    press_primary(qtbot, window)
    wait_settled(qtbot, window)
    for widget in window.findChildren(QLabel):
        if widget.text():
            assert widget.textFormat() == Qt.TextFormat.PlainText, widget.text()


def test_an_unexpected_error_shows_a_copyable_report(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QGuiApplication

    from assistant.gui.app import make_wizard

    previous = sys.excepthook
    try:
        window = make_wizard(demo("en"))
        qtbot.addWidget(window)
        try:
            raise RuntimeError("a bug nobody expected")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        dialog = sys.excepthook.dialog  # type: ignore[attr-defined]
        qtbot.addWidget(dialog)
        assert "unexpected" in dialog.sentence.text()
        assert "a bug nobody expected" in dialog.details.toPlainText()
        dialog.copy_button.click()
        assert dialog.feedback.text() == "Copied to the clipboard."
        assert "RuntimeError" in QGuiApplication.clipboard().text()
    finally:
        sys.excepthook = previous


def test_the_whole_journey_with_the_keyboard_only(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QRadioButton

    window = make_window(qtbot, demo("en"), tmp_path)
    window.activateWindow()

    def enter() -> None:
        qtbot.waitUntil(window.primary_button.isEnabled, timeout=60_000)
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)

    for _ in range(2):  # Welcome -> Check -> Choose
        wait_settled(qtbot, window)
        enter()
    assert window.journey.current is Step.CHOOSE
    # Tab to the first "do you use rules?" answer, then the arrow key moves to "No".
    rules = window.pages[Step.CHOOSE].rules_buttons
    for _ in range(30):
        if QApplication.focusWidget() in rules:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QRadioButton) and focused in rules
    assert focused.hasFocus() and focused.testAttribute(Qt.WidgetAttribute.WA_WState_Visible)
    qtbot.keyClick(focused, Qt.Key.Key_Space)
    assert window.journey.uses_rules is not None
    window.primary_button.setFocus()  # as Shift+Tab would
    enter()  # -> Prepare
    wait_settled(qtbot, window)
    enter()  # -> Back up
    page = window.pages[Step.BACKUP]
    with qtbot.waitSignal(page.backup_done, timeout=60_000):
        enter()  # Start backup
    for _ in range(3):  # -> Change -> Check again -> Done
        wait_settled(qtbot, window)
        enter()
    assert window.journey.current is Step.DONE
    for _ in range(30):  # Shift+Tab back to Back, then Space
        if QApplication.focusWidget() is window.back_button:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(window.back_button, Qt.Key.Key_Space)
    assert window.journey.current is Step.RECHECK


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("window_colour", ["#ffffff", "#efefef", "#353535", "#1e1e1e"])
def test_severity_colours_keep_contrast_on_light_and_dark_palettes(
    qtbot, window_colour: str
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from assistant.gui.wizard.widgets import COLOURS, colour

    before = QApplication.palette()
    palette = QPalette(before)
    palette.setColor(QPalette.ColorRole.Window, QColor(window_colour))
    QApplication.setPalette(palette)
    try:
        for level in COLOURS:
            assert contrast(colour(level), window_colour) >= 4.5, (level, window_colour)
    finally:
        QApplication.setPalette(before)


def room_left_empty(view) -> list[str]:  # type: ignore[no-untyped-def]
    """What in the progress view takes room and says nothing: a visible line without text,
    or a band under its last visible line (more than the box's own margin)."""
    from PySide6.QtWidgets import QLabel, QWidget

    shown = [w for w in view.findChildren(QWidget) if w.isVisibleTo(view)]
    found = [f"an empty line at y={w.y()}" for w in shown if isinstance(w, QLabel) and not w.text()]
    lowest = max(w.geometry().bottom() for w in shown)
    margin = view.layout().contentsMargins().bottom()
    if view.height() - lowest > margin + 4:
        found.append(f"{view.height() - lowest} px empty under the last line")
    return found


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_progress_view_is_tight_before_during_and_after_the_backup(
    qtbot, tmp_path: Path, tmp_path_factory, pick_folder: list[Path], lang: str
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the view showed its figure lines empty until the first report (and kept
    them after a backup that ended before one): a tall empty band under the bar."""
    from PySide6.QtWidgets import QApplication

    def laid_out() -> None:
        for _ in range(3):
            QApplication.processEvents()

    context, _profile = linux_pc(tmp_path, lang, big=64 * MIB)
    window, _dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    view, shots = page.progress, screenshot_folder(tmp_path_factory)
    seen: list[list[str]] = []

    def first_report(_progress: object) -> None:
        if not seen:
            seen.append([])  # (laying out delivers the next reports meanwhile)
            laid_out()
            seen[0] = room_left_empty(view) + clipped(window)
            assert view.size_line.isVisible() and view.files_line.isVisible()
            grab(window, shots, f"{lang}-5-backup-running-linux-snapshot")

    page.progress_shown.connect(first_report)
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        page.start()  # the files are counted first: no report yet
        # Busy, not "0 %", until the first report: looked at before the event loop runs
        # (a report comes through it; on a loaded machine one came while laying out).
        busy = view.bar.maximum() == 0
        laid_out()
        before = room_left_empty(view) + clipped(window)
    assert done.args[0].status == "completed"  # (asserted once it ended: never left running)
    assert before == [] and busy
    assert seen == [[]]
    laid_out()
    assert room_left_empty(view) == [] and clipped(window) == []
    assert view.bar.value() == 100 and not view.speed_line.isVisible()
    grab(window, shots, f"{lang}-5-backup-done-64mb-linux-snapshot")
