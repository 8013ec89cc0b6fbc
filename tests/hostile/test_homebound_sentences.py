"""Error and notice sentences on the terminal: a hostile value never drives it.

A profile's name typed or pasted into ``--profile``, or a file path from a hostile disk,
is shown inside the sentence that names it. An ESC there cleared the helpdesk's
terminal (``\\x1b[2J``) and a line break forged a line of its own. Every sentence the
CLI says goes through the one function that escapes them (as the text report does).
"""

from __future__ import annotations

from pathlib import Path

from hostile_snapshots import cli, linux_args, linux_snapshot

HOSTILE = "a\x1b[2Jb\nForged line\u202eevil"
SHOWN = "a\\x1b[2Jb\\nForged line\\u202eevil"


def _plain(text: str) -> None:
    assert "\x1b" not in text and "\u202e" not in text
    assert not any(line.startswith("Forged") for line in text.splitlines())


def test_a_typed_profile_name_is_shown_escaped(tmp_path: Path) -> None:
    root, home = linux_snapshot(tmp_path)
    run = cli("--lang", "en", *linux_args(root, home), "fix", "thunderbird", "--profile", HOSTILE)
    assert run.code == 2
    assert run.err == f"There is no Thunderbird profile called “{SHOWN}”. Profiles: good\n"
    _plain(run.err)


def test_a_hostile_folder_name_in_an_error_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / HOSTILE
    folder.mkdir()
    for command, code in (("verify", 3), ("restore", 1)):
        run = cli("--lang", "en", command, folder)
        assert run.code == code, run.err
        assert f"{tmp_path}/{SHOWN}" in run.err + run.out
        _plain(run.err + run.out)
