"""Issue 16 §5: "complete" means on the disk. A flush the system reports as failed (EIO
from syncfs, injected at the system call) fails the backup and the restore; it is never
ignored and the job never called complete."""

from __future__ import annotations

import ctypes
import errno
import io
import json
import sys
from pathlib import Path

import pytest


def _syncfs_fails(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """libc's syncfs(2) returns -1 with errno EIO, as on a failing disk or a pulled USB
    stick (every other libc function is the real one)."""
    calls: list[int] = []
    real_cdll = ctypes.CDLL

    def syncfs(fd: int) -> int:
        calls.append(fd)
        ctypes.set_errno(errno.EIO)
        return -1

    class Libc:
        def __init__(self, name: str | None, *args: object, **kwargs: object) -> None:
            self._real = real_cdll(name, *args, **kwargs)  # type: ignore[arg-type]

        def __getattr__(self, attr: str) -> object:
            return syncfs if attr == "syncfs" else getattr(self._real, attr)

    monkeypatch.setattr(ctypes, "CDLL", Libc)
    return calls


def _source(tmp_path: Path) -> Path:
    pst = tmp_path / "home" / "Documents" / "mail.pst"
    pst.parent.mkdir(parents=True)
    pst.write_bytes(b"!BDN" + bytes(range(256)) * 40)
    return pst


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")
def test_a_failed_flush_fails_the_backup(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pst = _source(tmp_path)
    calls = _syncfs_fails(monkeypatch)
    dest = tmp_path / "backups"
    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(pst), "--dest", str(dest), "--json"
    )
    assert code == 1 and calls
    result = json.loads(out.splitlines()[-1])
    assert result["status"] == "failed" and result["backup_dir"] is None
    assert result["error_key"] == "mailbackup.error.flush_failed"
    partial = result["partial_dir"]
    assert f"{partial} could not be flushed to the disk (Input/output error)." in err
    assert "Backup complete" not in err
    assert list(dest.iterdir()) == []  # nothing that looks like a finished backup


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")
def test_a_failed_flush_fails_the_restore_and_the_original_stays(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    pst = _source(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(pst), "--dest", str(tmp_path / "b"), "--json"
    )
    assert code == 0, err
    backup = json.loads(out.splitlines()[-1])["backup_dir"]
    pst.write_bytes(b"newer")
    _syncfs_fails(monkeypatch)
    code, out, _ = run_cli("--lang", "en", "restore", backup, "--yes")
    assert code == 1
    assert "could not be flushed to the disk (Input/output error)" in out
    assert "Restore complete" not in out
    assert pst.read_bytes() == b"newer"
    assert sorted(p.name for p in pst.parent.iterdir()) == ["mail.pst"]
