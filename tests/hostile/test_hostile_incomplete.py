"""§6 One bad part never hides the rest, and exit codes tell the truth.

Run as an unprivileged user (root reads everything): a profile folder, a policy folder
or the --root folder that cannot be read is a sentence; the rest is still reported; a
diagnosis that could not see everything never exits 0 ("nothing to do").
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_snapshots import (
    UNPRIVILEGED,
    cli,
    let_everyone_read,
    linux_args,
    linux_snapshot,
    open_tree,
    unprivileged,
)

from tests.thunderbird_samples import write_profile


@unprivileged
def test_an_unreadable_profile_folder_hides_no_other_profile() -> None:
    with open_tree() as base:
        root, home = linux_snapshot(base, profiles=("locked", "good"))
        let_everyone_read(base)
        locked = home / ".thunderbird" / "locked"
        locked.chmod(0o000)
        run = cli("--lang", "en", *linux_args(root, home), "report", "--json", user=UNPRIVILEGED)
        data = run.json()
        assert {s["profile"] for s in data["data_stores"]} >= {"good"}
        assert any(a["profile"] == "good" for a in data["accounts"])
        texts = [p["text"] for p in data["problems"]]
        assert any(str(locked) in t and "Permission denied" in t for t in texts), texts
        assert data["incomplete"] is True
        assert run.code == 3  # incomplete (wins over the action the good profile needs)


@unprivileged
def test_unreadable_alone_is_exit_3_never_nothing_to_do() -> None:
    with open_tree() as base:
        root, home = linux_snapshot(base, profiles=("locked",))
        write_profile(home / ".thunderbird" / "locked", {})  # nothing to change in it
        let_everyone_read(base)
        (home / ".thunderbird" / "locked" / "prefs.js").chmod(0o000)
        run = cli("--lang", "en", *linux_args(root, home), "report", user=UNPRIVILEGED)
        assert run.code == 3
        assert "The diagnosis is incomplete" in run.out
        assert "Permission denied" in run.out


@unprivileged
@pytest.mark.parametrize("target", ["root", "policy"])
def test_an_unreadable_root_or_policy_folder_is_a_sentence(target: str) -> None:
    with open_tree() as base:
        root, home = linux_snapshot(base)
        policy = root / "etc" / "mail-migration-assistant"
        policy.mkdir(parents=True)
        (policy / "organization.toml").write_text("schema = 1\n")
        let_everyone_read(base)
        (root if target == "root" else policy).chmod(0o000)
        run = cli("--lang", "en", *linux_args(root, home), "report", user=UNPRIVILEGED)
        if target == "root":
            assert run.code == 2
            assert run.err == f"The folder {root} cannot be read (Permission denied).\n"
        else:
            assert run.code == 3
            assert f"The data file {policy / 'organization.toml'} cannot be read" in run.err
        assert "unexpected" not in run.err


def test_a_rejected_input_is_listed_as_not_seen(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text(ini.read_text() + "this line has no equals sign\n")
    run = cli("--lang", "en", *linux_args(root, home), "report", "--json")
    data = run.json()
    assert data["incomplete"] is True
    [problem] = data["problems"]
    assert problem == {
        "app": "thunderbird",
        "text": f"The file {ini} is malformed at line 9.",
        "id": "problem.ini_malformed",
        "incomplete": True,
    }
    assert run.code == 3


def test_a_profile_that_is_gone_is_a_fact_not_an_incomplete_diagnosis(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text(ini.read_text() + "[Profile1]\nName=gone\nIsRelative=1\nPath=gone\n")
    run = cli("--lang", "en", *linux_args(root, home), "report", "--json")
    data = run.json()
    assert [p["incomplete"] for p in data["problems"]] == [False]
    assert data["incomplete"] is False
    assert run.code == 1


def test_the_demo_is_complete() -> None:
    run = cli("--lang", "en", "--demo", "report", "--json")
    assert run.json()["incomplete"] is False
    assert run.code == 1
