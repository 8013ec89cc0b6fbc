"""The command line ends without the interpreter's teardown, but only once nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from assistant.cli import leave

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_buffered_output_and_the_exit_code_survive_the_quick_end() -> None:
    script = (
        "import sys\n"
        "from assistant.cli import leave\n"
        "sys.stdout.write('x' * 200_000)\n"  # more than a buffer: some is still held
        "sys.stdout.write('end')\n"
        "sys.stderr.write('said')\n"
        "leave(4, ['report'])\n"
        "sys.stdout.write('never')\n"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    environ["PYTHONPATH"] = REPO
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, env=environ, check=False
    )
    assert done.returncode == 4
    assert done.stdout == b"x" * 200_000 + b"end"
    assert done.stderr == b"said"


def test_the_gui_keeps_its_teardown() -> None:
    """Qt and its settings end with the interpreter: no command, or ``gui``, returns."""
    assert leave(0, []) == 0
    assert leave(1, ["--lang", "ja", "gui"]) == 1


def test_a_thread_still_at_work_keeps_the_normal_exit() -> None:
    release = threading.Event()
    worker = threading.Thread(target=release.wait)  # not a daemon: the exit waits for it
    worker.start()
    try:
        assert leave(0, ["report"]) == 0
    finally:
        release.set()
        worker.join()
