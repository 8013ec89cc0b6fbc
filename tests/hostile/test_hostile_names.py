"""§7 Output never crashes on names that are not valid UTF-8.

A PST named in Shift_JIS (old Japanese Windows) on a Linux disk: Python sees lone
surrogates. Under a normal desktop locale (strict UTF-8 stdout) report, verify and
backup --json must print everything: such names are shown as ``\\udcXX`` escapes, which
in JSON give the exact bytes back.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_snapshots import SJIS_PST, cli, windows_args, windows_snapshot


def _sjis_snapshot(tmp_path: Path) -> tuple[Path, Path, Path]:
    root, reg = windows_snapshot(tmp_path, [])
    folder = root / "Users" / "taro" / "Documents" / "Outlook Files"
    folder.mkdir(parents=True)
    pst = os.path.join(os.fsencode(folder), SJIS_PST)
    with open(pst, "wb") as f:
        f.write(b"!BDN" + b"\0" * 60)
    return root, reg, Path(os.fsdecode(pst))


def test_report_prints_an_undecodable_name_escaped_and_keeps_it_exact(tmp_path: Path) -> None:
    root, reg, pst = _sjis_snapshot(tmp_path)
    text = cli("--lang", "ja", *windows_args(root, reg), "report")
    assert text.code == 1
    assert "\\udc82\\udca0" in text.out  # あ = 0x82 0xA0 in Shift_JIS
    as_json = cli("--lang", "en", *windows_args(root, reg), "report", "--json")
    [store] = as_json.json()["data_stores"]
    assert os.fsencode(store["path"]) == os.fsencode(pst)
    assert os.fsencode(store["path"]).endswith(SJIS_PST)


def test_backup_and_verify_print_an_undecodable_name(tmp_path: Path) -> None:
    root, reg, _ = _sjis_snapshot(tmp_path)
    dest = tmp_path / "dest"
    dest.mkdir()
    backup = cli("--lang", "en", *windows_args(root, reg), "backup", "--dest", dest, "--json")
    assert backup.code == 0, backup.err
    result = backup.last_json()
    assert result["status"] == "completed"
    [folder] = dest.iterdir()
    copied = [p for p in os.listdir(os.fsencode(folder)) if p.endswith(b".pst")]
    assert copied == [SJIS_PST]
    (folder / os.fsdecode(SJIS_PST)).write_bytes(b"changed")
    verify = cli("--lang", "en", "verify", folder)
    assert verify.code == 1
    assert "changed: \\udc82\\udca0" in verify.out + verify.err
    verify_json = cli("--lang", "en", "verify", folder, "--json")
    assert [os.fsencode(p) for p in verify_json.last_json()["changed"]] == [SJIS_PST]


@pytest.mark.gui
def test_the_gui_saves_a_report_with_an_undecodable_name(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.app_context import AppContext, MachineChoice
    from assistant.gui import dialogs
    from assistant.i18n import Translator
    from tests.wizard_support import make_window

    root, reg, pst = _sjis_snapshot(tmp_path)
    machine = MachineChoice(root=str(root), platform="windows", registry=(str(reg),))
    window = make_window(qtbot, AppContext(machine, Translator("en")), tmp_path)
    window.open_report()  # the report runs the check itself
    dialog = window.report_dialog
    qtbot.waitUntil(lambda: bool(dialog.text.toPlainText()), timeout=30_000)
    for name, kind in (("r.txt", "Text (*.txt)"), ("r.json", "JSON (*.json)")):
        target = tmp_path / name
        monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, t=target, k=kind: (str(t), k))
        dialog.tabs.setCurrentIndex(1 if name.endswith(".json") else 0)
        with qtbot.waitSignal(dialog.buttons.saved) as saved:
            dialog.buttons.save_button.click()
        assert saved.args == [str(target)]  # saved, not "could not be saved"
    assert "\\udc82\\udca0" in (tmp_path / "r.txt").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert os.fsencode(data["data_stores"][0]["path"]) == os.fsencode(pst)
