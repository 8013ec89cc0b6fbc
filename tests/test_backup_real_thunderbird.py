"""The real Thunderbird holds its profile: the backup refuses it, then copies it once it quits."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from backup_support import backup_folder, snapshot

from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.detect.thunderbird.lock import profile_in_use as thunderbird_profile_in_use
from assistant.errors import AssistantError

pytestmark = [
    pytest.mark.thunderbird,
    pytest.mark.skipif(shutil.which("thunderbird") is None, reason="Thunderbird is not installed"),
]


def _wait_until_in_use(proc: subprocess.Popen[bytes], profile: Path) -> None:
    """Until Thunderbird holds the profile and has written its first files into it (the
    process alone already counts as "in use", before it has written anything)."""
    deadline = time.monotonic() + 90
    while not (thunderbird_profile_in_use(profile) and (profile / "compatibility.ini").exists()):
        try:
            proc.wait(timeout=0.2)  # waits on Thunderbird itself; returns early if it exits
        except subprocess.TimeoutExpired:
            pass
        else:
            pytest.fail(f"Thunderbird exited with {proc.returncode} before locking its profile")
        assert time.monotonic() < deadline, "Thunderbird did not lock its profile"


def test_profile_open_in_thunderbird_is_refused_then_backed_up(tmp_path: Path) -> None:
    profile = tmp_path / "tb-profile"
    profile.mkdir()
    request = SourceRequest(profile, "thunderbird", "thunderbird_profile")
    proc = subprocess.Popen(
        ["thunderbird", "--headless", "--no-remote", "--profile", str(profile)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_in_use(proc, profile)
        with pytest.raises(AssistantError) as excinfo:
            plan_backup([request], tmp_path / "dest", "b")
        assert excinfo.value.message.key == "mailbackup.error.profile_in_use"
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert not thunderbird_profile_in_use(profile)
    before = snapshot(profile)

    result = BackupJob(plan_backup([request], tmp_path / "dest", "b")).run()

    assert result.status == "completed", result.error
    backup = backup_folder(tmp_path / "dest")
    copied = {k: v for k, v in snapshot(backup / profile.name).items() if v[0] == "file"}
    locks = {"lock", ".parentlock"}
    expected = {k: v for k, v in before.items() if v[0] == "file" and k not in locks}
    assert "compatibility.ini" in expected and len(expected) == result.files
    assert {k: v[:4] for k, v in copied.items()} == {k: v[:4] for k, v in expected.items()}
    assert not (backup / profile.name / ".parentlock").exists()
    assert not (backup / profile.name / "lock").exists()
    assert snapshot(profile) == before
