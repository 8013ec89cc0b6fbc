"""§1 for the live machine: another user's home (``--home`` without ``--root``) is a boundary.

The helpdesk runs the assistant as root on a lab PC to diagnose hanako's home. Her own
files are hers to write: a ``profiles.ini`` with an absolute ``Path=`` into jiro's 0700
home, or a ``prefs.js`` that links to a system file, must never make root read (report),
rewrite (fix) or copy (backup) them. Each escape is a finding worded for a home. A live
run without ``--home`` (a user's own profile kept on another disk) keeps no boundary.

``/etc/shadow`` is stood for by a file in the test's own folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from hostile_snapshots import ALONE, SECRET, cli

from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

OUTSIDE_HOME = "homebound.problem.outside_home"


def _lab_pc(base: Path) -> tuple[Path, Path, Path]:
    """(hanako's home, jiro's profile, the stand-in for /etc/shadow)."""
    hanako = base / "home" / "hanako"
    jiro = base / "home" / "jiro"
    jiro_profile = write_profile(
        jiro / ".thunderbird" / "p1",
        {k: v.replace("taro", "jiro") if isinstance(v, str) else v for k, v in ACCOUNTS.items()},
    )
    jiro.chmod(0o700)
    shadow = base / "etc" / "shadow"
    shadow.parent.mkdir()
    shadow.write_text(f"root:{SECRET}:19000:0:99999:7:::\n")
    tb = hanako / ".thunderbird"
    write_profiles_ini(
        tb,
        f"[Profile0]\nName=stolen\nIsRelative=0\nPath={jiro_profile}\nDefault=1\n\n"
        "[Profile1]\nName=own\nIsRelative=1\nPath=own\n\n"
        "[Profile2]\nName=shadow\nIsRelative=1\nPath=shadowed\n",
    )
    write_profile(tb / "own", ACCOUNTS)
    (tb / "shadowed").mkdir()
    (tb / "shadowed" / "prefs.js").symlink_to(shadow)
    return hanako, jiro_profile, shadow


def _digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes (so any write shows)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_report_never_reads_what_another_users_files_point_to(tmp_path: Path) -> None:
    hanako, jiro_profile, shadow = _lab_pc(tmp_path)
    run = cli("--lang", "en", "report", "--home", hanako, "--format", "json")
    assert "jiro@" not in run.out and SECRET not in run.out
    data = run.json()
    assert run.code == 3 and data["incomplete"] is True
    texts = [p["text"] for p in data["problems"] if p["id"] == OUTSIDE_HOME]
    assert texts == [
        f"{jiro_profile} points outside the home folder {hanako} ({jiro_profile}), "
        "so it was not read.",
        f"{hanako}/.thunderbird/shadowed/prefs.js points outside the home folder {hanako} "
        f"({shadow}), so it was not read.",
    ]
    assert "taro@isc.chubu.ac.jp" in run.out  # her own profile is still diagnosed
    ja = cli("--lang", "ja", "report", "--home", hanako, "--format", "json").json()
    [first, _] = [p["text"] for p in ja["problems"] if p["id"] == OUTSIDE_HOME]
    assert first == (
        f"{jiro_profile}はホームフォルダー{hanako}の外（{jiro_profile}）を指しているため、"
        "読み取りませんでした。"
    )


def test_fix_never_writes_outside_the_home(tmp_path: Path) -> None:
    hanako, jiro_profile, shadow = _lab_pc(tmp_path)
    before = _digest(jiro_profile)
    stolen = cli(
        "--lang", "en", "fix", "thunderbird", "--home", hanako, "--profile", "stolen", "--yes"
    )
    assert stolen.code != 0
    assert f"{jiro_profile} points outside the home folder {hanako}" in stolen.err
    assert "There is no Thunderbird profile called “stolen”" in stolen.err
    shadowed = cli(
        "--lang", "en", "fix", "thunderbird", "--home", hanako, "--profile", "shadow", "--yes"
    )
    assert shadowed.code != 0
    assert f"prefs.js points outside the home folder {hanako} ({shadow})" in shadowed.err
    assert SECRET not in shadowed.out + shadowed.err
    assert _digest(jiro_profile) == before  # no rewrite, no copy, no record left there
    assert shadow.read_text() == f"root:{SECRET}:19000:0:99999:7:::\n"


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None,
    reason="a live backup alone on the machine (no Thunderbird running) needs root and unshare",
)
def test_backup_copies_only_what_is_inside_the_home(tmp_path: Path) -> None:
    hanako, jiro_profile, _ = _lab_pc(tmp_path)
    dest = tmp_path / "dest"
    dest.mkdir()
    args = ("--lang", "en", "backup", "--home", hanako, "--app", "thunderbird", "--dest", dest)
    run = cli(*args, prefix=ALONE)
    assert run.code == 0, run.err
    assert f"{jiro_profile} points outside the home folder {hanako}" in run.err
    copied = [p for p in dest.rglob("*") if p.is_file()]
    assert copied and all("jiro" not in p.read_text(errors="replace") for p in copied)
    assert all(SECRET not in p.read_text(errors="replace") for p in copied)
    [backup] = dest.iterdir()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert str(jiro_profile) not in json.dumps(manifest)


def test_restore_into_the_home_never_follows_into_another_users(tmp_path: Path) -> None:
    """A backup of jiro's profile is not restored through hanako's run (this already held:
    restore resolves its targets inside the home; pinned here with the rest)."""
    hanako, jiro_profile, _ = _lab_pc(tmp_path)
    dest = tmp_path / "dest"
    dest.mkdir()
    made = cli("--lang", "en", "backup", "--source", jiro_profile, "--dest", dest)
    assert made.code == 0, made.err
    [backup] = dest.iterdir()
    before = _digest(jiro_profile)
    run = cli("--lang", "en", "restore", backup, "--home", hanako, "--yes")
    assert run.code == 1
    assert f"p1 came from {jiro_profile}, which is not a place" in run.err
    assert _digest(jiro_profile) == before


def test_a_users_own_live_run_keeps_no_boundary(tmp_path: Path) -> None:
    """Without --home the profile elsewhere on the machine is the user's own: read."""
    hanako, _, _ = _lab_pc(tmp_path)
    run = cli("--lang", "en", "report", "--format", "json", env={"HOME": str(hanako)})
    assert "jiro@isc.chubu.ac.jp" in run.out
    assert OUTSIDE_HOME not in run.out


def test_undo_never_writes_through_a_link_out_of_the_home(tmp_path: Path) -> None:
    """A real fix leaves a copy and our record in her profile; she then swaps prefs.js for
    a link to a system file. --undo run as root wrote her copy into it (and copied the
    system file into her profile as prefs.js.before-undo-…)."""
    hanako, _, shadow = _lab_pc(tmp_path)
    own = hanako / ".thunderbird" / "own"
    fixed = cli("--lang", "en", "fix", "thunderbird", "--home", hanako, "--profile", "own", "--yes")
    assert fixed.code == 0, fixed.err
    (own / "prefs.js").unlink()
    (own / "prefs.js").symlink_to(shadow)
    before = sorted(p.name for p in own.iterdir())
    run = cli("--lang", "en", "fix", "thunderbird", "--home", hanako, "--profile", "own", "--undo")
    assert run.code == 1
    assert run.err == (
        f"{own / 'prefs.js'} points outside the home folder {hanako} ({shadow}), "
        "so it was not read.\n"
    )
    assert shadow.read_text() == f"root:{SECRET}:19000:0:99999:7:::\n"
    assert sorted(p.name for p in own.iterdir()) == before
