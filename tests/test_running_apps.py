"""Running mail apps on the live machine: only the current user's count."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.detect.running import running_now
from assistant.environment import Environment

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="starts a process named thunderbird (Linux /proc names)"
)


def _start_named(folder: Path, user: int | None) -> subprocess.Popen[bytes]:
    """A real process whose name is ``thunderbird`` (a ``sleep`` under that name)."""
    exe = folder / "thunderbird"
    if not exe.exists():
        exe.symlink_to("/bin/sleep")
    setuid = (lambda: os.setuid(user)) if user is not None else None
    return subprocess.Popen([str(exe), "30"], preexec_fn=setuid)


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        proc.kill()
        proc.wait()


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to this one)."""
    folder = Path(tempfile.mkdtemp(prefix="mma-running-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_only_the_current_users_apps_count(
    shared_folder: Path, processes: list[subprocess.Popen[bytes]]
) -> None:
    env = Environment.for_this_machine()
    mine = _start_named(shared_folder, None)
    processes.append(mine)
    found = {app.pid for app in running_now(env) if app.app == "thunderbird"}
    assert mine.pid in found
    if os.geteuid() != 0:
        pytest.skip("starting another user's process needs root")
    theirs = _start_named(shared_folder, 65534)  # nobody: another user's Thunderbird
    processes.append(theirs)
    found = {app.pid for app in running_now(env) if app.app == "thunderbird"}
    assert mine.pid in found and theirs.pid not in found
