"""The log file: what the GUI and Qt say goes there, never to the user's terminal, from
the program's first moment on (the GUI opens the file only after its first page).

Each case runs in a fresh interpreter: logging's handlers are the process's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The GUI started through the real command line, as a user or the helpdesk starts it
# (``python -m assistant --demo gui``); it ends itself once its log file is open, which
# is after its first page is on screen.
GUI_UNTIL_THE_LOG_OPENS = """
import sys
from PySide6.QtCore import QCoreApplication, QTimer
import assistant.logsetup as logsetup
from assistant.cli import main

open_log = logsetup.setup_logging

def open_then_end():
    path = open_log()
    QTimer.singleShot(0, lambda: QCoreApplication.exit(0))
    return path

logsetup.setup_logging = open_then_end
sys.exit(main(sys.argv[1:]))
"""


def python(code: str, *args: str, logs: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        MAIL_MIGRATION_ASSISTANT_LOG_DIR=str(logs),
        PYTHONPATH=str(REPO),
        PYTHONIOENCODING="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.gui
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_what_qt_says_before_the_log_opens_goes_to_the_log(tmp_path: Path, lang: str) -> None:
    """The offscreen platform says "does not support propagateSizeHints()" as the first
    page is shown, before the log file opens: it reached the terminal through logging's
    last resort."""
    run = python(GUI_UNTIL_THE_LOG_OPENS, "--demo", "--lang", lang, "gui", logs=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("", "")
    log = (tmp_path / "assistant.log").read_text(encoding="utf-8")
    assert "WARNING assistant.qt: This plugin does not support propagateSizeHints()" in log


HOLD_THEN_OPEN = """
import logging, sys
from assistant.logsetup import hold_log_records, setup_logging

log = logging.getLogger("assistant.test")
hold_log_records()
log.warning("first, before the file")
log.info("second, before the file")
print("opened" if setup_logging() else "not opened")
log.warning("third, after the file")
hold_log_records()  # too late to hold anything: records go straight to the file
log.warning("fourth")
print("again" if setup_logging() else "not again")
"""


def test_held_records_reach_the_file_in_order_once(tmp_path: Path) -> None:
    run = python(HOLD_THEN_OPEN, logs=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "opened\nagain\n", "")
    lines = (tmp_path / "assistant.log").read_text(encoding="utf-8").splitlines()
    said = [line.split("assistant.test: ", 1)[1] for line in lines]
    assert said == [
        "first, before the file",
        "second, before the file",
        "third, after the file",
        "fourth",
    ]


def test_a_log_folder_that_cannot_be_made_keeps_the_terminal_quiet(tmp_path: Path) -> None:
    """The user sees sentences, not logs: no file, and still nothing on the terminal."""
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    run = python(HOLD_THEN_OPEN, logs=blocked / "logs")
    assert (run.returncode, run.stdout, run.stderr) == (0, "not opened\nnot again\n", "")
