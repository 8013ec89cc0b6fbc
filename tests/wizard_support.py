"""Driving the wizard offscreen as a user does: press the primary button, wait for what
the page waits for, and keep a screenshot of every page (1024x768) as a test artifact.

Screenshots go to ``$WIZARD_SCREENSHOTS`` when set, else to a ``wizard-screenshots``
folder under pytest's base temporary folder (printed by the tests that write them).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from assistant.app_context import AppContext
from assistant.journey import Step

WAIT_MS = 60_000


def screenshot_folder(tmp_path_factory: Any) -> Path:
    chosen = os.environ.get("WIZARD_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.getbasetemp() / "wizard-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_window(qtbot: Any, context: AppContext, tmp_path: Path) -> Any:
    from PySide6.QtCore import QSettings

    from assistant.gui.app import show_first_page
    from assistant.gui.wizard.window import WizardWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = WizardWindow(context, settings)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    show_first_page(window)
    qtbot.waitExposed(window)
    return window


def settled(window: Any) -> bool:
    """The current page waits for nothing any more (its work off the GUI thread is done)."""
    step = window.journey.current
    page = window.pages[step]
    if step is Step.WELCOME:
        return page.organization is not None
    if step is Step.CHECK:
        return window.journey.diagnosis is not None or window.check_failure is not None
    if step is Step.PREPARE:
        return page.running is not None and (page.plan is not None or page.refusal is not None)
    if step is Step.BACKUP:
        return not page.running
    if step is Step.CHANGE:
        if page.switching:
            return page.plans is not None and not page.working
        return page.summary is not None or page.guide_key() is None
    if step is Step.RECHECK:
        return not page.checking and (
            window.journey.recheck is not None or page.failure is not None
        )
    return True


def wait_settled(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)


def press_primary(qtbot: Any, window: Any) -> None:
    """Enter on the window: the default (primary) button."""
    from PySide6.QtCore import Qt

    qtbot.waitUntil(window.primary_button.isEnabled, timeout=WAIT_MS)
    window.primary_button.setFocus()
    qtbot.keyClick(window.primary_button, Qt.Key.Key_Return)


def walk_to(qtbot: Any, window: Any, step: Step) -> None:
    """Press the primary button page by page as a user does until ``step`` shows: the
    backup made on Back up, "no" to Outlook's sorting rules. The journey then has the back
    stack a user has (a page opened by setting ``journey.current`` has none: its Back
    button is disabled, as no user ever sees it)."""
    from assistant.gui.wizard.page_backup import BackupPage

    journey = window.journey
    while journey.current is not step:
        wait_settled(qtbot, window)
        page = window.pages[journey.current]
        if journey.current is Step.CHOOSE and journey.chosen_app == "outlook-windows":
            page.rules_buttons[1].click()
        if isinstance(page, BackupPage) and journey.needs_backup(journey.chosen_app):
            with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS):
                press_primary(qtbot, window)
            assert not journey.needs_backup(journey.chosen_app), page.result.text()
        press_primary(qtbot, window)


def grab(window: Any, folder: Path | None, name: str) -> None:
    if folder is not None:
        assert window.grab().save(str(folder / f"{name}.png"))


def visible_texts(window: Any) -> list[str]:
    """Every text a user sees now: labels, buttons, group titles, the step list."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and widget.text():
            texts.append(widget.text())
    for box in window.findChildren(QGroupBox):
        if box.isVisibleTo(window) and box.title():
            texts.append(box.title())
    return texts


def clipped(window: Any) -> list[str]:
    """What the user cannot read whole on the current page: a sideways scroll bar, a
    wrapped label shorter than its text, a one-line label or a button narrower than it."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    problems = []
    frame = window._frames[window.journey.current]
    if frame.horizontalScrollBar().isVisible():
        problems.append("the page scrolls sideways")
    for widget in window.findChildren(QLabel):
        if not widget.isVisibleTo(window) or not widget.text() or widget.width() <= 1:
            continue
        needed = widget.fontMetrics().horizontalAdvance(widget.text())
        if widget.wordWrap() and widget.height() < widget.heightForWidth(widget.width()):
            problems.append(f"cut off at the bottom: {widget.text()!r}")
        # (an elided file name carries the whole name in its tooltip)
        elif not widget.wordWrap() and not widget.toolTip() and needed > widget.width():
            problems.append(f"cut off at the side: {widget.text()!r}")
    for button in window.findChildren(QAbstractButton):
        shown = button.isVisibleTo(window) and button.text()
        if shown and button.sizeHint().width() > button.width() + 1:
            problems.append(f"button too narrow: {button.text()!r}")
    return problems


def outlook_change_page(qtbot: Any, tmp_path: Path, lang: str = "en") -> tuple[Any, Any]:
    """The demo's Change page for Outlook (sorting rules used): the window and the page."""
    from assistant.app_context import MachineChoice
    from assistant.i18n import Translator

    context = AppContext(MachineChoice(demo=True), Translator(lang))
    window = make_window(qtbot, context, tmp_path)
    window.journey.diagnosis = context.diagnose()
    window.journey.chosen_app = "outlook-windows"
    window.journey.uses_rules = True
    window.journey.current = Step.CHANGE
    window.show_step(Step.CHANGE)
    wait_settled(qtbot, window)
    return window, window.pages[Step.CHANGE]
