"""Alt+letter reaches one widget: on every page, in Japanese and in English, the
mnemonics of what is visible at once (the page's buttons, labels with a buddy, group
titles, and the window's own Report/Back/Next buttons) are all different letters."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.i18n import Translator
from assistant.journey import STEPS, Step
from tests.test_wizard_states import thunderbird_pc
from tests.wizard_support import WAIT_MS, make_window, press_primary, wait_settled

pytestmark = pytest.mark.gui


def mnemonic(text: str) -> str | None:
    """The letter Alt reaches in a widget's text: ``(&H)`` in Japanese, ``&h`` in English
    (``&&`` is a written ampersand)."""
    found = re.search(r"&(\w)", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonics(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(letter, text) of each widget visible now whose text has a mnemonic."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    texts = [b.text() for b in window.findChildren(QAbstractButton) if b.isVisibleTo(window)]
    texts += [
        w.text()
        for w in window.findChildren(QLabel)
        if w.isVisibleTo(window) and w.buddy() is not None
    ]
    texts += [g.title() for g in window.findChildren(QGroupBox) if g.isVisibleTo(window)]
    return [(letter, text) for text in texts if (letter := mnemonic(text)) is not None]


def clashes(window) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = mnemonics(window)
    twice = {letter for letter, n in Counter(letter for letter, _ in found).items() if n > 1}
    return sorted(item for item in found if item[0] in twice)


def test_mnemonic_reads_the_letter_in_both_languages() -> None:
    assert mnemonic("保存先を変更(&H)…") == "h"
    assert mnemonic("C&hange destination…") == "h"
    assert mnemonic("Rules && alerts") is None
    assert mnemonic("Save && &close") == "c"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_of_the_demo_journey_has_each_mnemonic_once(
    qtbot, tmp_path: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    context = AppContext(MachineChoice(demo=True), Translator(lang))  # type: ignore[arg-type]
    window = make_window(qtbot, context, tmp_path)
    for step in STEPS:
        assert window.journey.current is step
        wait_settled(qtbot, window)
        if step is Step.CHOOSE:
            window.pages[step].rules_buttons[1].click()  # "do you use rules?" no
        assert clashes(window) == [], (lang, step)
        assert any(letter == "b" for letter, _ in mnemonics(window)), step  # Back counted
        if step is Step.BACKUP:
            page = window.pages[step]
            with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS):
                press_primary(qtbot, window)
            assert page.open_button.isVisible()
            assert clashes(window) == [], (lang, "backup done")
        if step is Step.DONE:
            break
        press_primary(qtbot, window)
    window.back_button.click()
    for step in (Step.RECHECK, Step.CHANGE, Step.BACKUP, Step.PREPARE, Step.CHOOSE):
        wait_settled(qtbot, window)
        assert clashes(window) == [], (lang, step, "back")
        window.back_button.click()
    window.journey.web_only = False
    window.back_button.click()
    wait_settled(qtbot, window)
    window.pages[Step.WELCOME].web_only.click()
    assert window.journey.current is Step.WEB_ONLY
    assert clashes(window) == [], (lang, Step.WEB_ONLY)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_thunderbird_switch_and_its_undo_have_each_mnemonic_once(
    qtbot, tmp_path: Path, lang: str
) -> None:  # type: ignore[no-untyped-def]
    context, _ini = thunderbird_pc(tmp_path, "115.6.0")
    context.set_language(lang)  # type: ignore[arg-type]
    window = make_window(qtbot, context, tmp_path)
    window.journey.diagnosis = context.diagnose()
    window.journey.chosen_app = "thunderbird"
    window.journey.current = Step.CHANGE
    window.show_step(Step.CHANGE)
    wait_settled(qtbot, window)
    page = window.pages[Step.CHANGE]
    assert window.primary_button.text() == context.tr("wizard.change.apply")
    assert clashes(window) == [], (lang, "preview")
    press_primary(qtbot, window)  # Apply
    qtbot.waitUntil(lambda: bool(window.journey.switched) and not page.working, timeout=WAIT_MS)
    assert page.undo_button.isVisible()
    assert clashes(window) == [], (lang, "switched")
