"""Starting the GUI: the application, Qt's own translations, the first window."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEventLoop,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from assistant.gui.diagnosis_window import DiagnosisWindow
from assistant.resources import resource_path

if TYPE_CHECKING:
    from assistant.app_context import AppContext


def make_application(session: AppContext) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("MailMigrationAssistant")
    app.setApplicationDisplayName(session.tr("gui.app_name"))
    app.setOrganizationName("MailMigrationAssistant")
    app.setWindowIcon(QIcon(str(resource_path("icons/mail-migration-assistant.png"))))
    install_qt_translations(app, session.tr.language)
    return app


def install_qt_translations(app: QApplication, language: str) -> None:
    """Load ``qtbase_<lang>.qm`` so Qt's own buttons and dialogs speak the user's language."""
    if language == "en":
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        app.installTranslator(translator)


log = logging.getLogger("assistant.qt")


def _qt_message_to_log(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own diagnostics go to our log file, not to the user's terminal."""
    level = (
        logging.DEBUG if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    )
    log.log(level, "%s", message)


def run_gui(session: AppContext) -> int:
    qInstallMessageHandler(_qt_message_to_log)
    app = make_application(session)
    window = DiagnosisWindow(session)
    window.show()
    window.start_diagnosis()
    return int(app.exec())


def smoke_test(session: AppContext) -> dict[str, Any]:
    """Start offscreen, show the first window, wait for the diagnosis, quit; return timings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    previous_handler = qInstallMessageHandler(_qt_message_to_log)
    started = time.perf_counter()
    app = make_application(session)
    window = DiagnosisWindow(session)
    window.show()
    app.processEvents()
    shown = time.perf_counter()
    timings: dict[str, Any] = {"window_shown_s": round(shown - started, 4), "ok": False}

    loop = QEventLoop()  # a local loop: quitting it leaves the application untouched

    def done() -> None:
        timings["diagnosis_s"] = round(time.perf_counter() - shown, 4)
        timings["ok"] = window.diagnosis is not None
        loop.quit()

    window.diagnosis_done.connect(done)
    limit = QTimer()
    limit.setSingleShot(True)
    limit.timeout.connect(loop.quit)
    limit.start(60_000)
    window.start_diagnosis()
    loop.exec()  # the result arrives as a queued signal, so never before this
    limit.stop()
    window.close()
    timings["total_s"] = round(time.perf_counter() - started, 4)
    qInstallMessageHandler(previous_handler)
    return timings
