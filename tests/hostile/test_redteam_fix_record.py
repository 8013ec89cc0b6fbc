"""Red-team cases for ``fix thunderbird`` and ``--undo`` with a hostile
``prefs.js.oauth2-copies.json``: undo never reads or writes outside the profile folder,
and a broken record is never "an unexpected error"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_snapshots import linux_args
from thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

from assistant.fixes.prefs_copies import RECORD_NAME


def _snapshot(base: Path) -> tuple[list[str], Path]:
    root = base / "root"
    home = root / "home" / "taro"
    tb = home / ".thunderbird"
    write_profile(tb / "p1", ACCOUNTS)
    write_profiles_ini(tb, "[Profile0]\nName=p1\nIsRelative=1\nPath=p1\n")
    (root / "etc").mkdir(parents=True, exist_ok=True)
    (root / "etc" / "os-release").write_text('NAME="Debian GNU/Linux"\nVERSION_ID="12"\n')
    return ["--lang", "en", *linux_args(root, home)], tb / "p1"


def test_a_record_that_is_a_link_is_never_written_through(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The record linked to ~/.bashrc (the user's link to the user's file, which the safe
    writer follows): the fix replaced ~/.bashrc with its JSON."""
    args, profile = _snapshot(tmp_path)
    bashrc = profile.parents[1] / ".bashrc"
    bashrc.write_text("export PATH=precious\n")
    (profile / RECORD_NAME).symlink_to("../../.bashrc")
    prefs = (profile / "prefs.js").read_bytes()
    code, _out, err = run_cli(*args, "fix", "thunderbird", "--yes")
    assert code == 1
    assert err == (
        f"{profile / RECORD_NAME} is a link. The assistant never writes its record of copies"
        " through a link, so nothing was changed; remove the link.\n"
        "Once that is sorted out, run the command again.\n"
    )
    assert bashrc.read_text() == "export PATH=precious\n"
    assert (profile / "prefs.js").read_bytes() == prefs
    assert sorted(p.name for p in profile.iterdir()) == sorted(
        ["Mail", "compatibility.ini", "prefs.js", RECORD_NAME]
    )


HOSTILE_RECORDS = {
    "nul": json.dumps({"copies": ["prefs.js.before-oauth2-\u0000"]}),
    "nested": "[" * 100_000 + "]" * 100_000,
    "dot-dot": json.dumps({"copies": ["prefs.js.before-oauth2-/../../../../.bashrc"]}),
    "absolute": json.dumps({"copies": ["/etc/passwd"]}),
    "other digits": json.dumps({"copies": ["prefs.js.before-oauth2-٢٠٢٦١٢٠٢-٠٠٠٠٠٠"]}),
    "not names": json.dumps({"copies": [1e308, None, {"a": 1}]}),
}


@pytest.mark.parametrize("record", HOSTILE_RECORDS.values(), ids=HOSTILE_RECORDS.keys())
def test_undo_with_a_hostile_record_goes_back_to_the_real_copy(
    run_cli, tmp_path: Path, record: str
) -> None:  # type: ignore[no-untyped-def]
    """A record naming nothing of ours is not ours: the copy the fix made in the profile
    folder is found by its name and put back. A NUL in a name or a deeply nested record
    used to end in "an unexpected error"; a record of only foreign names hid the copy."""
    args, profile = _snapshot(tmp_path)
    before = (profile / "prefs.js").read_bytes()
    assert run_cli(*args, "fix", "thunderbird", "--yes")[0] == 0
    (profile / RECORD_NAME).write_text(record, encoding="utf-8")
    code, _out, err = run_cli(*args, "fix", "thunderbird", "--undo", "--yes")
    assert (code, err) == (0, "")
    assert (profile / "prefs.js").read_bytes() == before
