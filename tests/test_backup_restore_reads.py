"""A restore reads its backup's manifest a fixed number of times, whatever the number of
sources: once to check every entry and lay the sources out, once to copy them all (a
backup's 500,000-line manifest used to be read two or three times per source). And it
asks each volume what it is once, not once per source."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from backup_support import snapshot, thunderbird_like_profile

from assistant.backup import restore_layout
from assistant.backup.job import BackupJob
from assistant.backup.manifest import MANIFEST_NAME, load_manifest
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.restore import RestoreJob
from assistant.backup.volume import Volume

MIB = 1024 * 1024


def _three_sources(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A real backup, made by the engine, of two profile folders and a PST."""
    first = thunderbird_like_profile(tmp_path / "src" / "one", with_socket=False)
    second = thunderbird_like_profile(tmp_path / "src" / "two", with_socket=False)
    for profile in (first, second):
        (profile / "a-fifo").unlink(missing_ok=True)
    pst = tmp_path / "src" / "Outlook.pst"
    pst.write_bytes(os.urandom(2 * MIB))
    sources = [first, second, pst]
    plan = plan_backup([SourceRequest(s) for s in sources], tmp_path / "dest", "backup")
    assert BackupJob(plan).run().status == "completed"
    return plan.final_dir, sources


def _manifest_opens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every opening of a manifest.json from now on (they still open)."""
    opened: list[str] = []
    real = os.open

    def spy(path: str | os.PathLike[str], flags: int, *args: object, **kwargs: object) -> int:
        if os.fspath(path).endswith(MANIFEST_NAME):
            opened.append(os.fspath(path))
        return real(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", spy)
    return opened


def _restored_like(backup: Path, sources: list[Path], restored: Path) -> None:
    names = [source.name for source in load_manifest(backup).sources]
    for source, name in zip(sources, names, strict=True):
        copy = restored / name
        if source.is_dir():
            got = {k: v[:4] for k, v in snapshot(copy).items() if v[0] == "file"}
            want = {k: v[:4] for k, v in snapshot(source).items() if v[0] == "file"}
            assert got == {k: v for k, v in want.items() if k not in ("lock", ".parentlock")}
        else:
            assert copy.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("planned_first", [False, True], ids=["run", "plan-then-run"])
def test_the_manifest_is_read_three_times_for_three_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planned_first: bool
) -> None:
    backup, sources = _three_sources(tmp_path)
    opened = _manifest_opens(monkeypatch)
    job = RestoreJob(backup, to=tmp_path / "restored")
    if planned_first:  # as the command and the wizard do: the plan is shown, then run
        job.plan()

    result = job.run()

    assert result.status == "completed", result.error
    # The head and last line; every entry checked; every entry copied. (It was 7 here,
    # and 9 after a plan.)
    assert len(opened) == 3
    _restored_like(backup, sources, tmp_path / "restored")


def test_each_volume_is_asked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    backup, sources = _three_sources(tmp_path)
    asked: list[Path] = []
    real: Callable[[Path], Volume] = restore_layout.volume_of

    def counting(path: Path) -> Volume:
        asked.append(path)
        return real(path)

    monkeypatch.setattr(restore_layout, "volume_of", counting)

    result = RestoreJob(backup, to=tmp_path / "restored").run()

    assert result.status == "completed", result.error
    # The backup and the three places it goes to are on one volume (it was asked 6 times).
    assert len(asked) == 1
    _restored_like(backup, sources, tmp_path / "restored")


def test_a_manifest_not_in_source_order_is_read_once_per_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hand-made manifest whose files alternate between sources still restores whole."""
    backup, sources = _three_sources(tmp_path)
    path = backup / MANIFEST_NAME
    lines = path.read_bytes().splitlines(keepends=True)
    entries = [line.removeprefix(b",") for line in lines[1:-1]]
    first = load_manifest(backup).sources[0].name
    mine = [e for e in entries if json.loads(e)["path"].startswith(first + "/")]
    others = [e for e in entries if e not in mine]
    mixed = [*mine[:2], *others, *mine[2:]]  # the first source, the others, the first
    path.write_bytes(lines[0] + mixed[0] + b"".join(b"," + e for e in mixed[1:]) + lines[-1])
    owners = [f.path.split("/")[0] for f in load_manifest(backup).files]
    assert owners[0] == owners[-1] == first and owners[2] != first
    opened = _manifest_opens(monkeypatch)

    result = RestoreJob(backup, to=tmp_path / "restored").run()

    assert result.status == "completed", result.error
    assert len(opened) == 2 + len(sources)
    _restored_like(backup, sources, tmp_path / "restored")
