"""Backup, verify and restore on real FAT32, exFAT and NTFS (FUSE, from image files),
through the command line as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from backup_support import JAPANESE
from foreign_fs import KINDS, foreign_volume

from assistant.backup.volume import volume_of


@pytest.fixture
def fat32(tmp_path: Path) -> Iterator[Path]:
    with foreign_volume("fat32", tmp_path / "mnt") as point:
        yield point


@pytest.fixture(params=KINDS)
def volume(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with foreign_volume(request.param, tmp_path / "mnt") as point:
        yield request.param, point


def _source(root: Path, japanese: bool) -> Path:
    """A mail folder as a user has one: a large PST, small files, a sub-folder."""
    name = "メール" if japanese else "Mail"
    src = root / name
    (src / (JAPANESE if japanese else "Inbox")).mkdir(parents=True)
    (src / "Outlook.pst").write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    (src / (f"{JAPANESE}/件名.eml" if japanese else "Inbox/mail.eml")).write_bytes(
        b"Subject: x\r\n"
    )
    (src / "prefs.js").write_bytes(b'user_pref("a", 1);\n')
    for n, path in enumerate(sorted(p for p in src.rglob("*") if p.is_file())):
        os.utime(path, ns=(1_700_000_000_123_456_789 + n, 1_700_000_000_123_456_789 + n))
    return src


def _tree(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_type_of_each_volume_is_read(volume: tuple[str, Path]) -> None:
    kind, point = volume
    found = volume_of(point / "not yet" / "made")
    assert found.fs_type == kind
    assert found.via_fuse and found.read_back_apart  # each read-back on a handle of its own
    if kind == "fat32":  # fusefat reports no size: unknown, never "0 B free"
        assert found.free_bytes is None
    else:
        assert found.free_bytes is not None and 0 < found.free_bytes < 64 * 1024 * 1024


@pytest.fixture(params=["exfat", "ntfs"])
def unicode_volume(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with foreign_volume(request.param, tmp_path / "mnt") as point:
        yield request.param, point


def test_backup_verify_and_restore_on_exfat_and_ntfs(
    run_cli, unicode_volume: tuple[str, Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _, point = unicode_volume
    src = _source(tmp_path / "src", japanese=True)
    before = _tree(src)
    dest = point / "バックアップ"

    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(src), "--dest", str(dest), "--json"
    )
    assert code == 0, err
    result = json.loads(out.splitlines()[-1])
    assert result["status"] == "completed", result
    backup = Path(result["backup_dir"])
    assert backup.parent == dest

    code, out, err = run_cli("--lang", "en", "verify", str(backup), "--json")
    assert code == 0, err + out
    assert json.loads(out.splitlines()[-1])["whole"] is True

    restored = tmp_path / "restored"
    code, out, err = run_cli(
        "--lang", "en", "restore", str(backup), "--to", str(restored), "--json"
    )
    assert code == 0, err + out
    # The restored files are the originals, to the byte and to the nanosecond (the
    # times come from the manifest, not from the volume that rounds them).
    assert _tree(restored / src.name) == before


def test_a_backup_onto_fat32_needs_no_chmod_and_no_size(
    run_cli, fat32: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """fusefat: no chmod (ENOSYS), no size (statvfs: zero blocks), a stale read on the
    writing handle, and a folder rename that loses the folder's contents. The backup
    copies and reads back everything, says the space is unknown and the drive has no
    permissions, and when the rename loses the folder it says so: never "completed"."""
    src = _source(tmp_path / "src", japanese=False)
    before = _tree(src)
    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(src), "--dest", str(fat32 / "Backups"), "--json"
    )
    result = json.loads(out.splitlines()[-1])
    assert "free space at" in err and "could not be read; the backup goes on" in err
    assert "has no access permissions, so anyone using this drive can read" in err
    assert "none" not in err.lower()  # (it used to say "the unfinished folder none")
    # What fusefat 0.1a does to a renamed folder is caught, never reported complete.
    assert (code, result["status"], result["error_key"]) == (
        1,
        "failed",
        "mailbackup.error.rename_lost",
    )
    assert "made the destination's file system lose its contents" in err
    assert _tree(src) == before


def test_verify_and_restore_from_a_backup_copied_onto_fat32(
    run_cli, fat32: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A backup copied onto a FAT32 stick (file by file, as a file manager does): FAT
    keeps times in 2-second steps; verify and restore take it whole, and restore puts
    back the original times from the manifest."""
    src = _source(tmp_path / "src", japanese=False)
    before = _tree(src)
    code, out, err = run_cli(
        "backup", "--source", str(src), "--dest", str(tmp_path / "local"), "--json"
    )
    assert code == 0, err
    made = Path(json.loads(out.splitlines()[-1])["backup_dir"])
    on_stick = fat32 / "Mail backup"
    for path in sorted(made.rglob("*")):  # contents and times; FAT has no modes to copy
        copy = on_stick / path.relative_to(made)
        copy.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            shutil.copyfile(path, copy)
            ns = path.stat().st_mtime_ns
            os.utime(copy, ns=(ns, ns))
    rounded = (on_stick / src.name / "Outlook.pst").stat().st_mtime_ns
    assert rounded != before["Outlook.pst"][1]  # the stick really rounds the time

    code, out, err = run_cli("verify", str(on_stick), "--json")
    assert code == 0 and json.loads(out.splitlines()[-1])["whole"] is True, err + out
    restored = tmp_path / "restored"
    code, out, err = run_cli("restore", str(on_stick), "--to", str(restored), "--json")
    assert code == 0, err + out
    assert _tree(restored / src.name) == before


def test_fat32_refuses_a_file_of_4_gib_before_copying(run_cli, fat32: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    with (src / "大きい.pst").open("wb") as f:
        f.truncate(4 * 1024**3)  # sparse: takes no room here
    code, _, err = run_cli("--lang", "en", "backup", "--source", str(src), "--dest", str(fat32))
    assert code == 1
    assert "is too large for the file system (FAT32)" in err and "大きい.pst" in err
    assert "not enough" not in err and "full" not in err
    assert os.listdir(fat32) == []
