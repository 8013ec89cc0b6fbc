"""The destination volume: its type from mountinfo, sizes rounded to its clusters."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.backup.plan import SourceRequest, margin_bytes, plan_backup
from assistant.backup.volume import Volume, mount_of
from assistant.errors import AssistantError

MOUNTINFO = """\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
45 22 0:40 / /media/taro/USB\\040STICK rw,nosuid - fuse.fusefat fusefat rw
46 22 7:0 / /media/taro/USB\\040STICK/inner rw - fuseblk /dev/loop0 rw
47 22 0:41 / /mnt/share rw - cifs //server/mail rw
"""


@pytest.mark.parametrize(
    ("path", "found"),
    [
        ("/home/taro", ("ext4", "/dev/sda1")),
        ("/media/taro/USB STICK", ("fuse.fusefat", "fusefat")),
        ("/media/taro/USB STICK/Backups", ("fuse.fusefat", "fusefat")),
        ("/media/taro/USB STICK/inner/x", ("fuseblk", "/dev/loop0")),
        ("/media/taro/USB STICKY", ("ext4", "/dev/sda1")),
        ("/mnt/share/a", ("cifs", "//server/mail")),
    ],
)
def test_the_mount_holding_a_path(tmp_path: Path, path: str, found: tuple[str, str]) -> None:
    info = tmp_path / "mountinfo"
    info.write_text(MOUNTINFO)
    assert mount_of(path, str(info)) == found


def test_sizes_are_rounded_up_to_whole_clusters(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for n in range(300):
        (src / f"{n}.eml").write_bytes(b"x" * 100)
    cluster = 128 * 1024  # exFAT on a large disk
    needed = 300 * cluster + margin_bytes(300 * cluster)
    fits = plan_backup(
        [SourceRequest(src)],
        tmp_path / "d",
        "b",
        volume_reader=lambda _: Volume("exfat", needed, cluster),
    )
    assert fits.needed_bytes == needed  # not 30,000 bytes + margin
    with pytest.raises(AssistantError) as refused:
        plan_backup(
            [SourceRequest(src)],
            tmp_path / "d",
            "b",
            volume_reader=lambda _: Volume("exfat", needed - 1, cluster),
        )
    assert refused.value.message.key == "mailbackup.error.not_enough_space"


def test_a_volume_that_reports_no_size_is_not_full(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.pst").write_bytes(b"x" * 1000)
    plan = plan_backup(
        [SourceRequest(src)], tmp_path / "d", "b", volume_reader=lambda _: Volume("smb", None)
    )
    assert plan.free_bytes is None
    assert [n.key for n in plan.notices] == ["mailbackup.notice.space_unknown"]
