"""Generators of hostile snapshots, and the CLI run as a user meets it (a subprocess with
a timeout, as root or as a throw-away unprivileged user).

Every case is real files on a real file system: FIFOs (``os.mkfifo``), device nodes
(``os.mknod``), symbolic links out of the snapshot, registry exports and profiles.ini
that point out of it, file names that are not UTF-8 (``os.fsencode`` bytes names).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.regexport import export_v5, write_export
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini
from tests.windows_machines import pop3_account, profile, pst_service

REPO = Path(__file__).resolve().parents[2]
# A hostile case that hangs is a failure, never a stuck test run.
TIMEOUT = 60
UNPRIVILEGED = "nobody"
# An Outlook data file's name as an old Japanese Windows wrote it: Shift_JIS bytes
# ("あいう.pst"), not valid UTF-8, so Python sees lone surrogates (surrogateescape).
SJIS_PST = "あいう.pst".encode("shift_jis")
# A live run that sees no other process (no Thunderbird another test or session left
# running as root, which would make a live backup refuse): a PID namespace of its own.
ALONE = ("unshare", "--pid", "--fork", "--mount-proc")
# What the host (outside every snapshot) holds: no byte of it may appear anywhere.
SECRET = "host-secret-7f3a"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The whole of stdout as JSON (report --json)."""
        return json.loads(self.out)

    def last_json(self) -> Any:
        """The last line of stdout as JSON (backup, verify, restore --json)."""
        return json.loads(self.out.strip().splitlines()[-1])


def can_drop_privileges() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv") is not None


unprivileged = pytest.mark.skipif(
    not can_drop_privileges(), reason="running as another user needs root to switch users"
)


def users() -> list[Any]:
    """Parameters for a test run as root and as an unprivileged user (skipped with a
    reason when the tests do not run as root and so cannot switch users)."""
    return [
        pytest.param(None, id="root"),
        pytest.param(
            UNPRIVILEGED,
            id=UNPRIVILEGED,
            marks=pytest.mark.skipif(
                not can_drop_privileges(),
                reason="running as an unprivileged user needs root and setpriv (util-linux)",
            ),
        ),
    ]


def _as_user(user: str | None) -> list[str]:
    """The command prefix that runs as ``user`` with no extra groups and no capabilities."""
    if user is None:
        return []
    return ["setpriv", f"--reuid={user}", f"--regid={user_group(user)}", "--clear-groups"]


def user_group(user: str) -> str:
    import grp
    import pwd

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def cli(
    *args: str | Path,
    user: str | None = None,
    env: dict[str, str] | None = None,
    logs: Path | None = None,
    timeout: float = TIMEOUT,
    prefix: tuple[str, ...] = (),
) -> Run:
    """``python -m assistant ARGS`` in a fresh process; fails the test if it hangs.
    ``prefix``: a command it runs under (``ALONE``: its own process namespace)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "PYTHON", "QT_"))}
    environ.update({"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"})
    environ["MAIL_MIGRATION_ASSISTANT_LOG_DIR"] = str(logs or _shared_logs())
    environ["PYTHONPATH"] = str(REPO)
    if env:
        environ.update(env)
    try:
        done = subprocess.run(
            [*prefix, *_as_user(user), sys.executable, "-m", "assistant", *map(str, args)],
            cwd=REPO,
            env=environ,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"hung: {' '.join(map(str, args))} did not end within {timeout} s")
    out = done.stdout.decode("utf-8")  # strict: the output must be valid UTF-8
    err = done.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    return Run(done.returncode, out, err)


_logs: Path | None = None


def _shared_logs() -> Path:
    global _logs
    if _logs is None:
        _logs = Path(tempfile.mkdtemp(prefix="hostile-logs-"))
        _logs.chmod(0o1777)
    return _logs


@contextmanager
def open_tree() -> Iterator[Path]:
    """A folder every user may enter (pytest's tmp_path is root's own, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in folder.rglob("*"):  # give back what a test took away, then remove
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


def let_everyone_read(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            path.chmod(0o755)
        elif stat.S_ISREG(mode):
            path.chmod(0o644)


def host_secret(base: Path) -> Path:
    """A host folder outside the snapshot with a file and a Thunderbird profile in it."""
    host = base / "host"
    (host / "secret.pst").parent.mkdir(parents=True, exist_ok=True)
    (host / "secret.pst").write_text(SECRET)
    write_profile(
        host / "hostprofile",
        {
            **ACCOUNTS,
            "mail.server.server1.hostname": f"{SECRET}.example",
        },
    )
    write_profiles_ini(host, "[Profile0]\nName=host\nIsRelative=1\nPath=hostprofile\n")
    return host


def linux_snapshot(base: Path, profiles: tuple[str, ...] = ("good",)) -> tuple[Path, Path]:
    """(root, home) of a Linux snapshot with Thunderbird profiles and an os-release."""
    root = base / "root"
    home = root / "home" / "u"
    tb = home / ".thunderbird"
    for name in profiles:
        write_profile(tb / name, ACCOUNTS)
    write_profiles_ini(
        tb,
        "".join(
            f"[Profile{i}]\nName={name}\nIsRelative=1\nPath={name}\n"
            for i, name in enumerate(profiles)
        ),
    )
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    return root, home


def linux_args(root: Path, home: Path) -> list[str]:
    return ["--platform", "linux", "--root", str(root), "--home", str(home)]


def windows_snapshot(base: Path, pst_paths: list[str]) -> tuple[Path, Path]:
    """(root, registry export) of a Windows PC whose Outlook profile names ``pst_paths``."""
    root = base / "root"
    (root / "Users" / "taro" / "Documents").mkdir(parents=True, exist_ok=True)
    services = [pst_service(f"{i:032x}", path) for i, path in enumerate(pst_paths, 1)]
    sections = profile(
        "Outlook",
        [("00000001", pop3_account("taro@isc.chubu.ac.jp", "outlook.office365.com", "x"))],
        services,
    )
    reg = write_export(base / "hkcu.reg", export_v5(sections))
    return root, reg


def windows_args(root: Path, reg: Path) -> list[str]:
    return ["--platform", "windows", "--root", str(root), "--registry", str(reg)]


def device_like_zero(path: Path) -> None:
    """A character device node like /dev/zero (1, 5) at ``path`` (needs root)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mknod(path, stat.S_IFCHR | 0o644, os.makedev(1, 5))


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)
    return path


def nowhere_in(text: str) -> bool:
    return SECRET not in text
