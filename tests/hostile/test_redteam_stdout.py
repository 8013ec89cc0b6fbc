"""Red-team cases for standard output: a full disk, a closed stream, a reader that stops.
Each was "an unexpected error happened" (a traceback in the log); now one sentence and
the command's failure code, and never Python's own "Exception ignored" at exit."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_snapshots import REPO, TIMEOUT

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="a device node needs root (mknod)"
)


def _run(
    args: list[str], stdout: int, preexec: Callable[[], None] | None = None
) -> tuple[int, str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON", "QT_"))}
    environ.update({"LANG": "C.UTF-8", "PYTHONPATH": str(REPO)})
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--lang", "en", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        preexec_fn=preexec,  # closes fd 1 in the child only
        env=environ,
        cwd=REPO,
        timeout=TIMEOUT,
        check=False,
    )
    return done.returncode, done.stderr.decode("utf-8")


COMMANDS = [
    (["--demo", "report"], 3),
    (["--demo", "report", "--format", "csv"], 3),
    (["check", "thunderbird", "102.1.0"], 1),
]


@needs_root
@pytest.mark.parametrize(("args", "failure"), COMMANDS)
def test_a_full_disk_on_stdout_is_one_sentence(
    tmp_path: Path, args: list[str], failure: int
) -> None:
    full = tmp_path / "full"
    os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))  # like /dev/full, in tmp_path
    fd = os.open(full, os.O_WRONLY)
    try:
        code, err = _run(args, fd)
    finally:
        os.close(fd)
    assert code == failure
    assert err == "The result could not be written to standard output (No space left on device).\n"


@pytest.mark.parametrize(("args", "failure"), COMMANDS)
def test_a_closed_stdout_is_one_sentence(args: list[str], failure: int) -> None:
    code, err = _run(args, subprocess.DEVNULL, preexec=lambda: os.close(1))
    assert code == failure
    assert err == "Standard output is closed, so the result could not be printed.\n"


def test_a_reader_that_stops_is_one_sentence() -> None:
    """``report | head -c 1`` where head has gone before the report is written."""
    read, write = os.pipe()
    os.close(read)  # the reader has stopped: the first write is a broken pipe
    try:
        code, err = _run(["--demo", "report"], write)
    finally:
        os.close(write)
    assert code == 3
    assert err == "The result could not be written to standard output (Broken pipe).\n"


def test_a_closed_stderr_keeps_the_documented_exit_code(tmp_path: Path) -> None:
    """``report --output MISSING/x 2>&-``: the sentence had nowhere to go and writing it
    raised, so every failure exited 1 (action needed) instead of 3."""
    missing = tmp_path / "missing" / "x.json"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON", "QT_"))}
    environ.update({"LANG": "C.UTF-8", "PYTHONPATH": str(REPO)})
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "--demo", "report", "--output", str(missing)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(2),  # closes fd 2 in the child only
        env=environ,
        cwd=REPO,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 3
    assert done.stdout == b""
