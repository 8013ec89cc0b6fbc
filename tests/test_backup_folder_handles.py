"""Small files opened by name in their open folder: the same files, errors and descriptors
as opening each by its whole path."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from assistant.backup import folder_handles
from assistant.backup.folder_handles import FolderHandles
from assistant.backup.job import BackupJob
from assistant.backup.manifest import load_manifest
from assistant.backup.plan import SourceRequest, plan_backup

pytestmark = pytest.mark.skipif(
    not folder_handles.WORKS_HERE or not Path("/proc/self/fd").is_dir(),
    reason="os.open takes no folder here, or no /proc/self/fd to count descriptors",
)


def _open_descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


def test_each_thread_opens_in_its_own_folder_and_close_lets_every_folder_go(
    tmp_path: Path,
) -> None:
    folders = [tmp_path / name / "Messages" for name in ("a", "b")]
    for folder in folders:
        folder.mkdir(parents=True)
        for n in range(50):
            (folder / f"{n}.emlx").write_text(f"{folder.parent.name}{n}")
    before = _open_descriptors()
    handles = FolderHandles()
    read: dict[str, list[str]] = {}

    def read_all(folder: Path) -> None:
        got = read.setdefault(folder.parent.name, [])
        for n in range(50):
            fd = handles.open(str(folder / f"{n}.emlx"), os.O_RDONLY)
            try:
                got.append(os.read(fd, 100).decode())
            finally:
                os.close(fd)

    threads = [threading.Thread(target=read_all, args=(f,)) for f in folders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert read == {name: [f"{name}{n}" for n in range(50)] for name in ("a", "b")}
    assert len(_open_descriptors() - before) == 2  # one folder held by each thread
    handles.close()
    assert _open_descriptors() - before == set()


def test_a_missing_folder_or_file_fails_as_opening_the_whole_path_does(tmp_path: Path) -> None:
    handles = FolderHandles()
    (tmp_path / "here").mkdir()
    with pytest.raises(FileNotFoundError):
        handles.open(str(tmp_path / "gone" / "1.emlx"), os.O_RDONLY)
    with pytest.raises(FileNotFoundError):
        handles.open(str(tmp_path / "here" / "1.emlx"), os.O_RDONLY)
    (tmp_path / "here" / "real").write_text("x")
    (tmp_path / "here" / "link").symlink_to(tmp_path / "here" / "real")
    with pytest.raises(OSError):  # the link put in a file's place is not followed
        handles.open(str(tmp_path / "here" / "link"), os.O_RDONLY | os.O_NOFOLLOW)
    handles.close()


def test_a_backup_of_many_folders_is_whole_and_leaves_no_descriptor_open(tmp_path: Path) -> None:
    src = tmp_path / "Mail"
    for b in range(12):
        messages = src / "V10" / f"box{b}" / "Messages"
        messages.mkdir(parents=True)
        for n in range(30):
            (messages / f"{n}.emlx").write_text(f"m{b}-{n}")
    before = _open_descriptors()
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "b")
    result = BackupJob(plan, second_process=False).run()
    assert result.status == "completed" and result.backup_dir is not None
    assert _open_descriptors() - before == set()
    files = {f.path for f in load_manifest(result.backup_dir).files}
    assert len(files) == 360
    copied = result.backup_dir / "Mail" / "V10" / "box7" / "Messages" / "29.emlx"
    assert copied.read_text() == "m7-29"
