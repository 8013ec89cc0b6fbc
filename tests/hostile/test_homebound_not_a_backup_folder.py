"""``verify`` and ``restore`` given something that is not a folder say what it is.

A FIFO, a regular file or a path that does not exist used to be "The folder X is not a
backup made by this assistant (it has no manifest.json)", which sends the helpdesk
looking for a manifest in a folder that is not there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_snapshots import cli

CODES = {"verify": 3, "restore": 1}


@pytest.mark.parametrize("command", sorted(CODES))
def test_what_is_not_a_folder_is_said_so(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    regular = tmp_path / "regular"
    regular.write_text("not a backup\n")
    for given, sentence in (
        (fifo, f"{fifo} is not a folder.\n"),
        (regular, f"{regular} is not a folder.\n"),
        (tmp_path / "missing", f"The folder {tmp_path / 'missing'} does not exist.\n"),
        (tmp_path, f"The folder {tmp_path} is not a backup made by this assistant"),
    ):
        run = cli("--lang", "en", command, given)
        assert run.code == CODES[command]
        assert run.err.startswith(sentence), run.err
    ja = cli("--lang", "ja", command, fifo)
    assert ja.err == f"{fifo}はフォルダーではありません。\n"
