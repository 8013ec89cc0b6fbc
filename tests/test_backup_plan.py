"""Planning a backup: what it takes, and every refusal as one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from backup_support import snapshot, thunderbird_like_profile
from portability import needs_fcntl

from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup, sources_from_facts
from assistant.detect.facts import DataStore, MachineFacts, PlatformInfo, RunningApp
from assistant.detect.thunderbird.lock import profile_in_use as thunderbird_profile_in_use
from assistant.errors import AssistantError
from assistant.i18n import Translator

MIB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 MiB tmpfs file system (needs root; skipped where it cannot be mounted)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def refusal(excinfo: pytest.ExceptionInfo[AssistantError]) -> tuple[str, str]:
    message = excinfo.value.message
    return message.key, Translator("en").render(message)


def test_a_destination_too_small_is_refused_before_copying(
    tmp_path: Path, small_disk: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.pst").write_bytes(os.urandom(60 * MIB))
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(src)], small_disk, "backup")
    key, text = refusal(excinfo)
    assert key == "mailbackup.error.not_enough_space"
    assert str(small_disk) in text and "needs" in text and "room for the file system" in text
    assert list(small_disk.iterdir()) == []


def test_a_disk_that_fills_up_during_the_copy(tmp_path: Path, small_disk: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "one.pst").write_bytes(os.urandom(20 * MIB))
    (src / "two.pst").write_bytes(os.urandom(20 * MIB))
    before = snapshot(src)
    plan = plan_backup([SourceRequest(src)], small_disk, "backup")  # fits: 40 of 64 MiB
    # Something else takes the space between the plan and the copy.
    (small_disk / "filler").write_bytes(b"\0" * (40 * MIB))

    result = BackupJob(plan).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.disk_full"
    assert "full" in Translator("en").render(result.error)
    assert result.partial_removed
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    assert snapshot(src) == before


def test_destination_inside_the_source_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "profile"
    src.mkdir()
    (src / "prefs.js").write_text("x")
    before = snapshot(src)
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(src)], src / "backups", "backup")
    assert snapshot(src) == before
    key, text = refusal(excinfo)
    assert key == "mailbackup.error.dest_inside_source"
    assert str(src) in text


def test_source_inside_the_destination_is_refused_even_through_a_link(tmp_path: Path) -> None:
    dest = tmp_path / "backups"
    (dest / "old").mkdir(parents=True)
    link = tmp_path / "shortcut"
    link.symlink_to(dest / "old")
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(link)], dest, "backup")
    assert refusal(excinfo)[0] == "mailbackup.error.source_inside_dest"


def test_missing_source_and_nothing_to_back_up(tmp_path: Path) -> None:
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(tmp_path / "nope")], tmp_path / "dest", "b")
    assert refusal(excinfo)[0] == "mailbackup.error.source_missing"
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([], tmp_path / "dest", "b")
    assert refusal(excinfo)[0] == "mailbackup.error.nothing_to_back_up"


def test_running_app_is_refused_with_its_name(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    running = [RunningApp(app="thunderbird", pid=1234, name="thunderbird")]
    request = SourceRequest(profile, app="thunderbird", kind="thunderbird_profile")
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([request], tmp_path / "dest", "b", running)
    assert snapshot(profile) == before and not (tmp_path / "dest").exists()
    key, text = refusal(excinfo)
    assert key == "mailbackup.error.app_running"
    assert text.startswith("Thunderbird is running") and str(profile) in text
    ja = Translator("ja").render(excinfo.value.message)
    assert "Thunderbirdを終了" in ja


def test_a_pst_given_by_path_while_outlook_runs_is_refused(tmp_path: Path) -> None:
    pst = tmp_path / "Outlook.pst"
    pst.write_bytes(b"!BDN")
    running = [RunningApp(app="outlook-windows", pid=1, name="OUTLOOK.EXE")]
    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(pst)], tmp_path / "dest", "b", running)
    assert refusal(excinfo)[0] == "mailbackup.error.app_running"
    # Thunderbird running does not hold a PST.
    other = [RunningApp(app="thunderbird", pid=1, name="thunderbird")]
    assert plan_backup([SourceRequest(pst)], tmp_path / "dest", "b", other).files == 1


def test_a_profile_in_use_is_refused_by_the_given_check(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    asked: list[Path] = []

    def in_use(path: Path) -> bool:
        asked.append(path)
        return True

    with pytest.raises(AssistantError) as excinfo:
        plan_backup([SourceRequest(profile)], tmp_path / "dest", "b", profile_in_use=in_use)
    assert refusal(excinfo)[0] == "mailbackup.error.profile_in_use"
    assert asked == [profile]


def _holder(code: str) -> subprocess.Popen[str]:
    """A process standing in for Thunderbird: it holds something until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code + "\nprint('ready', flush=True)\nimport sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()
    proc.wait()
    proc.stdout.close()


