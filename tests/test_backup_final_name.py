"""The final rename of a backup: tried again while something holds the folder, and a
verified backup kept (and said where) when it never succeeds."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.backup import final_name
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.sentences import describe
from assistant.backup.verify import VerifyJob
from assistant.i18n import Translator


def _plan(tmp_path: Path):  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "Outlook.pst").write_bytes(os.urandom(2 * 1024 * 1024))
    return plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")


def _refusing(times: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """os.rename refused ``times`` times, as Windows refuses it while an indexer or a sync
    client holds a file of the folder (a sharing violation)."""
    calls: list[str] = []
    real = os.rename

    def rename(src: str, dst: str) -> None:
        calls.append(src)
        if len(calls) <= times:
            raise PermissionError(errno.EACCES, "The process cannot access the file", src)
        real(src, dst)

    monkeypatch.setattr(final_name.os, "rename", rename)
    return calls


def test_the_rename_is_tried_again_until_it_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _refusing(3, monkeypatch)
    plan = _plan(tmp_path)
    result = BackupJob(plan, rename_delays=(0, 0, 0, 0)).run()
    assert result.status == "completed" and result.backup_dir == plan.final_dir
    assert len(calls) == 4 and not result.kept_unrenamed
    assert not plan.partial_dir.exists()


def test_a_rename_that_never_succeeds_keeps_the_verified_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _refusing(100, monkeypatch)
    plan = _plan(tmp_path)
    result = BackupJob(plan, rename_delays=(0, 0)).run()
    assert result.status == "completed" and result.kept_unrenamed
    assert result.backup_dir == plan.partial_dir and plan.partial_dir.is_dir()
    assert VerifyJob(plan.partial_dir).run().whole  # whole, and usable as it is
    [sentence] = describe(result, Translator("en"))
    assert "complete and verified" in sentence and str(plan.partial_dir) in sentence
    assert result.as_json()["kept_unrenamed"] is True


def test_the_waits_grow(tmp_path: Path) -> None:
    folder = tmp_path / "a.partial"
    folder.mkdir()
    waited: list[float] = []

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "in use", src)

    outcome = final_name.give_final_name(folder, tmp_path / "a", rename=refuse, sleep=waited.append)
    assert outcome == "kept" and folder.is_dir()
    assert waited == list(final_name.RETRY_DELAYS)
    assert waited == sorted(waited) and sum(waited) > 5
