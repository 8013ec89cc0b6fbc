"""The backup dialog, driven offscreen: a real backup of a real Thunderbird-like profile
found by detection on a snapshot, cancel, close while running, refusals."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from backup_support import backup_folder, snapshot, thunderbird_like_profile
from thunderbird_samples import write_profiles_ini

from assistant.backup.job import BackupResult
from assistant.backup.progress import Progress
from assistant.backup.verify import VerifyJob
from assistant.cli.session import Session
from assistant.i18n import Translator
from tests.test_gui import session_for

pytestmark = pytest.mark.gui

BIG = 192 * 1024 * 1024  # big enough that a cancel from the first report lands mid-copy


def thunderbird_session(tmp_path: Path, lang: str, big: int = 0) -> tuple[Session, Path]:
    """A Linux snapshot with Thunderbird 91 and one profile (the backup's source)."""
    session = session_for(tmp_path, lang)
    folder = tmp_path / "root" / "home" / "u" / ".thunderbird"
    profile = thunderbird_like_profile(folder, with_socket=False)
    write_profiles_ini(
        folder, f"[Profile0]\nName=default-release\nIsRelative=1\nPath={profile.name}\nDefault=1\n"
    )
    if big:
        block = os.urandom(1024 * 1024)
        with (profile / "ImapMail" / "big.mbox").open("wb") as f:
            for _ in range(big // len(block)):
                f.write(block)
    return session, profile


def open_dialog(qtbot, session: Session, link: str = "backup:"):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    from assistant.gui.diagnosis_window import DiagnosisWindow

    window = DiagnosisWindow(session)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.diagnosis_done, timeout=20_000):
        window.start_diagnosis()
    window.open_link(QUrl(link))
    dialog = window.backup_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.sources.text().endswith("…"), timeout=20_000)
    return window, dialog


