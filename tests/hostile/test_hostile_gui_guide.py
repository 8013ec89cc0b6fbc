"""§8 The GUI shows sentences and organisation texts as plain text; ``guide ID`` without
a display is a sentence, not Qt's abort (exit 134)."""

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


def test_plain_html_shows_exactly_the_characters() -> None:
    from assistant.gui.plain_text import plain_html

    assert plain_html(FAKE_BANNER + "\nx & y") == (
        "&lt;h1 style=&#x27;color:red&#x27;&gt;CALL 000-0000 NOW&lt;/h1&gt;<br>x &amp; y"
    )


@pytest.mark.gui
def test_an_error_naming_a_policy_value_is_not_rendered_as_markup(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from assistant.cli.parser import build_parser
    from assistant.cli.session import Session
    from assistant.gui.diagnosis_window import DiagnosisWindow
    from assistant.i18n import Translator

    tr = Translator("en")
    window = DiagnosisWindow(Session(args=build_parser(tr).parse_args(["--demo"]), tr=tr))
    qtbot.addWidget(window)
    error = DataFileError("error.data_file_key_value", file="org.toml", key="k", value=FAKE_BANNER)
    window._failed(error)  # what the diagnosis job reports when the policy file is bad
    assert "&lt;h1" in window.headline.text() and "<h1" not in window.headline.text()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    [box] = [b for b in boxes if b.isVisible()]
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert FAKE_BANNER in box.text()
    box.close()


@pytest.mark.gui
def test_organisation_texts_in_the_diagnosis_are_escaped(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.cli.parser import build_parser
    from assistant.cli.session import Session
    from assistant.gui.diagnosis_window import DiagnosisWindow
    from assistant.i18n import Translator

    config = tmp_path / "org.toml"
    config.write_text('[helpdesk]\nphone = "<h1>CALL 000-0000 NOW</h1>"\n')
    tr = Translator("en")
    args = build_parser(tr).parse_args(["--demo", "--config", str(config)])
    window = DiagnosisWindow(Session(args=args, tr=tr))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.diagnosis_done, timeout=30_000):
        window.start_diagnosis()
    assert window.diagnosis is not None
    # Shown as the characters it is made of: rendered as HTML, the tags would be gone.
    assert "<h1>CALL 000-0000 NOW</h1>" in window.details.toPlainText()
