"""What keeps the wizard's first page quick (``make bench-startup``) without changing what
the user gets: labels are plain text and selectable from the start, the title bar gets
minimise and maximise on the shown window, and nothing before the first page builds the
Python enums of the whole Qt namespace (PySide builds all ~90 on the first ``Qt.…``
value, some 30 ms: a label or window flag written as ``Qt.…`` would bring that back)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.i18n import Translator
from tests.wizard_support import make_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[1]


def test_label_property_values_are_qts_own(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from assistant.gui.wizard import widgets

    assert Qt.TextFormat.PlainText.value == widgets.PLAIN_TEXT
    assert Qt.TextInteractionFlag.TextSelectableByMouse.value == widgets.SELECTABLE_BY_MOUSE
    text = widgets.label("<b>not bold</b>")
    plain = widgets.label("x", selectable=False)
    qtbot.addWidget(text)
    qtbot.addWidget(plain)
    assert text.textFormat() == Qt.TextFormat.PlainText
    assert text.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert plain.textFormat() == Qt.TextFormat.PlainText
    assert not plain.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_the_shown_window_gets_minimise_and_maximise_in_place(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    window = make_window(qtbot, context, tmp_path)  # shown as run_gui shows it
    native = window.winId()

    def buttons() -> bool:
        flags = window.windowFlags()
        return bool(flags & Qt.WindowType.WindowMinMaxButtonsHint)

    qtbot.waitUntil(buttons)
    handle = window.windowHandle()
    assert handle.flags() & Qt.WindowType.WindowMinMaxButtonsHint
    assert not window.windowFlags() & Qt.WindowType.WindowContextHelpButtonHint
    assert window.isVisible() and window.winId() == native  # not hidden, not re-created


CHILD = r"""
import enum, json, os, sys
built = []
create = enum.EnumType._create_
def recording(cls, class_name, *args, **kwargs):
    built.append(class_name)
    return create(cls, class_name, *args, **kwargs)
enum.EnumType._create_ = recording
from PySide6.QtWidgets import QApplication
from assistant.app_context import AppContext, MachineChoice
from assistant.gui.app import make_application, make_wizard
from assistant.i18n import Translator
context = AppContext(MachineChoice(demo=True), Translator(sys.argv[1]))
app = make_application(context)
window = make_wizard(context)
window.show()
app.processEvents()
before = list(built)
window.add_window_buttons()
print(json.dumps({"before": before, "after": built[len(before):]}))
sys.stdout.flush()
os._exit(0)
"""


def fresh_start_env(tmp_path: Path, **more: str) -> dict[str, str]:
    """A fresh interpreter's environment as a user's start: offscreen, nothing remembered
    (empty settings), its log in ``tmp_path``."""
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        MAIL_MIGRATION_ASSISTANT_LOG_DIR=str(tmp_path / "logs"),
        **more,
    )


def child_says(code: str, env: dict[str, str], *args: str) -> Any:
    """Run ``code`` in a fresh interpreter; what its last line of output says (JSON)."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_first_page_does_not_build_the_qt_namespace(lang: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    enums = child_says(CHILD, env, lang)
    # WindowType, TextFormat and AlignmentFlag are three of the Qt namespace's enums:
    assert not {"WindowType", "TextFormat", "AlignmentFlag"} & set(enums["before"])
    # ...and they are built, all at once, by the first Qt value after the first page
    # (so this test notices if PySide stops building them through enum's functional API).
    assert {"WindowType", "TextFormat", "AlignmentFlag"} <= set(enums["after"])


QT_STRINGS_CHILD = r"""
import json, os, sys
from PySide6.QtCore import QCoreApplication, QSettings
from assistant.app_context import AppContext, MachineChoice
from assistant.gui import app as gui_app
from assistant.gui.wizard import window as wizard_window
from assistant.i18n import Translator

loaded = []
install = gui_app.install_qt_translations
def recording(app, language):
    loaded.append(language)
    install(app, language)
gui_app.install_qt_translations = recording

def stop_at_first_page(self):
    title = QCoreApplication.instance().applicationDisplayName()
    print(json.dumps({"loaded": loaded, "title": title}))
    sys.stdout.flush()
    os._exit(0)
wizard_window.WizardWindow.show = stop_at_first_page

QCoreApplication.setOrganizationName("MailMigrationAssistant")
QCoreApplication.setApplicationName("MailMigrationAssistant")
QSettings().setValue("language", "ja")  # chosen on the Welcome page last time
QSettings().sync()
gui_app.run_gui(AppContext(MachineChoice(demo=True), Translator("en")))
"""


def test_qts_own_strings_are_loaded_once_before_the_first_page(tmp_path: Path) -> None:
    """The language remembered from last time is known before Qt's translation is loaded:
    ``qtbase_ja.qm`` is read once, not once for the system language and again."""
    shown = child_says(QT_STRINGS_CHILD, fresh_start_env(tmp_path))
    assert shown["loaded"] == ["ja"]
    assert shown["title"] == Translator("ja")("gui.app_name")


def test_the_check_page_is_built_while_the_welcome_page_is_read(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only the Welcome page is built before the window shows; the page Next leads to is
    built right after, so the first Next shows it without importing and building it."""
    from PySide6.QtCore import QSettings

    from assistant.gui.wizard.window import WizardWindow
    from assistant.journey import Step
    from tests.wizard_support import press_primary

    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    settings = QSettings(str(tmp_path / "unshown.ini"), QSettings.Format.IniFormat)
    unshown = WizardWindow(context, settings)
    qtbot.addWidget(unshown)
    assert set(unshown.pages) == {Step.WELCOME}
    qtbot.waitUntil(lambda: unshown.pages[Step.WELCOME].organization is not None)  # its work
    window = make_window(qtbot, context, tmp_path)
    qtbot.waitUntil(lambda: Step.CHECK in window.pages)
    check = window.pages[Step.CHECK]
    assert not check.isVisible()
    press_primary(qtbot, window)
    assert window.journey.current is Step.CHECK and window.pages[Step.CHECK] is check
    assert check.isVisible() and window.header.text() == context.tr("wizard.title.check")


USER_START_CHILD = r"""
import json, os, sys
from assistant.cli import main
from assistant.cli.commands import gui as gui_command
run = gui_command.run

def run_until_first_page(args, session):
    from assistant.gui.wizard import window as wizard_window
    def stop_at_first_page(self):
        print(json.dumps({"page": self.journey.current, "modules": sorted(sys.modules)}))
        sys.stdout.flush()
        os._exit(0)
    wizard_window.WizardWindow.show = stop_at_first_page
    return run(args, session)

gui_command.run = run_until_first_page
sys.exit(main([]))
"""


def test_a_start_with_no_words_loads_only_what_the_first_page_needs(tmp_path: Path) -> None:
    """As the desktop's shortcut starts it: the GUI's command only, and no machine,
    diagnosis, matrix or backup code before the Welcome page (each is loaded with the
    work that needs it, after the page is on screen)."""
    env = fresh_start_env(tmp_path, LANG="ja_JP.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    started = child_says(USER_START_CHILD, env)
    assert started["page"] == "welcome"
    loaded = set(started["modules"])
    assert "assistant.cli.commands.gui" in loaded and "assistant.gui.wizard.window" in loaded
    commands = {m for m in loaded if m.startswith("assistant.cli.commands.")}
    assert commands == {"assistant.cli.commands.gui"}
    later = {"assistant.environment", "assistant.diagnose", "assistant.matrix", "tomllib"}
    assert not later & loaded
    assert not {m for m in loaded if m.startswith(("assistant.backup", "assistant.detect"))}
