"""The live ``winreg`` reader on a real Windows PC (the CI's windows-latest runner).

It writes a small tree under ``HKCU\\Software\\MailMigrationAssistantTest`` with every
value type detection reads, reads it back through :class:`LiveRegistry`, runs the
whole live detection once, and removes the tree. Skipped on other systems.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [
    pytest.mark.windows_live,
    pytest.mark.skipif(sys.platform != "win32", reason="needs the live Windows registry"),
]

TEST_KEY = "Software\\MailMigrationAssistantTest"
ACCOUNT = TEST_KEY + "\\Profiles\\テスト\\9375CFF0413111d3B88A00104B2A6676\\00000001"
POP3 = "{ED475411-B0D6-11D2-8C3B-00104B2A6676}"


def _delete_tree(winreg: Any, root: Any, path: str) -> None:
    try:
        with winreg.OpenKey(root, path, 0, winreg.KEY_ALL_ACCESS) as key:
            while True:
                try:
                    child = winreg.EnumKey(key, 0)
                except OSError:
                    break
                _delete_tree(winreg, root, f"{path}\\{child}")
    except FileNotFoundError:
        return
    winreg.DeleteKey(root, path)


@pytest.fixture
def test_tree() -> Iterator[None]:
    import winreg

    root = winreg.HKEY_CURRENT_USER
    _delete_tree(winreg, root, TEST_KEY)
    with winreg.CreateKeyEx(root, ACCOUNT, 0, winreg.KEY_WRITE) as key:
        winreg.SetValueEx(key, "clsid", 0, winreg.REG_SZ, POP3)
        winreg.SetValueEx(
            key, "Email", 0, winreg.REG_BINARY, "太郎@example.jp\0".encode("utf-16-le")
        )
        winreg.SetValueEx(key, "POP3 Port", 0, winreg.REG_DWORD, 995)
        winreg.SetValueEx(key, "Big", 0, winreg.REG_QWORD, 2**40)
        winreg.SetValueEx(key, "List", 0, winreg.REG_MULTI_SZ, ["a", "二"])
        winreg.SetValueEx(key, "Folder", 0, winreg.REG_EXPAND_SZ, "%USERPROFILE%\\x")
        winreg.SetValueEx(key, "", 0, winreg.REG_SZ, "default")
    try:
        yield
    finally:
        _delete_tree(winreg, root, TEST_KEY)


def test_live_reader_reads_every_type(test_tree: None) -> None:
    from assistant.detect.registry.live import LiveRegistry

    registry = LiveRegistry()
    key = registry.open("HKCU\\" + ACCOUNT)
    assert key is not None
    assert key.text("clsid") == POP3
    assert key.text("Email") == "太郎@example.jp"
    assert key.number("POP3 Port") == 995
    assert key.number("Big") == 2**40
    assert key.value("List").data == ("a", "二")
    assert key.text("Folder") == "%USERPROFILE%\\x"
    assert key.text("") == "default"
    assert key.value("absent") is None
    parent = registry.open("HKEY_CURRENT_USER\\" + TEST_KEY + "\\Profiles")
    assert parent is not None and parent.subkey_names() == ["テスト"]
    assert parent.subkey("テスト\\9375CFF0413111d3B88A00104B2A6676\\00000001") is not None
    assert registry.open("HKCU\\" + TEST_KEY + "\\Missing") is None
    # HKCU\Software is shared by both views: found once.
    assert [view for view, _ in registry.open_views("HKCU\\" + TEST_KEY)] == ["64"]


def test_live_detection_runs_end_to_end() -> None:
    from assistant.detect.machine import detect_machine
    from assistant.detect.registry import registry_for
    from assistant.environment import Environment

    env = Environment.for_this_machine()
    assert registry_for(env).source == "live"
    facts = detect_machine(env)
    assert facts.platform.os == "windows"
    assert facts.platform.name is not None and facts.platform.name.startswith("Windows")
    assert facts.platform.version is not None
    assert [p for p in facts.problems if p.message.key == "problem.detector_failed"] == []
