"""Issue 16 §3: ``fix thunderbird`` run elevated keeps the user's owner, group and mode;
a linked prefs.js is edited at its target or refused; ``--undo`` goes back to the copy our
record names (not the newest mtime), and a bad copy is one sentence."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hostile_snapshots import open_tree
from safewrite_support import (
    NOBODY,
    as_root,
    chown_tree,
    home_with_profile,
    owner,
    run_cli_as,
)

from assistant.datafile import PREFS_LIMIT
from assistant.detect.thunderbird.prefs import parse_prefs
from tests.thunderbird_samples import ACCOUNTS, prefs_js

PROFILE = Path(".thunderbird") / "k2j3.main"


def _home(base: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = base / "home"
    home_with_profile(home)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("pathlib.Path.home", lambda: home)
    return home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return _home(tmp_path, monkeypatch)


def _auth(prefs: Path) -> object:
    return parse_prefs(prefs.read_bytes()).values().get("mail.server.server1.authMethod")


@as_root
def test_fix_as_root_keeps_the_users_owner_group_and_mode(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    prefs = home / PROFILE / "prefs.js"
    prefs.chmod(0o640)
    chown_tree(home)
    before = prefs.read_bytes()
    code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert (code, err) == (0, ""), out
    assert _auth(prefs) == 10
    assert owner(prefs) == (NOBODY, NOBODY, 0o640)
    (copy,) = prefs.parent.glob("prefs.js.before-oauth2-*")
    assert copy.read_bytes() == before
    assert owner(copy) == (NOBODY, NOBODY, 0o640)
    assert owner(prefs.parent / "prefs.js.oauth2-copies.json")[:2] == (NOBODY, NOBODY)
    assert not list(prefs.parent.glob(".prefs.js.*"))  # no temporary file left

    code, out, _ = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 0 and str(copy) in out
    assert prefs.read_bytes() == before
    assert owner(prefs) == (NOBODY, NOBODY, 0o640)
    (undo_copy,) = prefs.parent.glob("prefs.js.before-undo-*")
    assert owner(undo_copy) == (NOBODY, NOBODY, 0o640)


def test_a_linked_prefs_js_is_edited_at_its_target(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = home / PROFILE
    real = home / "dotfiles" / "prefs.js"
    real.parent.mkdir()
    (profile / "prefs.js").rename(real)
    (profile / "prefs.js").symlink_to(real)
    code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert (code, err) == (0, ""), out
    assert (profile / "prefs.js").is_symlink() and (profile / "prefs.js").readlink() == real
    assert _auth(real) == 10
    (copy,) = profile.glob("prefs.js.before-oauth2-*")
    assert not copy.is_symlink() and _auth(copy) is None


@as_root
def test_a_link_into_someone_elses_file_is_refused(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = home / PROFILE
    elsewhere = home.parent / "root-owned-prefs.js"
    (profile / "prefs.js").rename(elsewhere)
    (profile / "prefs.js").symlink_to(elsewhere)
    chown_tree(home)  # the user's profile and link; the target stays root's
    before = elsewhere.read_bytes()
    code, _, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert code == 1
    assert err.strip() == (
        f"{profile / 'prefs.js'} is a link to {elsewhere}, which belongs to someone else,"
        " so nothing was written."
    )
    assert elsewhere.read_bytes() == before and owner(elsewhere)[:2] == (0, 0)
    assert (profile / "prefs.js").is_symlink()


def _fix_twice(home: Path, run_cli) -> tuple[Path, Path, bytes]:  # type: ignore[no-untyped-def]
    """Two fixes a day apart (the user switched back in between): copies A, then B."""
    prefs = home / PROFILE / "prefs.js"
    assert run_cli("fix", "thunderbird", "--yes", "--lang", "en")[0] == 0
    prefs.write_text(prefs_js({**ACCOUNTS, "mail.server.server1.authMethod": 4}))
    second = prefs.read_bytes()
    assert run_cli("fix", "thunderbird", "--yes", "--lang", "en")[0] == 0
    record = json.loads((prefs.parent / "prefs.js.oauth2-copies.json").read_text())
    first, latest = (prefs.parent / name for name in record["copies"])
    assert latest.read_bytes() == second
    return first, latest, second


def test_undo_takes_the_copy_the_latest_fix_made_not_the_newest_mtime(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    prefs = home / PROFILE / "prefs.js"
    first, latest, second = _fix_twice(home, run_cli)
    # copy2 keeps mtimes and anyone can touch a file: the older copy now looks newest.
    os.utime(first, ns=(4_000_000_000 * 10**9, 4_000_000_000 * 10**9))
    code, out, _ = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 0 and str(latest) in out
    assert prefs.read_bytes() == second


@pytest.mark.parametrize(
    "damage", ["deleted", "dangling link", "link to a file", "folder", "too big"]
)
def test_undo_with_a_bad_copy_is_one_sentence(home: Path, run_cli, damage: str) -> None:  # type: ignore[no-untyped-def]
    prefs = home / PROFILE / "prefs.js"
    _, latest, _ = _fix_twice(home, run_cli)
    fixed = prefs.read_bytes()
    latest.unlink()
    if damage == "dangling link":
        latest.symlink_to(home / "gone")
    elif damage == "link to a file":
        (home / ".bashrc").write_text("export PATH=precious\n")
        latest.symlink_to(home / ".bashrc")
    elif damage == "folder":
        latest.mkdir()
    elif damage == "too big":  # no prefs.js the fix copied is anywhere near this
        with latest.open("wb") as sparse:
            sparse.truncate(PREFS_LIMIT + 1)
    code, out, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 1 and out == ""
    expected = {
        "deleted": f"The copy to go back to, {latest}, does not exist, so nothing was undone.",
        "dangling link": f"The copy to go back to, {latest}, is not a regular file (a folder"
        " or a link), so nothing was undone.",
        "link to a file": f"The copy to go back to, {latest}, is not a regular file (a folder"
        " or a link), so nothing was undone.",
        "folder": f"The copy to go back to, {latest}, is not a regular file (a folder or a"
        " link), so nothing was undone.",
        "too big": f"{latest} is too big (the limit is 16.0 MB), so it was not read.",
    }[damage]
    assert err.strip() == expected
    assert prefs.read_bytes() == fixed
    assert not list(prefs.parent.glob("prefs.js.before-undo-*"))


@as_root
def test_undo_with_an_unreadable_copy_as_the_user_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, run_cli
) -> None:  # type: ignore[no-untyped-def]
    with open_tree() as base:
        home = _home(base, monkeypatch)
        prefs = home / PROFILE / "prefs.js"
        assert run_cli("fix", "thunderbird", "--yes", "--lang", "en")[0] == 0
        (copy,) = prefs.parent.glob("prefs.js.before-oauth2-*")
        chown_tree(home)
        copy.chmod(0o000)  # e.g. left so by another tool; root could read it, the user not
        fixed = prefs.read_bytes()
        done = run_cli_as(NOBODY, home, "--lang", "en", "fix", "thunderbird", "--undo")
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip() == (
            f"The copy to go back to, {copy}, cannot be read (Permission denied),"
            " so nothing was undone."
        )
        assert prefs.read_bytes() == fixed
        shutil.rmtree(home / "logs", ignore_errors=True)


def test_copies_from_before_the_record_go_by_the_time_in_their_names(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    profile = home / PROFILE
    older = profile / "prefs.js.before-oauth2-20261130-090000"
    newer = profile / "prefs.js.before-oauth2-20261130-090000-2"
    older.write_text(prefs_js({**ACCOUNTS, "mail.server.server1.authMethod": 3}))
    newer.write_text(prefs_js({**ACCOUNTS, "mail.server.server1.authMethod": 4}))
    os.utime(older, ns=(4_000_000_000 * 10**9, 4_000_000_000 * 10**9))  # looks newest
    code, out, _ = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 0 and str(newer) in out
    assert _auth(profile / "prefs.js") == 4
