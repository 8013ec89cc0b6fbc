"""The GUI as the frozen program's smoke check starts it, and the one place that opens
system settings pages (kept from the old diagnosis window's tests when it was removed)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.gui


def test_smoke_test_command(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("smoke-test", "--lang", "en")
    assert code == 0
    timings = json.loads(out)
    assert timings["ok"] is True and timings["window_shown_s"] >= 0


def test_only_known_settings_pages_open() -> None:
    from assistant.gui.open_guide import open_settings_page

    refused = open_settings_page("file:///Applications/Calculator.app")
    assert refused is not None and refused.key == "gui.settings_refused"
