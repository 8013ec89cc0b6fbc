"""Starting the GUI: the application, Qt's own translations, the first window."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from assistant.errors import AssistantError
from assistant.gui.gui_thread_gc import GuiThreadCollector
from assistant.i18n import catalog
from assistant.logsetup import hold_log_records
from assistant.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from assistant.app_context import AppContext
    from assistant.gui.wizard.window import WizardWindow


def make_application(session: AppContext, *, remembered: bool = False) -> QApplication:
    """The application, in the session's language (``remembered``: the one chosen on the
    Welcome page last time, read from the settings the names here locate); Qt's own
    strings are loaded once, in that language."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("MailMigrationAssistant")
    app.setOrganizationName("MailMigrationAssistant")
    if remembered:
        remembered_language(session)
    app.setApplicationDisplayName(session.tr("gui.app_name"))
    install_qt_translations(app, session.tr.language)
    return app


def add_application_icon() -> None:
    """The icon of every window (a shown one takes it at once), set once the first page is
    on screen: QIcon's Python enums and reading the PNG cost the first page some 3.5 ms."""
    from PySide6.QtGui import QIcon

    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setWindowIcon(QIcon(str(resource_path("icons/mail-migration-assistant.png"))))


_qt_translator: QTranslator | None = None


def install_qt_translations(app: QApplication, language: str) -> None:
    """Load ``qtbase_<lang>.qm`` so Qt's own buttons and dialogs speak the user's language
    (again on a live language switch: the previous one is removed first)."""
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator.deleteLater()
        _qt_translator = None
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        app.installTranslator(translator)
        _qt_translator = translator


log = logging.getLogger("assistant.qt")


def _qt_message_to_log(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own diagnostics go to our log file, not to the user's terminal."""
    from PySide6.QtCore import QtMsgType  # its Python enum is built at the first message

    level = (
        logging.DEBUG if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    )
    log.log(level, "%s", message)


def remembered_language(context: AppContext) -> None:
    """The language chosen on the Welcome page last time (QSettings), unless --lang."""
    from PySide6.QtCore import QSettings

    from assistant.i18n import LANGUAGES

    choice = QSettings().value("language", "system")
    if choice in LANGUAGES:
        context.set_language(choice)


def make_wizard(context: AppContext) -> WizardWindow:
    from assistant.gui.wizard.excepthook import install_excepthook
    from assistant.gui.wizard.window import WizardWindow

    window = WizardWindow(context)

    def describe() -> tuple[str, str, str, str]:
        from assistant.logsetup import log_file

        tr = context.tr
        return (
            tr("error.unexpected", log=str(log_file())),
            window.contact_line(),
            tr("wizard.report.copy"),
            tr("wizard.report.copied"),
        )

    install_excepthook(describe)
    return window


NEXT_PAGE_AFTER_MS = 150  # the first page painted (and the organisation asked for) first


def show_first_page(window: WizardWindow) -> None:
    """Show the window; what the first page need not wait for comes right after."""
    window.show()
    QTimer.singleShot(0, window.add_window_buttons)
    QTimer.singleShot(0, add_application_icon)
    QTimer.singleShot(NEXT_PAGE_AFTER_MS, window.build_next_page)
    # The rest of the messages (the first page read 3 of the catalog's 17 files), read
    # while the user reads, not at the first Next (some 3 ms there).
    QTimer.singleShot(NEXT_PAGE_AFTER_MS, catalog)


def _start_log() -> None:
    from assistant.logsetup import setup_logging

    setup_logging()


def run_gui(context: AppContext, *, explicit_language: bool = False) -> int:
    from assistant.gui.display import display_available

    if not display_available():  # Qt would abort the program (exit 134) without a word
        _start_log()  # the sentence's record goes to the log file, not to the terminal
        raise AssistantError("hostile.error.no_display_gui")
    hold_log_records()  # Qt's first messages wait for the log file, not on the terminal
    qInstallMessageHandler(_qt_message_to_log)
    app = make_application(context, remembered=not explicit_language)
    collector = GuiThreadCollector()  # Python's garbage collected on this thread only
    window = make_wizard(context)
    show_first_page(window)
    QTimer.singleShot(0, collector.freeze_start)  # what the first page's start built
    QTimer.singleShot(0, _start_log)  # the log file, once the first page is on screen
    # Detection starts in the background once the first page is painted.
    QTimer.singleShot(300, window.start_check)
    return int(app.exec())  # the collector collects until the program ends


def smoke_test(context: AppContext) -> dict[str, Any]:
    """Start offscreen, show the first page, run the check, quit; return timings."""
    from PySide6.QtCore import QEventLoop  # here only: its type costs the first page 1.5 ms

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    previous_handler = qInstallMessageHandler(_qt_message_to_log)
    previous_hook = sys.excepthook
    started = time.perf_counter()
    app = make_application(context)
    collector = GuiThreadCollector()
    window = make_wizard(context)
    show_first_page(window)
    app.processEvents()
    shown = time.perf_counter()
    collector.freeze_start()
    timings: dict[str, Any] = {
        "window_shown_s": round(shown - started, 4),
        "first_page": str(window.journey.current),
        "ok": False,
    }

    loop = QEventLoop()  # a local loop: quitting it leaves the application untouched

    def done() -> None:
        timings["diagnosis_s"] = round(time.perf_counter() - shown, 4)
        timings["ok"] = window.journey.diagnosis is not None and window.isVisible()
        loop.quit()

    window.diagnosis_ready.connect(done)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    limit.start(60_000)
    window.start_check()
    loop.exec()  # the result arrives as a queued signal, so never before this
    limit.stop()
    window.close()
    collector.stop()  # the command line's collector again, as before the start
    timings["total_s"] = round(time.perf_counter() - started, 4)
    qInstallMessageHandler(previous_handler)
    sys.excepthook = previous_hook
    return timings
