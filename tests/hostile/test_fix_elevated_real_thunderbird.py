"""Issue 16 §3 with the real Thunderbird: ``fix thunderbird`` run as root on a profile an
ordinary user owns, then that user's Thunderbird starts on the result and keeps it (before
the fix it found a root-owned 0600 prefs.js, saved an empty Invalidprefs.js and started
with default settings)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_snapshots import open_tree
from safewrite_support import NOBODY, as_root, chown_tree, owner

from assistant.detect.thunderbird.prefs import parse_prefs
from tests.test_thunderbird_real import (  # noqa: F401 - thunderbird_home is a fixture
    REJECTED,
    THUNDERBIRD,
    _profile_of,
    _read,
    thunderbird,
    thunderbird_home,
    wait_until,
)

pytestmark = [
    pytest.mark.thunderbird,
    pytest.mark.skipif(THUNDERBIRD is None, reason="thunderbird is not on PATH"),
]


@as_root
def test_users_thunderbird_keeps_oauth2_after_a_fix_run_as_root(
    thunderbird_home: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    with open_tree() as base:
        home = base / "home"
        shutil.copytree(thunderbird_home, home, symlinks=True)
        chown_tree(home)  # the user's home, as a helpdesk finds it
        monkeypatch.setenv("HOME", str(home))
        profile = _profile_of(home)
        prefs = profile / "prefs.js"
        mode = owner(prefs)[2]

        code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")

        assert (code, err) == (0, ""), out
        assert owner(prefs) == (NOBODY, NOBODY, mode)
        ours = prefs.read_bytes()
        with thunderbird(home, profile, user=NOBODY):
            wait_until(lambda: _read(prefs) not in (ours, b""), "rewrite prefs.js")
        saved = parse_prefs(prefs.read_bytes())
        assert saved.issues == []
        assert saved.values()["mail.server.server1.authMethod"] == 10
        assert saved.values()["mail.smtpserver.smtp1.authMethod"] == 10
        assert not [name for name in REJECTED if (profile / name).exists()]
        assert owner(prefs)[:2] == (NOBODY, NOBODY)
