"""Shared fixtures. Tests never write outside tmp_path, never log to the user's log folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# CI runs the property tests with a fixed seed and no per-example deadline, so a run
# is reproducible and a loaded machine cannot fail it; locally they explore freely.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_main_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A GUI test runs under the GUI's own collector (``assistant/gui/gui_thread_gc.py``):
    its windows and pages hold reference cycles, and a collection on a job's worker thread
    would destroy Qt objects there, which crashes the process (a segfault seen once in CI,
    in read_data_file on a job's thread). The tests build their windows without
    ``run_gui``, so the collector is started here; stopped after the test, it collects
    what is left on the main thread, once the test's widgets are closed."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from assistant.gui.gui_thread_gc import GuiThreadCollector

    request.getfixturevalue("qapp")  # its timer needs the application
    collector = GuiThreadCollector()
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _private_log_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAIL_MIGRATION_ASSISTANT_LOG_DIR", str(tmp_path_factory.mktemp("logs")))


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from assistant.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path
