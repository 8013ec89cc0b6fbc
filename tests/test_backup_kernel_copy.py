"""The Linux path for large files: the kernel copies, the copy is hashed and compared.

The helpers' work is run lazily here (when its result is asked for) so that a change to
the source can be made exactly between the kernel's copy of a chunk and the comparison.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from backup_support import backup_folder, snapshot

from assistant.backup import kernel_copy
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.progress import CancelToken, ProgressMeter
from assistant.backup.verify import VerifyJob
from assistant.errors import AssistantError

pytestmark = pytest.mark.skipif(not kernel_copy.AVAILABLE, reason="copy_file_range is Linux's")

MIB = 1024 * 1024


class LazyFuture(Future[Any]):
    def __init__(self, before: Callable[[], None], call: Callable[[], Any]) -> None:
        super().__init__()
        self._before, self._call = before, call

    def _run(self) -> None:
        if self._call is None:
            return
        call, self._call = self._call, None
        self._before()
        try:
            self.set_result(call())
        except BaseException as exc:
            self.set_exception(exc)

    def result(self, timeout: float | None = None) -> Any:
        self._run()
        return super().result(timeout)

    def exception(self, timeout: float | None = None) -> BaseException | None:
        self._run()
        return super().exception(timeout)


class LazyExecutor(Executor):
    """Runs each call when its result is asked for, after ``before`` (once)."""

    def __init__(self, before: Callable[[], None] = lambda: None) -> None:
        self.before = before

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        def once() -> None:
            self.before()
            self.before = lambda: None

        return LazyFuture(once, lambda: fn(*args, **kwargs))


def copy(src: Path, dst: Path, checker: Executor) -> tuple[str, int]:
    meter = ProgressMeter("copy", src.stat().st_size, 1, None)
    s = os.open(src, os.O_RDONLY)
    d = os.open(dst, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with ThreadPoolExecutor(1) as hasher:
            return kernel_copy.copy_by_kernel(
                s,
                d,
                str(dst),
                chunk=MIB,
                check=bytearray(MIB),
                hasher=hasher,
                checker=checker,
                cancel=CancelToken(),
                meter=meter,
                in_flight=4,
                early_writeback=True,
            )
    finally:
        os.close(s)
        os.close(d)


def test_the_copy_is_hashed_from_the_destination_and_equals_the_source(tmp_path: Path) -> None:
    data = os.urandom(5 * MIB + 123)
    (tmp_path / "a.pst").write_bytes(data)
    with ThreadPoolExecutor(1) as checker:
        digest, size = copy(tmp_path / "a.pst", tmp_path / "b.pst", checker)
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert (tmp_path / "b.pst").read_bytes() == data


def test_a_copy_unlike_its_unchanged_source_is_damage(tmp_path: Path) -> None:
    """The source differs from its copy but its size and time say it never changed (a file
    system that copied wrongly looks exactly like this): the copy is refused."""
    src = tmp_path / "a.pst"
    src.write_bytes(os.urandom(3 * MIB))
    stamp = src.stat().st_mtime_ns

    def spoil_source_keep_its_time() -> None:
        with src.open("r+b") as f:
            f.write(b"\0" * 4096)
        os.utime(src, ns=(stamp, stamp))

    with pytest.raises(AssistantError) as caught:
        copy(src, tmp_path / "b.pst", LazyExecutor(spoil_source_keep_its_time))
    assert caught.value.message.key == "mailbackup.error.copy_mismatch"


def test_a_copy_unlike_a_source_that_changed_is_a_change(tmp_path: Path) -> None:
    src = tmp_path / "a.pst"
    src.write_bytes(os.urandom(3 * MIB))

    def app_writes_to_source() -> None:
        with src.open("r+b") as f:
            f.write(b"new message")
        os.utime(src, ns=(2_000_000_000_000_000_000,) * 2)

    with pytest.raises(kernel_copy.SourceChanged):
        copy(src, tmp_path / "b.pst", LazyExecutor(app_writes_to_source))


def test_across_file_systems_the_backup_copies_through_the_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The kernel refuses to copy from a tmpfs to the test folder's file system (EXDEV):
    the whole file is copied by read and write instead, and the backup is whole."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on another file system than the test folder")
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        src = Path(folder) / "Outlook"
        src.mkdir()
        (src / "Outlook.pst").write_bytes(os.urandom(3 * MIB + 1))
        before = snapshot(src)
        plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
        with caplog.at_level(logging.INFO, logger="assistant.backup.copy"):
            result = BackupJob(plan, chunk_size=MIB).run()
        assert result.status == "completed", result.error
        assert "copying through this process" in caplog.text
        assert VerifyJob(backup_folder(tmp_path / "dest")).run().whole
        assert snapshot(src) == before


def resident_bytes(path: Path) -> int:
    """How much of ``path`` the page cache holds (util-linux's fincore)."""
    out = subprocess.run(
        ["fincore", "--bytes", "--noheadings", "--output", "RES", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[0])


@pytest.mark.skipif(shutil.which("fincore") is None, reason="needs util-linux's fincore")
def test_a_large_copy_is_written_out_as_it_goes_and_leaves_the_memory(tmp_path: Path) -> None:
    """A durable backup waits for each verified chunk to reach the disk, then lets it
    leave the memory: a 40 MiB file's copy is not held in the page cache afterwards (a
    copy left to the final flush would be, whole), and it is whole."""
    src = tmp_path / "Outlook"
    src.mkdir()
    (src / "Outlook.pst").write_bytes(os.urandom(40 * MIB))
    if (
        subprocess.run(
            ["stat", "-f", "-c", "%T", str(tmp_path)], capture_output=True, text=True
        ).stdout.strip()
        == "tmpfs"
    ):
        pytest.skip("a tmpfs is the memory: nothing to write out")
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "backup")
    result = BackupJob(plan, chunk_size=MIB).run()
    assert result.status == "completed", result.error
    copied = backup_folder(tmp_path / "dest") / "Outlook" / "Outlook.pst"
    assert resident_bytes(copied) < 10 * MIB
    assert VerifyJob(backup_folder(tmp_path / "dest")).run().whole
