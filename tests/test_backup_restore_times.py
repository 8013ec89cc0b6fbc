"""A restored file gets the time its manifest recorded, set once: after the last write,
on the open file, or on Windows on the path once the file is closed (the copy engine's
own way). It used to get the backup's time from the engine, then the manifest's on top.

Times set are counted by a recording ``os.utime`` that still sets them: the end state
alone cannot show a time set twice."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from platform_branches import as_windows

from assistant import platform_caps
from assistant.backup.job import BackupJob
from assistant.backup.manifest import load_manifest
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.restore import RestoreJob

FileId = tuple[int, int]  # (device, inode)


def _times_set(monkeypatch: pytest.MonkeyPatch) -> list[tuple[FileId, bool]]:
    """Each file ``os.utime`` sets a time on from now on, and whether through a handle."""
    calls: list[tuple[FileId, bool]] = []
    real = os.utime

    def utime(target: int | str, *args: object, **kwargs: object) -> None:
        st = os.fstat(target) if isinstance(target, int) else os.stat(target)
        calls.append(((st.st_dev, st.st_ino), isinstance(target, int)))
        real(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "utime", utime)
    return calls


@pytest.mark.parametrize("system", ["this", "windows"])
def test_each_restored_file_gets_the_recorded_time_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    if system == "windows":
        as_windows(monkeypatch)
    src = tmp_path / "src" / "Mail"
    (src / "Inbox.sbd").mkdir(parents=True)
    files = {
        "Inbox": b"From - \r\nSubject: a\r\n\r\nbody\r\n",
        "Inbox.sbd/Old": b"x" * 5000,
        "archive.pst": os.urandom(3 * 1024 * 1024),  # over 1 MiB: chunk by chunk
    }
    for number, (rel, data) in enumerate(files.items()):
        (src / rel).write_bytes(data)
        old = 1_300_000_000_123_456_789 + number * 1_000_000_007
        os.utime(src / rel, ns=(old, old))
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    assert BackupJob(plan).run().status == "completed"
    recorded = {f.path: f.mtime_ns for f in load_manifest(plan.final_dir).files}
    calls = _times_set(monkeypatch)

    result = RestoreJob(plan.final_dir, to=tmp_path / "restored").run()

    assert result.status == "completed", result.error
    restored = tmp_path / "restored" / "Mail"
    ids: dict[FileId, str] = {}
    for rel, data in files.items():
        st = (restored / rel).stat()
        assert (restored / rel).read_bytes() == data
        assert st.st_mtime_ns == recorded[f"Mail/{rel}"] == (src / rel).stat().st_mtime_ns
        ids[st.st_dev, st.st_ino] = rel
    assert Counter(ids.get(file, "(another file)") for file, _ in calls) == Counter(
        dict.fromkeys(files, 1)
    )
    on_handle = platform_caps.CAPS.utime_on_descriptor
    assert {through for _, through in calls} == {on_handle}
