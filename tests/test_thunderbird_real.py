"""Against the real Thunderbird: it creates the profile and writes prefs.js, we diagnose
and fix it, and Thunderbird starts on the result. Every run is bounded and killed.

Measured here (Debian 153.7.0esr, headless): a start reaches ``final-ui-startup`` in
0.3–0.7 s and rewrites prefs.js 1–3 s later; it does not quit by itself, and SIGTERM
ends it at once without a clean shutdown (prefs.js is not written at exit; it removes
the ``lock`` symlink, ``.parentlock`` stays). SIGKILL, like a crash, leaves both behind:
a stale lock, which must not count as "running".
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant.detect.thunderbird.accounts import read_accounts
from assistant.detect.thunderbird.lock import profile_in_use
from assistant.detect.thunderbird.prefs import parse_prefs
from tests.thunderbird_samples import ACCOUNTS, prefs_js

THUNDERBIRD = shutil.which("thunderbird")
pytestmark = [
    pytest.mark.thunderbird,
    pytest.mark.skipif(
        THUNDERBIRD is None, reason="thunderbird is not on PATH (CI installs Debian's package)"
    ),
]
DEADLINE = 30.0  # seconds any one wait may take before the test fails
REJECTED = ("Invalidprefs.js", "Invalid prefs.js", "prefs-1.js")

# Accounts Thunderbird can set up without a network: IMAP, POP, Local Folders, 2 SMTP.
FIRST_START = {
    k: v
    for k, v in ACCOUNTS.items()
    if not k.startswith(("mail.server.server4", "mail.server.server5", "mail.account.account4"))
    and not k.startswith(("mail.account.account5", "mail.identity.id3"))
}
FIRST_START["mail.accountmanager.accounts"] = "account1,account2,account3"
# The IMAP server has no authMethod line (the default); the SMTP one says 3 explicitly:
# the fix adds one line and replaces one value.
FIRST_START["mail.smtpserver.smtp1.authMethod"] = 3


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Poll a condition (the pytest-qt waitUntil way), failing after DEADLINE."""
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"Thunderbird did not {what} within {DEADLINE:.0f} s")
        time.sleep(0.05)


