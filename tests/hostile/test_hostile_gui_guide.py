"""§8 The GUI shows sentences and organisation texts as plain text (widgets set to plain
text: the wizard has no rich-text view); ``guide ID`` without a display is a sentence, not
Qt's abort (exit 134)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_snapshots import cli

from assistant.errors import DataFileError

FAKE_BANNER = "<h1 style='color:red'>CALL 000-0000 NOW</h1>"


def test_guide_without_a_display_is_a_sentence() -> None:
    no_display = {name: "" for name in ("DISPLAY", "WAYLAND_DISPLAY")}
    run = cli("--lang", "en", "guide", "thunderbird", env=no_display)
    assert run.code == 1  # not 134 (SIGABRT): Qt is never asked to start without a display
    assert run.err.startswith("There is no display to open the guide on. The guide is ")
    printed = cli("--lang", "en", "guide", "thunderbird", "--print", env=no_display)
    assert printed.code == 0 and printed.out.strip().endswith(".pdf")


def test_the_gui_without_a_display_is_a_sentence() -> None:
    no_display = {name: "" for name in ("DISPLAY", "WAYLAND_DISPLAY")}
    for command in ((), ("gui",)):
        run = cli("--lang", "en", *command, env=no_display)
        assert run.code == 1  # not 134 (SIGABRT)
        assert run.err.startswith("There is no display to show the assistant on.")


@pytest.mark.gui
def test_an_error_naming_a_policy_value_is_shown_as_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from assistant.app_context import AppContext, MachineChoice
    from assistant.i18n import Translator
    from tests.wizard_support import make_window

    config = tmp_path / "org.toml"
    config.write_text('[helpdesk]\nphone = "<h1>CALL 000-0000 NOW</h1>"\n')
    context = AppContext(MachineChoice(demo=True, config=str(config)), Translator("en"))
    window = make_window(qtbot, context, tmp_path)
    assert "<h1>" in context.organization.helpdesk.phone
    error = DataFileError("error.data_file_key_value", file="org.toml", key="k", value=FAKE_BANNER)
    sentence = window.show_error(error)
    panel = window.error_panel
    for widget, text in ((panel.sentence, sentence), (panel.contact, window.contact_line())):
        assert widget.textFormat() == Qt.TextFormat.PlainText  # never rendered as markup
        assert widget.text() == text
    assert FAKE_BANNER in panel.sentence.text()
    assert "<h1>CALL 000-0000 NOW</h1>" in panel.contact.text()
