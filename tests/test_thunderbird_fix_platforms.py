"""The OAuth2 switch and its undo on the Windows and macOS branches, run here, and a
``prefs.js`` marked read-only."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from platform_branches import as_macos, as_windows, fcntl_requests
from portability import linux_home_or_skip, needs_fcntl

from assistant import flush
from assistant.fixes.thunderbird_oauth import backup_copy
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    linux_home_or_skip()
    home = tmp_path / "home"
    folder = home / ".thunderbird" / "k2j3.main"
    write_profile(folder, ACCOUNTS)
    write_profiles_ini(
        home / ".thunderbird", "[Profile0]\nName=main\nIsRelative=1\nPath=k2j3.main\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("pathlib.Path.home", lambda: home)
    return folder


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_switch_and_undo_on_the_windows_branch(
    profile: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Windows' flush refuses a read-only handle: the copy of prefs.js used to be
    flushed through one, and both the switch and its undo failed there."""
    as_windows(monkeypatch)
    prefs = profile / "prefs.js"
    before = prefs.read_bytes()

    code, _, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert (code, err) == (0, ""), err
    (copy,) = profile.glob("prefs.js.before-oauth2-*")
    assert copy.read_bytes() == before
    assert b'"mail.server.server1.authMethod", 10' in prefs.read_bytes()

    code, _, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert (code, err) == (0, ""), err
    assert prefs.read_bytes() == before
    assert not [name for name in _listing(profile) if name.endswith(".tmp")]


@pytest.mark.parametrize("system", ["this system", "windows"])
def test_a_read_only_prefs_js_is_one_sentence_and_nothing_is_left(
    profile: Path, run_cli, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:  # type: ignore[no-untyped-def]
    if system == "windows":
        as_windows(monkeypatch)
    prefs = profile / "prefs.js"
    before = prefs.read_bytes()
    listing = _listing(profile)
    prefs.chmod(stat.S_IREAD)  # what Windows' read-only attribute looks like to Python
    try:
        code, _, err = run_cli("fix", "thunderbird", "--yes", "--lang", "ja")
        assert code != 0
        assert err.splitlines() == [
            f"{prefs}は読み取り専用に設定されているため、変更しませんでした。"
            "設定を変更するには、このファイルの読み取り専用を解除してください"
            "（管理者が設定を固定している場合は、ヘルプデスクにご相談ください）。",
            "解決したら、もう一度実行してください。",
        ]
        assert "Traceback" not in err
        assert prefs.read_bytes() == before
        assert _listing(profile) == listing  # no copy, no temporary file
    finally:
        prefs.chmod(stat.S_IREAD | stat.S_IWRITE)


def test_undo_refuses_a_read_only_prefs_js(profile: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("fix", "thunderbird", "--yes")[0] == 0
    prefs = profile / "prefs.js"
    switched = prefs.read_bytes()
    listing = _listing(profile)
    prefs.chmod(stat.S_IREAD)
    try:
        code, _, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
        assert code != 0 and "is marked read-only" in err and str(prefs) in err
        assert prefs.read_bytes() == switched and _listing(profile) == listing
    finally:
        prefs.chmod(stat.S_IREAD | stat.S_IWRITE)


@needs_fcntl
def test_the_copy_is_flushed_through_a_writable_handle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_windows(monkeypatch)
    prefs = tmp_path / "prefs.js"
    prefs.write_bytes(b'user_pref("a", 1);\n')
    os.utime(prefs, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    from datetime import datetime

    copy = backup_copy(prefs, datetime(2026, 12, 1, 9, 30))
    assert copy.name == "prefs.js.before-oauth2-20261201-093000"
    assert copy.read_bytes() == prefs.read_bytes()
    assert copy.stat().st_mtime_ns == prefs.stat().st_mtime_ns  # sorted by time, as before
    flush.flush_file(copy)  # a closed file: opened writable to flush it on Windows
    with pytest.raises(OSError) as refused:  # and what Windows does with a read-only one
        fd = os.open(copy, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    assert refused.value.errno == errno.EBADF


@needs_fcntl
def test_macos_asks_the_drive_to_write_its_cache_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F_FULLFSYNC on the macOS branch; where the file system refuses it (as Linux does
    here), fsync instead."""
    as_macos(monkeypatch)
    asked = fcntl_requests(monkeypatch)
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    target = tmp_path / "prefs.js"
    target.write_bytes(b"x")
    flush.flush_file(target)
    assert asked == [flush.F_FULLFSYNC]
    assert len(synced) == 1  # refused here (EINVAL), so fsync did it
