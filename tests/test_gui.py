"""The diagnosis window, driven offscreen with pytest-qt on a real snapshot."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assistant.cli.session import Session
from assistant.i18n import Translator
from tests.conftest import write

pytestmark = pytest.mark.gui


def session_for(tmp_path: Path, lang: str) -> Session:
    root = tmp_path / "root"
    write(
        root / "usr/lib/thunderbird/application.ini", "[App]\nName=Thunderbird\nVersion=91.13.0\n"
    )
    (root / "home" / "u").mkdir(parents=True)
    args = argparse.Namespace(
        demo=False,
        root=str(root),
        platform="linux",
        home=None,
        registry=None,
        config=None,
        lang=lang,
    )
    return Session(args=args, tr=Translator(lang))  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_window_shows_the_diagnosis_and_saves_the_report(
    qtbot, tmp_path: Path, monkeypatch, lang: str
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs
    from assistant.gui.diagnosis_window import DiagnosisWindow

    window = DiagnosisWindow(session_for(tmp_path, lang))
    qtbot.addWidget(window)
    window.show()
    assert not window.save_button.isEnabled()  # nothing to save before the diagnosis
    with qtbot.waitSignal(window.diagnosis_done, timeout=20_000):
        window.start_diagnosis()
    assert window.diagnosis is not None
    assert window.save_button.isEnabled()
    joined = window.details.toPlainText()
    assert "Thunderbird" in joined and "91.13.0" in joined
    assert ("更新が必要" if lang == "ja" else "update required") in joined
    assert "0568-51-4371" in joined

    target = tmp_path / "report.json"
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: (str(target), "JSON (*.json)"))
    window.save_report()
    saved = json.loads(target.read_text("utf-8"))
    assert saved["apps"][0]["verdict"] == "update_required"
    assert saved["language"] == lang


def test_save_failure_is_a_message_not_a_crash(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs
    from assistant.gui.diagnosis_window import DiagnosisWindow

    window = DiagnosisWindow(session_for(tmp_path, "en"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.diagnosis_done, timeout=20_000):
        window.start_diagnosis()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    window.write_report(tmp_path / "no-such-folder" / "r.txt", as_json=False)
    assert len(shown) == 1 and "no-such-folder" in shown[0]


def test_smoke_test_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("smoke-test", "--lang", "en")
    assert code == 0
    timings = json.loads(out)
    assert timings["ok"] is True and timings["window_shown_s"] >= 0


def test_guide_links_open_the_matching_guide(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QUrl

    from assistant.gui import dialogs, open_guide
    from assistant.gui.diagnosis_window import DiagnosisWindow

    args = argparse.Namespace(
        demo=True, root=None, platform=None, home=None, registry=None, config=None, lang="ja"
    )
    window = DiagnosisWindow(Session(args=args, tr=Translator("ja")))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.diagnosis_done, timeout=20_000):
        window.start_diagnosis()
    html = window.details.toHtml()
    assert 'href="guide:outlook-2016?rules"' in html and 'href="guide:thunderbird"' in html
    opened: list[tuple[str, bool, str]] = []
    monkeypatch.setattr(
        open_guide,
        "open_guide",
        lambda key, lang, org: opened.append((key.guide_id, key.rules, lang)),
    )
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    window.open_link(QUrl("guide:outlook-2016?rules"))
    window.open_link(QUrl("guide:thunderbird"))
    window.open_link(QUrl("guide:../../etc/passwd"))  # not a guide: ignored
    window.open_link(QUrl("file:///etc/passwd"))  # not a link of ours: ignored
    assert opened == [("outlook-2016", True, "ja"), ("thunderbird", False, "ja")]
    assert shown == []


def test_only_known_settings_pages_open() -> None:
    from assistant.gui.open_guide import open_settings_page

    refused = open_settings_page("file:///Applications/Calculator.app")
    assert refused is not None and refused.key == "gui.settings_refused"


def test_an_unexpected_diagnosis_error_is_told_and_its_traceback_logged(
    qtbot, tmp_path: Path, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs
    from assistant.gui.diagnosis_window import DiagnosisWindow
    from assistant.logsetup import log_file

    session = session_for(tmp_path, "en")

    def broken() -> None:
        raise RuntimeError("detector exploded")

    monkeypatch.setattr(session, "diagnose", broken)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    window = DiagnosisWindow(session)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.diagnosis_done, timeout=20_000):
        window.start_diagnosis()
    assert shown and str(log_file()) in shown[0] and "Traceback" not in shown[0]
    assert "detector exploded" in caplog.text and "RuntimeError" in caplog.text
    assert window.refresh_button.isEnabled()
