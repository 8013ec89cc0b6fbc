"""The backup, verify and restore commands: exit codes, JSON contract, sentences."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

from backup_support import backup_folder, snapshot, thunderbird_like_profile
from portability import POSIX_MODES

from assistant.backup.destination import (
    backup_folder_name,
    default_backup_parent,
    free_name,
)
from assistant.backup.longpath import windows_long_path
from assistant.backup.progress import CancelToken, ProgressMeter
from assistant.environment import Environment
from assistant.i18n import Translator


def test_backup_json_then_verify_then_restore(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    profile = thunderbird_like_profile(tmp_path / "src", with_socket=False)
    before = snapshot(profile)
    dest = tmp_path / "dest"

    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(profile), "--dest", str(dest), "--json"
    )

    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "completed"
    backup = backup_folder(dest)
    assert result["backup_dir"] == str(backup)
    assert result["files"] == 7 and result["bytes"] > 0 and result["seconds"] >= 0
    progress = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert progress and progress[-1]["event"] == "progress"
    assert progress[-1]["files_done"] == progress[-1]["files_total"] == 7
    assert "Backup complete" in err
    if POSIX_MODES:  # (Windows: an owner-only ACL)
        assert stat.S_IMODE(backup.stat().st_mode) == 0o700

    code, out, _ = run_cli("--lang", "en", "verify", str(backup))
    assert code == 0 and "is whole" in out

    (backup / profile.name / "prefs.js").write_text("changed")
    code, out, _ = run_cli("--lang", "en", "verify", str(backup), "--json")
    report = json.loads(out.strip().splitlines()[-1])
    assert code == 1 and report["changed"] == [f"{profile.name}/prefs.js"]
    code, out, _ = run_cli("--lang", "ja", "verify", str(backup))
    assert code == 1 and f"内容が異なる：{profile.name}/prefs.js" in out

    code, _, _ = run_cli("verify", str(tmp_path / "src"))
    assert code == 3

    code, out, err = run_cli("--lang", "en", "restore", str(backup), "--to", str(tmp_path / "r"))
    assert code == 1  # the changed prefs.js is caught before anything is put in place
    assert "does not match its record" in out
    assert not (tmp_path / "r" / profile.name).exists()
    assert snapshot(profile) == before


def test_restore_command_round_trip(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "メール.eml").write_text("本文", encoding="utf-8")
    before = snapshot(src)
    code, out, _ = run_cli("backup", "--source", str(src), "--dest", str(tmp_path / "d"), "--json")
    assert code == 0
    backup = json.loads(out.splitlines()[-1])["backup_dir"]
    code, out, _ = run_cli("--lang", "en", "restore", backup, "--to", str(tmp_path / "r"), "--json")
    assert code == 0
    data = json.loads(out.splitlines()[-1])
    assert data["status"] == "completed" and data["files"] == 1
    assert (tmp_path / "r" / "src" / "メール.eml").read_text(encoding="utf-8") == "本文"
    assert snapshot(src) == before


def test_backup_refusal_is_one_sentence_and_json(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.eml").write_bytes(b"a")
    before = snapshot(src)
    code, out, err = run_cli(
        "--lang", "ja", "backup", "--source", str(src), "--dest", str(src / "x")
    )
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "保存先" in err and "Traceback" not in err
    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(src), "--dest", str(src / "x"), "--json"
    )
    data = json.loads(out.splitlines()[-1])
    assert code == 1 and data["status"] == "failed"
    assert data["error_key"] == "mailbackup.error.dest_inside_source"
    assert not (src / "x").exists()
    assert snapshot(src) == before


def test_backup_of_a_snapshot_takes_the_detected_stores(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The real Thunderbird detection finds the profile through profiles.ini.
    root, profile, machine = snapshot_with_thunderbird(tmp_path)
    home = root / "home" / "taro"
    before = snapshot(home)
    code, out, err = run_cli(*machine, "backup", "--dest", str(tmp_path / "d"), "--json")
    assert code == 0, err
    assert snapshot(home) == before
    data = json.loads(out.splitlines()[-1])
    assert data["files"] == 7
    backup = backup_folder(tmp_path / "d")
    assert sorted(p.name for p in backup.iterdir()) == [profile.name, "manifest.json"]
    assert (backup / profile.name / "prefs.js").read_bytes() == (profile / "prefs.js").read_bytes()

    code, out, _ = run_cli(
        *machine, "backup", "--app", "apple-mail", "--dest", str(tmp_path / "d"), "--json"
    )
    assert code == 1
    assert json.loads(out.splitlines()[-1])["error_key"] == "mailbackup.error.nothing_to_back_up"


def snapshot_with_thunderbird(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """A Linux snapshot (taro's Thunderbird profile): its root, the profile, and the
    options that diagnose it."""
    root = tmp_path / "machine"
    home = root / "home" / "taro"
    profile = thunderbird_like_profile(home / ".thunderbird", with_socket=False)
    (home / ".thunderbird" / "profiles.ini").write_text(
        "[General]\nStartWithLastProfile=1\nVersion=2\n\n"
        f"[Profile0]\nName=default-release\nIsRelative=1\nPath={profile.name}\nDefault=1\n",
        encoding="utf-8",
    )
    return root, profile, ["--platform", "linux", "--root", str(root), "--home", str(home)]


def test_backup_of_a_snapshot_says_paths_as_the_machine_shows_them(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: every printed path is the snapshot machine's (``/home/taro/…``), never
    the host folder the snapshot sits in; JSON keeps its host paths and adds the shown."""
    root, profile, machine = snapshot_with_thunderbird(tmp_path)
    dest = root / "home" / "taro" / "Backups"
    code, out, err = run_cli("--lang", "en", *machine, "backup", "--dest", str(dest))
    assert code == 0, err
    assert str(tmp_path) not in err, err
    done = next(line for line in err.splitlines() if line.startswith("Backup complete"))
    assert done.startswith("Backup complete: 7 files") and done.endswith(" and verified."), done
    assert " saved to /home/taro/Backups/Mail backup " in done

    code, out, err = run_cli("--lang", "ja", *machine, "backup", "--dest", str(dest), "--json")
    assert code == 0 and str(tmp_path) not in err, err
    data = json.loads(out.splitlines()[-1])
    assert data["backup_dir"].startswith(str(dest))  # the contract's field: where it is here
    assert data["backup_dir_shown"] == "/home/taro/Backups/" + Path(data["backup_dir"]).name
    assert data["partial_dir"] is None and data["partial_dir_shown"] is None  # renamed: gone
    assert str(tmp_path) not in data["message"] and "/home/taro/Backups/" in data["message"]

    inside = profile / "backups"  # refused: the destination lies in the mail data
    for extra in ([], ["--json"]):
        code, out, err = run_cli("--lang", "en", *machine, "backup", "--dest", str(inside), *extra)
        assert code == 1 and str(tmp_path) not in err + out, err
        assert f"/home/taro/.thunderbird/{profile.name}" in err.splitlines()[-1]


def test_backup_of_a_windows_snapshot_says_c_users(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo's Windows PC written afresh (registry exports, two PSTs): the lines say
    ``C:\\Users\\taro\\…`` as that PC does, never the host folder."""
    from windows_machines import write_demo

    write_demo(tmp_path)
    root, registry = tmp_path / "windows", tmp_path / "registry"
    machine = [
        "--platform", "windows", "--root", str(root), "--home", str(root / "Users" / "taro"),
        "--registry", str(registry / "hklm.reg"), "--registry", str(registry / "hkcu.reg"),
    ]  # fmt: skip
    dest = root / "Users" / "taro" / "Backups"
    backup = ["backup", "--app", "outlook-windows", "--dest", str(dest), "--json"]
    code, out, err = run_cli("--lang", "ja", *machine, *backup)
    assert code == 0 and str(tmp_path) not in err, err
    data = json.loads(out.splitlines()[-1])
    folder = Path(data["backup_dir"]).name
    assert data["backup_dir_shown"] == f"C:\\Users\\taro\\Backups\\{folder}"
    assert f"C:\\Users\\taro\\Backups\\{folder}に保存し" in err.splitlines()[-1]


def test_progress_meter_throttles_and_always_reports_the_end() -> None:
    now = [0.0]
    reports: list[int] = []
    meter = ProgressMeter(
        "copy", 1000, 10, lambda p: reports.append(p.bytes_done), 20, clock=lambda: now[0]
    )
    for _ in range(10):
        meter.add_bytes(10)  # all within the same instant: one report
    assert reports == [10]
    now[0] = 0.06
    meter.add_bytes(10)
    assert reports == [10, 110]
    meter.finish()
    assert reports == [10, 110, 110]
    snap = meter.snapshot(now=1.0)
    assert snap.bytes_per_second == 110 and snap.eta_seconds is None  # too early to tell
    assert meter.snapshot(now=4.0).eta_seconds is not None
    token = CancelToken()
    assert not token.cancelled
    token.cancel()
    assert token.cancelled


def test_windows_long_paths() -> None:
    assert windows_long_path("C:\\Users\\u\\a.pst") == "\\\\?\\C:\\Users\\u\\a.pst"
    assert windows_long_path("\\\\server\\share\\a.pst") == "\\\\?\\UNC\\server\\share\\a.pst"
    assert windows_long_path("\\\\?\\C:\\x") == "\\\\?\\C:\\x"
    deep = "C:\\" + "\\".join(["フォルダー"] * 80)
    assert windows_long_path(deep).startswith("\\\\?\\C:\\フォルダー")


def test_default_destination_is_a_dated_private_folder_in_documents(tmp_path: Path) -> None:
    when = datetime(2026, 11, 25, 14, 5)
    assert backup_folder_name(Translator("ja"), when) == "メールのバックアップ_2026-11-25_1405"
    assert backup_folder_name(Translator("en"), when) == "Mail backup 2026-11-25 1405"
    env = Environment.snapshot("windows", tmp_path, home=tmp_path / "Users" / "u")
    assert default_backup_parent(env) == tmp_path / "Users" / "u" / "Documents"
    (tmp_path / "Mail backup").mkdir()
    (tmp_path / "Mail backup (2).partial").mkdir()
    assert free_name(tmp_path, "Mail backup") == "Mail backup (3)"
    assert os.access(tmp_path, os.W_OK)


def test_human_progress_line_in_both_languages() -> None:
    import io

    from assistant.backup.progress import Progress
    from assistant.cli.job_runner import ProgressPrinter, run_cancellable

    progress = Progress("copy", 512 * 1024**2, 2 * 1024**3, 120, 400, "p/INBOX", 100e6, 75.0)
    out = io.StringIO()
    en = ProgressPrinter(out, Translator("en"), as_json=False)
    assert en.line(progress) == (
        "25%  512.0 MB / 2.0 GB  files 120/400  95.4 MB/s  1:15 left  p/INBOX"
    )
    ja = ProgressPrinter(out, Translator("ja"), as_json=False).line(progress)
    assert "ファイル120/400個" in ja and "残り1:15" in ja
    ProgressPrinter(out, Translator("en"), as_json=True)(progress)
    assert json.loads(out.getvalue().splitlines()[-1])["eta_seconds"] == 75.0
    token = CancelToken()
    assert run_cancellable(lambda: 42, token) == 42 and not token.cancelled


def test_a_job_runs_with_the_start_frozen_and_the_caller_gets_it_back() -> None:
    """The collector does not walk start-up's objects during a long job; a caller that runs
    on (a test's process) finds the collector as it left it."""
    import gc

    from assistant.backup.progress import CancelToken
    from assistant.cli.job_runner import run_cancellable

    assert gc.get_freeze_count() == 0
    during = run_cancellable(gc.get_freeze_count, CancelToken())
    assert during > 0
    assert gc.get_freeze_count() == 0