@needs_fcntl
def test_profile_lock_check_reads_thunderbirds_locks(tmp_path: Path) -> None:
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    assert not thunderbird_profile_in_use(profile)  # a stale lock from a crash

    # .parentlock held with a POSIX lock, as Thunderbird does on Linux and macOS.
    proc = _holder(
        f"import fcntl, os\nfd = os.open({str(profile / '.parentlock')!r}, os.O_RDWR)\n"
        "fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)"
    )
    try:
        assert thunderbird_profile_in_use(profile)
    finally:
        _release(proc)
    assert not thunderbird_profile_in_use(profile)
    assert snapshot(profile) == before


def test_sources_from_facts_take_psts_and_profiles_not_osts(tmp_path: Path) -> None:
    # Detection reports paths readable here (already under the snapshot root).
    facts = MachineFacts(platform=PlatformInfo(os="windows", version="10"))
    pst = tmp_path / "Users" / "u" / "Documents" / "Outlook.pst"
    profile = tmp_path / "Users" / "u" / "tb" / "p.default"
    facts.data_stores = [
        DataStore("outlook-windows", "pst", str(pst), 10),
        DataStore("outlook-windows", "ost", str(tmp_path / "x.ost"), 10),
        DataStore("thunderbird", "thunderbird_profile", str(profile), 10),
    ]
    every = sources_from_facts(facts)
    assert [(r.path, r.app, r.kind) for r in every] == [
        (pst, "outlook-windows", "pst"),
        (profile, "thunderbird", "thunderbird_profile"),
    ]
    only_tb = sources_from_facts(facts, "thunderbird")
    assert [r.kind for r in only_tb] == ["thunderbird_profile"]


def test_demo_machine_is_backed_up_and_verified(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """Detection -> plan -> copy -> verify, end to end on the bundled Windows snapshot."""
    import json

    from assistant.resources import resource_path

    demo = resource_path("demo")
    before = snapshot(demo)
    code, out, err = run_cli("--demo", "backup", "--dest", str(tmp_path), "--json", "--lang", "en")
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "completed" and result["files"] >= 3
    names = {p.name for p in Path(result["backup_dir"]).rglob("*")}
    assert "アーカイブ 2021.pst" in names and "prefs.js" in names
    assert not any(name.endswith(".ost") for name in names)
    code, _, _ = run_cli("verify", result["backup_dir"], "--lang", "en")
    assert code == 0
    assert snapshot(demo) == before


def test_a_disk_that_fills_up_during_a_copy_made_by_the_kernel(small_disk: Path) -> None:
    """Source and backup on the same file system: the kernel copies (copy_file_range), and
    its 'no space' is the same clear failure."""
    src = small_disk / "src"
    src.mkdir()
    (src / "Outlook.pst").write_bytes(os.urandom(20 * MIB))
    before = snapshot(src)
    plan = plan_backup([SourceRequest(src)], small_disk / "backups", "backup")
    (small_disk / "filler").write_bytes(b"\0" * (34 * MIB))  # leaves ~10 MiB

    result = BackupJob(plan, chunk_size=MIB).run()

    assert result.status == "failed"
    assert result.error is not None and result.error.key == "mailbackup.error.disk_full"
    assert result.partial_removed and not plan.partial_dir.exists()
    assert snapshot(src) == before
