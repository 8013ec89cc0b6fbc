"""The wizard on this machine with a profile the real Thunderbird made: Prepare waits for
the running Thunderbird to quit, a real backup, the switch refused while Thunderbird runs,
Apply, Undo and Apply again from the GUI, the re-check ticks every account, and then the
real Thunderbird starts on the result and keeps it (authMethod 10, no Invalidprefs.js)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.detect.thunderbird.prefs import parse_prefs
from assistant.i18n import Translator
from assistant.journey import Step
from tests import test_thunderbird_real
from tests.test_thunderbird_real import (
    REJECTED,
    THUNDERBIRD,
    _profile_of,
    _read,
    thunderbird,
    wait_until,
)
from tests.wizard_support import (
    WAIT_MS,
    grab,
    make_window,
    press_primary,
    screenshot_folder,
    wait_settled,
)

# The fixtures, by name: a home whose profile the real Thunderbird made, a private copy.
thunderbird_home = test_thunderbird_real.thunderbird_home
home = test_thunderbird_real.home
pytestmark = [
    pytest.mark.gui,
    pytest.mark.thunderbird,
    pytest.mark.skipif(THUNDERBIRD is None, reason="thunderbird is not on PATH"),
]


def auth_methods(profile: Path) -> dict[str, object]:
    values = parse_prefs((profile / "prefs.js").read_bytes()).values()
    return {
        key: values.get(f"mail.{key}.authMethod")
        for key in ("server.server1", "smtpserver.smtp1", "server.server2")
    }


def test_the_thunderbird_journey_with_the_real_thunderbird(
    qtbot, home: Path, tmp_path: Path, tmp_path_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs

    shots = screenshot_folder(tmp_path_factory)

    profile = _profile_of(home)
    dest = tmp_path / "backups"
    dest.mkdir()
    monkeypatch.setattr(dialogs, "ask_folder", lambda *a: str(dest))
    context = AppContext(MachineChoice(), Translator("en"))  # this machine, HOME = the copy
    window = make_window(qtbot, context, tmp_path)
    wait_settled(qtbot, window)
    press_primary(qtbot, window)  # Check
    wait_settled(qtbot, window)
    assert "thunderbird" in window.journey.candidates()
    press_primary(qtbot, window)  # Choose
    window.journey.chosen_app = "thunderbird"
    window.pages[Step.CHOOSE].show_state()
    press_primary(qtbot, window)  # Prepare
    prepare = window.pages[Step.PREPARE]
    assert window.journey.current is Step.PREPARE

    with thunderbird(home, profile):
        qtbot.waitUntil(lambda: prepare.app_open is True, timeout=WAIT_MS)
        assert "is open" in prepare.app_state.text()
        assert not window.primary_button.isEnabled()
        grab(window, shots, "en-4-prepare-thunderbird-open")
    # Thunderbird quit: the page notices by itself and Next comes back.
    qtbot.waitUntil(window.primary_button.isEnabled, timeout=WAIT_MS)
    assert "is closed" in prepare.app_state.text()
    prepare.change_button.click()  # the folder picker answers ``dest``
    qtbot.waitUntil(lambda: prepare.plan is not None, timeout=WAIT_MS)
    press_primary(qtbot, window)  # Back up
    backup = window.pages[Step.BACKUP]
    with qtbot.waitSignal(backup.backup_done, timeout=WAIT_MS):
        press_primary(qtbot, window)
    assert backup.outcome is not None and backup.outcome.status == "completed"
    assert window.journey.backups and window.journey.backups[0].folder.startswith(str(dest))

    press_primary(qtbot, window)  # Change
    change = window.pages[Step.CHANGE]
    wait_settled(qtbot, window)
    preview = change.steps.text()
    assert "outlook.office365.com" in preview and "smtp.office365.com" in preview
    assert "gmail" not in preview  # only the organisation's servers change
    assert window.primary_button.text() == "&Apply"
    grab(window, shots, "en-6-change-thunderbird-preview")
    before = (profile / "prefs.js").read_bytes()

    with thunderbird(home, profile):  # refused while Thunderbird runs: nothing written
        press_primary(qtbot, window)
        qtbot.waitUntil(lambda: not change.working and bool(change.result_text), timeout=WAIT_MS)
        assert "Quit Thunderbird" in change.result_text
        assert change.error.isVisible() and "Quit Thunderbird" in change.error.sentence.text()
        assert window._error_panel is None or not window._error_panel.isVisible()  # once
    assert parse_prefs((profile / "prefs.js").read_bytes()).values() == (
        parse_prefs(before).values()
    )
    assert change.result_text.endswith("press Apply again.")
    press_primary(qtbot, window)  # Apply (though the quitting Thunderbird rewrote prefs.js)
    qtbot.waitUntil(lambda: bool(window.journey.switched), timeout=WAIT_MS)
    assert auth_methods(profile) == {
        "server.server1": 10,
        "smtpserver.smtp1": 10,
        "server.server2": 4,
    }
    assert change.undo_button.isVisible()
    change.undo_button.click()
    qtbot.waitUntil(lambda: not window.journey.switched and not change.working, timeout=WAIT_MS)
    wait_settled(qtbot, window)
    assert auth_methods(profile)["smtpserver.smtp1"] == 3
    assert auth_methods(profile)["server.server1"] is None
    press_primary(qtbot, window)  # Apply again
    qtbot.waitUntil(lambda: bool(window.journey.switched), timeout=WAIT_MS)
    wait_settled(qtbot, window)
    assert window.primary_button.text() == "&Next"
    grab(window, shots, "en-6-change-thunderbird-applied")

    press_primary(qtbot, window)  # Check again
    wait_settled(qtbot, window)
    recheck = window.pages[Step.RECHECK]
    ticked = [line.text() for line in recheck.lines if line.isVisibleTo(window)]
    assert ticked and all(text.startswith("✓") for text in ticked)
    assert any("outlook.office365.com" in t for t in ticked)
    grab(window, shots, "en-7-recheck-thunderbird")
    press_primary(qtbot, window)  # Done
    done = "\n".join(t.text() for t in window.pages[Step.DONE].texts.values())
    assert "switched to OAuth2" in done and str(dest) in done

    ours = (profile / "prefs.js").read_bytes()
    with thunderbird(home, profile):
        wait_until(lambda: _read(profile / "prefs.js") not in (ours, b""), "rewrite prefs.js")
    assert auth_methods(profile) == {
        "server.server1": 10,
        "smtpserver.smtp1": 10,
        "server.server2": 4,
    }
    assert not [name for name in REJECTED if (profile / name).exists()]
