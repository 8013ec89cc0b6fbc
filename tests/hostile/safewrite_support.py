"""For the elevated-run tests: a throw-away owner (uid 65534, ``nobody``), trees it owns,
and the assistant run as that user (``setpriv``) from the outside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

NOBODY = 65534  # exists on every Debian system; owns nothing of ours
REPO = Path(__file__).resolve().parents[2]

as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root: files owned by another user are made with os.chown",
)


def chown_tree(top: Path, uid: int = NOBODY, gid: int = NOBODY) -> None:
    """``top`` and everything under it (links themselves, not their targets) to uid:gid."""
    os.lchown(top, uid, gid)
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def owner(path: Path) -> tuple[int, int, int]:
    """(uid, gid, permission bits) of ``path`` itself."""
    st = os.lstat(path)
    return st.st_uid, st.st_gid, st.st_mode & 0o7777


def run_cli_as(uid: int, home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m assistant ARGV`` as ``uid`` (no capabilities, no groups), HOME=home."""
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO),
        "MAIL_MIGRATION_ASSISTANT_LOG_DIR": str(home / "logs"),
    }
    command = [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        sys.executable,
        "-m",
        "assistant",
        *argv,
    ]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, cwd=home, check=False
    )


def backup_with_cli(run_cli, source: Path, dest: Path) -> Path:  # type: ignore[no-untyped-def]
    """``backup --source SOURCE --dest DEST`` from the command line; the finished backup."""
    code, out, err = run_cli(
        "--lang", "en", "backup", "--source", str(source), "--dest", str(dest), "--json"
    )
    assert code == 0, err
    return Path(json.loads(out.splitlines()[-1])["backup_dir"])


def home_with_profile(home: Path) -> Path:
    """A home folder with one Thunderbird profile "main" (``.thunderbird/k2j3.main``,
    holding ACCOUNTS); returns the profile folder."""
    profile = write_profile(home / ".thunderbird" / "k2j3.main", ACCOUNTS)
    write_profiles_ini(
        home / ".thunderbird", "[Profile0]\nName=main\nIsRelative=1\nPath=k2j3.main\n"
    )
    return profile