@contextmanager
def thunderbird(
    home: Path, profile: Path, crash: bool = False, user: int | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Thunderbird running headless on ``profile`` (as ``user``, uid = gid, no other groups,
    when given); its whole process group is killed after (SIGTERM, or SIGKILL at once with
    ``crash``, which leaves its lock files behind)."""
    assert THUNDERBIRD is not None
    (profile / "sessionCheckpoints.json").unlink(missing_ok=True)
    env = {**os.environ, "HOME": str(home), "MOZ_HEADLESS": "1", "MOZ_CRASHREPORTER_DISABLE": "1"}
    with (home / "thunderbird.log").open("ab") as log:
        proc = subprocess.Popen(
            [THUNDERBIRD, "--headless", "--profile", str(profile)],
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
            user=user,
            group=user,
            extra_groups=None if user is None else [],
        )
    try:
        wait_until(lambda: _started(profile) or proc.poll() is not None, "start")
        assert proc.poll() is None, "Thunderbird exited during start"
        yield proc
    finally:
        for sig in (signal.SIGKILL,) if crash else (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                # SIGTERM is a normal quit: Thunderbird saves prefs.js through a temporary
                # prefs-1.js. On a loaded machine that can take well over 10 s, and a
                # SIGKILL meanwhile left the temporary behind (seen here once).
                proc.wait(timeout=10 if sig == signal.SIGKILL else 90)
                break
            except subprocess.TimeoutExpired:
                continue
        proc.wait(timeout=10)


def _started(profile: Path) -> bool:
    try:
        checkpoints = json.loads((profile / "sessionCheckpoints.json").read_text())
    except (OSError, ValueError):
        return False
    return bool(checkpoints.get("final-ui-startup"))


def _profile_of(home: Path) -> Path:
    ini = (home / ".thunderbird" / "profiles.ini").read_text()
    path = next(line.split("=", 1)[1] for line in ini.splitlines() if line.startswith("Path="))
    return home / ".thunderbird" / path


@pytest.fixture(scope="session")
def thunderbird_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder whose profile Thunderbird created and filled with accounts itself."""
    home = tmp_path_factory.mktemp("tb-home")
    assert THUNDERBIRD is not None
    subprocess.run(
        [THUNDERBIRD, "--headless", "-CreateProfile", "uni"],
        env={**os.environ, "HOME": str(home), "MOZ_HEADLESS": "1"},
        check=True,
        capture_output=True,
        timeout=60,
    )
    profile = _profile_of(home)
    # Accounts arrive the way an administrator would hand them out: a user.js read at
    # start, which Thunderbird then saves into prefs.js (removed afterwards).
    user_js = profile / "user.js"
    user_js.write_text(prefs_js(FIRST_START), encoding="utf-8")
    with thunderbird(home, profile):
        wait_until(
            lambda: b"mail.smtpserver.smtp1.hostname" in _read(profile / "prefs.js"),
            "save the accounts into prefs.js",
        )
    user_js.unlink()
    return home


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


@pytest.fixture
def home(thunderbird_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the Thunderbird-made home, set as this process's HOME."""
    home = tmp_path / "home"
    shutil.copytree(thunderbird_home, home, symlinks=True)
    monkeypatch.setenv("HOME", str(home))
    yield home


def test_diagnosis_reads_what_thunderbird_wrote(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = _profile_of(home)
    with thunderbird(home, profile, crash=True):
        assert profile_in_use(profile)
    # A crash leaves the lock files behind; nobody holds the lock any more.
    assert (profile / "lock").is_symlink() and (profile / ".parentlock").exists()
    assert not profile_in_use(profile)
    code, out, _ = run_cli("report", "--json", "--lang", "en")
    report = json.loads(out)
    assert code == 1
    mine = [a for a in report["accounts"] if a["profile"] == "uni"]
    assert [(a["key"], a["protocol"], a["host"], a["auth"], a["status"]) for a in mine] == [
        ("server1", "imap", "outlook.office365.com", "password", "needs_migration"),
        ("server2", "pop3", "pop.gmail.com", "password", "not_applicable"),
        ("smtp1", "smtp", "smtp.office365.com", "password", "needs_migration"),
        ("smtp2", "smtp", "smtp.gmail.com", "password", "not_applicable"),
    ]
    assert mine[0]["email"] == "taro@isc.chubu.ac.jp"
    # The name each account sends as, as Thunderbird saved it (for --redact to mask).
    saved = parse_prefs((profile / "prefs.js").read_bytes()).values()
    names = {a.key: a.person_name for a in read_accounts(saved, "uni")}
    assert names == {"server1": "山田 太郎", "server2": None, "smtp1": "山田 太郎", "smtp2": None}
    store = next(s for s in report["data_stores"] if s["profile"] == "uni")
    assert store["kind"] == "thunderbird_profile" and store["bytes"] > 100_000
    assert not [p for p in report["problems"] if "prefs.js" in p["text"]]
    assert "thunderbird.migrate" in [a["id"] for a in report["actions"]]


def test_thunderbird_accepts_the_fixed_prefs_js(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = _profile_of(home)
    before = (profile / "prefs.js").read_bytes()
    assert b'user_pref("mail.smtpserver.smtp1.authMethod", 3);' in before
    assert b"mail.server.server1.authMethod" not in before
    code, _, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    ours = (profile / "prefs.js").read_bytes()
    assert (code, err) == (0, "")
    assert (
        ours.replace(b'user_pref("mail.server.server1.authMethod", 10);\n', b"").replace(
            b'smtp1.authMethod", 10);', b'smtp1.authMethod", 3);'
        )
        == before
    )
    with thunderbird(home, profile):
        wait_until(lambda: _read(profile / "prefs.js") not in (ours, b""), "rewrite prefs.js")
    # Thunderbird saved prefs.js from what it had loaded: our values survived.
    saved = parse_prefs((profile / "prefs.js").read_bytes())
    assert saved.issues == []
    values = saved.values()
    assert values["mail.server.server1.authMethod"] == 10
    assert values["mail.smtpserver.smtp1.authMethod"] == 10
    assert values["mail.server.server2.authMethod"] == 4
    assert not [name for name in REJECTED if (profile / name).exists()]
    code, out, _ = run_cli("report", "--json", "--lang", "en")
    statuses = {a["key"]: a["status"] for a in json.loads(out)["accounts"]}
    assert statuses["server1"] == statuses["smtp1"] == "ok"


def test_thunderbird_rejects_a_broken_prefs_js(home: Path) -> None:
    """The check above means something: a file Thunderbird cannot parse gets renamed."""
    profile = _profile_of(home)
    with (profile / "prefs.js").open("ab") as f:
        f.write(b'user_pref("mail.server.server1.authMethod", ;\n')
    with thunderbird(home, profile):
        wait_until(lambda: any((profile / n).exists() for n in REJECTED), "reject prefs.js")


def test_fix_refuses_while_thunderbird_runs(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = _profile_of(home)
    with thunderbird(home, profile) as proc:
        wait_until(lambda: profile_in_use(profile), "lock its profile")
        code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
        assert proc.poll() is None
    assert code == 1 and out == ""
    assert "Thunderbird is using the profile “uni”" in err
    assert b"server1.authMethod" not in (profile / "prefs.js").read_bytes()
    assert not list(profile.glob("prefs.js.before-oauth2-*"))
    assert not list(profile.glob(".prefs.js.*"))
    assert not profile_in_use(profile)
