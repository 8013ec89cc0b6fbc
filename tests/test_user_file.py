"""Writing over a user's file: a copy keeps its times the way the system allows (on the
open file, or on Windows on the path once it is closed, as the capability flag says);
owner, group and mode go onto an open file or onto a path (a link itself) alike."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from platform_branches import as_windows

from assistant import platform_caps
from assistant.user_file import copy_user_file, give_like

NOBODY = 65534
needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root: only root gives a file to another user",
)


@pytest.mark.parametrize("system", ["this", "windows"])
def test_a_copy_keeps_its_times_where_the_capability_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    if system == "windows":
        as_windows(monkeypatch)
    source = tmp_path / "prefs.js"
    source.write_text('user_pref("a", 1);\n', encoding="utf-8")
    times = (1_400_000_000_123_456_789, 1_500_000_000_987_654_321)  # (atime, mtime)
    os.utime(source, ns=times)
    set_on: list[object] = []
    real = os.utime

    def utime(target: object, *args: object, **kwargs: object) -> None:
        set_on.append(target)
        real(target, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "utime", utime)
    if real in os.supports_fd:  # the stand-in takes a descriptor as the real one does
        monkeypatch.setattr(os, "supports_fd", os.supports_fd | {utime})
    copy = tmp_path / "prefs-copy.js"

    copy_user_file(source, copy)

    copied = copy.stat()  # (the source's access time is the read's now)
    assert (copied.st_atime_ns, copied.st_mtime_ns) == times
    assert copy.read_bytes() == source.read_bytes()
    (target,) = set_on  # once
    if platform_caps.CAPS.utime_on_descriptor:
        assert isinstance(target, int)
    else:  # Windows: on the path, once the file is closed
        assert target == copy


@needs_root
def test_owner_and_mode_go_onto_a_handle_and_onto_a_link_itself(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.write_bytes(b"")
    os.chown(theirs, NOBODY, NOBODY)
    theirs.chmod(0o640)
    like = theirs.stat()
    mine = tmp_path / "mine"
    mine.write_bytes(b"mail")
    mine.chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(mine.name)

    give_like(str(link), like)

    assert (link.lstat().st_uid, link.lstat().st_gid) == (NOBODY, NOBODY)
    st = mine.stat()
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (0, 0o600)  # the link's file untouched

    fd = os.open(mine, os.O_RDONLY)
    try:
        give_like(fd, like)
    finally:
        os.close(fd)
    st = mine.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (NOBODY, NOBODY, 0o640)

    folder = tmp_path / "folder"
    folder.mkdir(mode=0o700)
    give_like(str(folder), like, mode=False)  # owner and group only
    st = folder.stat()
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (NOBODY, 0o700)