def choose_destination(qtbot, dialog, monkeypatch, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Change… with the system folder picker answering ``folder``."""
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def pick(parent, title, start):  # type: ignore[no-untyped-def]
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", pick)
    with qtbot.waitSignal(dialog.preview_done, timeout=20_000):
        dialog.change_button.click()
    assert asked and dialog.dest_parent == folder


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_real_backup_from_the_dialog(qtbot, tmp_path: Path, monkeypatch, lang: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QThread
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QPushButton

    session, profile = thunderbird_session(tmp_path, lang)
    before = snapshot(profile)
    window, dialog = open_dialog(qtbot, session, "backup:0")
    html = window.details.toHtml()
    assert 'href="backup:0"' in html and 'href="backup:"' in html

    # What is backed up, with the plan's figures; the default under the snapshot's Documents.
    assert str(profile) in dialog.sources.text()
    assert ("ファイル7個" if lang == "ja" else "7 files") in dialog.sources.text()
    assert str(tmp_path / "root" / "home" / "u" / "Documents") in dialog.destination.text()
    dest = tmp_path / "backups"
    dest.mkdir()
    choose_destination(qtbot, dialog, monkeypatch, dest)
    assert str(dest) in dialog.destination.text()

    # Keyboard and screen readers.
    assert dialog.start_button.isDefault()
    for kind in (QPushButton, QLabel, QProgressBar):
        for widget in dialog.findChildren(kind):
            assert widget.accessibleName(), widget
    assert "&" not in dialog.start_button.accessibleName()

    shown: list[Progress] = []
    threads: set[bool] = set()

    def on_progress(progress: Progress) -> None:
        shown.append(progress)
        threads.add(QThread.currentThread() is QApplication.instance().thread())

    dialog.progress_shown.connect(on_progress)
    with qtbot.waitSignal(dialog.backup_done, timeout=60_000) as done:
        dialog.start_button.click()
    result = done.args[0]
    assert isinstance(result, BackupResult) and result.status == "completed"
    assert shown and shown[-1].files_done == shown[-1].files_total == 7
    assert threads == {True}  # the worker's reports were shown on the GUI thread only
    assert dialog.progress_box.bar.value() == 100
    backup = backup_folder(dest)
    assert result.backup_dir == backup
    text = dialog.result_text.text()
    assert str(backup) in text
    assert ("検証しました" if lang == "ja" else "Backup complete") in text
    assert (
        dialog.result_text.textInteractionFlags()
        & dialog.result_text.textInteractionFlags().TextSelectableByMouse
    )
    assert dialog.open_button.isVisible() and not dialog.start_button.isVisible()
    assert VerifyJob(backup).run().whole
    assert snapshot(profile) == before
    assert not [p for p in dest.iterdir() if p.name.endswith(".partial")]

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    dialog.open_button.click()
    assert opened == [str(backup)]

    # The window's button opens a fresh dialog for everything found.
    window.backup_button.click()
    assert window.backup_dialog is not None and window.backup_dialog is not dialog
    fresh = window.backup_dialog
    assert fresh.start_button.isVisible()
    qtbot.waitUntil(lambda: not fresh.sources.text().endswith("…"), timeout=20_000)


def test_cancel_from_the_first_progress_report(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session, profile = thunderbird_session(tmp_path, "en", big=BIG)
    before = snapshot(profile)
    _, dialog = open_dialog(qtbot, session)
    dest = tmp_path / "backups"
    choose_destination(qtbot, dialog, monkeypatch, dest)

    dialog.progress_shown.connect(lambda progress: dialog.cancel_button.click())
    with qtbot.waitSignal(dialog.backup_done, timeout=60_000) as done:
        dialog.start_button.click()
    result = done.args[0]
    assert isinstance(result, BackupResult)
    assert result.status == "cancelled" and result.partial_removed
    text = dialog.result_text.text()
    assert "was cancelled" in text and "was removed" in text and "failed" not in text
    assert not dest.exists() or not list(dest.iterdir())
    assert dialog.start_button.isVisible() and dialog.start_button.isDefault()
    assert not dialog.open_button.isVisible()
    assert snapshot(profile) == before


def test_escape_while_running_asks_then_cancels_and_closes(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from assistant.gui import dialogs

    session, profile = thunderbird_session(tmp_path, "ja", big=BIG)
    before = snapshot(profile)
    _, dialog = open_dialog(qtbot, session)
    dest = tmp_path / "backups"
    choose_destination(qtbot, dialog, monkeypatch, dest)
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_yes_no", lambda parent, title, text: asked.append(text) or True
    )

    def press_escape(progress: Progress) -> None:
        if not asked:
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    dialog.progress_shown.connect(press_escape)
    with qtbot.waitSignal(dialog.backup_done, timeout=60_000) as done:
        dialog.start_button.click()
    assert asked and "中止して閉じますか" in asked[0]
    assert done.args[0].status == "cancelled"
    assert not dialog.isVisible()
    assert not dest.exists() or not list(dest.iterdir())
    assert snapshot(profile) == before


def test_a_destination_inside_the_source_is_refused_with_the_sentence(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    session, profile = thunderbird_session(tmp_path, "en")
    before = snapshot(profile)
    _, dialog = open_dialog(qtbot, session)
    choose_destination(qtbot, dialog, monkeypatch, profile / "Mail")
    assert "is inside the source" in dialog.status.text()
    with qtbot.waitSignal(dialog.backup_done, timeout=20_000) as done:
        dialog.start_button.click()
    sentence = done.args[0]
    assert isinstance(sentence, str) and "is inside the source" in sentence
    assert dialog.result_text.text() == sentence and "Traceback" not in sentence
    assert dialog.start_button.isVisible()
    assert snapshot(profile) == before


def test_an_unexpected_error_names_the_log(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import backup_run
    from assistant.logsetup import log_file

    session, _ = thunderbird_session(tmp_path, "en")
    _, dialog = open_dialog(qtbot, session)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(backup_run, "plan_backup", broken)
    with qtbot.waitSignal(dialog.backup_done, timeout=20_000) as done:
        dialog.start_button.click()
    assert str(log_file()) in done.args[0] and "a bug" not in done.args[0]
    assert dialog.result_text.text() == done.args[0]


def test_nothing_to_back_up(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, dialog = open_dialog(qtbot, session_for(tmp_path, "ja"))
    assert "見つかりませんでした" in dialog.sources.text()
    assert not dialog.start_button.isEnabled()


def test_demo_backups_never_go_into_the_bundled_snapshot(qtbot) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui.backup_dialog import BackupDialog
    from assistant.resources import resource_root

    args = argparse.Namespace(
        demo=True, root=None, platform=None, home=None, registry=None, config=None, lang="en"
    )
    session = Session(args=args, tr=Translator("en"))
    dialog = BackupDialog(session, session.diagnose().facts)
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.preview_done, timeout=20_000).wait()
    bundled = resource_root().resolve()
    assert bundled not in dialog.dest_parent.resolve().parents
    assert len(dialog.requests) == 3  # two PSTs and the Thunderbird profile


def test_closing_the_window_while_backing_up_cancels_first(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs

    session, profile = thunderbird_session(tmp_path, "en", big=BIG)
    before = snapshot(profile)
    window, dialog = open_dialog(qtbot, session)
    window.show()
    dest = tmp_path / "backups"
    choose_destination(qtbot, dialog, monkeypatch, dest)
    answers = iter([False, True])  # "No" keeps it running; then "Yes"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_yes_no", lambda parent, title, text: asked.append(text) or next(answers)
    )

    def close_window(progress: Progress) -> None:
        if not asked:  # from the first report: No, then Yes
            window.close()
            assert window.isVisible() and dialog.running and not dialog.closing_when_done
            window.close()
            assert window.isVisible()  # never gone while the backup runs

    dialog.progress_shown.connect(close_window)
    with qtbot.waitSignal(dialog.backup_done, timeout=60_000) as done:
        dialog.start_button.click()
    assert len(asked) == 2 and done.args[0].status == "cancelled"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not dest.exists() or not list(dest.iterdir())
    assert snapshot(profile) == before


def test_osts_are_named_as_not_backed_up(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from assistant.detect.facts import DataStore, MachineFacts, PlatformInfo
    from assistant.gui.backup_dialog import BackupDialog

    session = session_for(tmp_path, "ja")
    pst, ost = tmp_path / "archive.pst", tmp_path / "taro@example.ost"
    pst.write_bytes(b"!BDN" + bytes(1020))
    ost.write_bytes(b"!BDN" + bytes(4092))
    facts = MachineFacts(platform=PlatformInfo(os="windows", version="10.0.22631"))
    facts.data_stores += [
        DataStore("outlook-windows", "pst", str(pst), 1024),
        DataStore("outlook-windows", "ost", str(ost), 4096),
    ]
    dialog = BackupDialog(session, facts)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_done, timeout=20_000):
        pass
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("（.ost）はサーバー上のメールのコピー" in t for t in texts)
    assert str(pst) in dialog.sources.text() and str(ost) not in dialog.sources.text()
    assert "1.0 KB" in dialog.sources.text()
