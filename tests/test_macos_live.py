"""Live detection on a real Mac (the macos-latest CI job); skipped everywhere else.

Run with ``pytest -m macos_live``. Nothing here is simulated: the real
SystemVersion.plist, the real /System/Applications/Mail.app, the real privacy
protection of ~/Library/Mail.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.detect.apple import protected_folders
from assistant.detect.apple.mail import mail_bundle
from assistant.detect.machine import detect_machine
from assistant.environment import Environment

pytestmark = [
    pytest.mark.macos_live,
    pytest.mark.skipif(sys.platform != "darwin", reason="needs a real Mac"),
]


def test_live_detection_agrees_with_the_system() -> None:
    env = Environment.for_this_machine()
    facts = detect_machine(env)
    sw_vers = subprocess.run(
        ["sw_vers", "-productVersion"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert facts.platform.os == "macos"
    assert facts.platform.version == sw_vers
    assert not [p for p in facts.problems if p.message.key == "problem.detector_failed"]
    bundle = mail_bundle(env)
    assert bundle is not None and bundle.identifier == "com.apple.mail"
    try:
        protected_folders.list_folder(Path.home() / "Library" / "Mail")
    except PermissionError:
        assert facts.flags.get("macos_full_disk_access") == "denied"
    except FileNotFoundError:
        pass


def test_live_report_json(run_cli: Any) -> None:
    code, out, err = run_cli("report", "--json", "--lang", "en")
    assert code in (0, 1), err
    data = json.loads(out)
    assert data["platform"]["os"] == "macos"
    assert data["platform"]["version"]
    if data["flags"].get("macos_full_disk_access") == "denied":
        assert any(a["id"] == "macos.full_disk_access" and a["url"] for a in data["actions"])
