"""``backup --dest`` naming a file (or a FIFO, a dangling link, a path under a file) is
refused in one sentence before anything is created.

It used to say "The backup folder FILE/Mail backup … .partial cannot be created (File
exists)", which names a folder nobody asked for and blames it on something existing.
"""

from __future__ import annotations

import os
from pathlib import Path

from hostile_snapshots import cli


def test_a_destination_that_is_not_a_folder_is_said_so(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "Inbox").write_bytes(b"From - Mon Jan  1 00:00:00 2024\n\nhello\n")
    regular = tmp_path / "regular"
    regular.write_text("my notes\n")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    before = sorted(tmp_path.rglob("*"))
    for dest, named in (
        (regular, regular),
        (regular / "sub", regular),
        (fifo, fifo),
        (dangling, dangling),
    ):
        run = cli("--lang", "en", "backup", "--source", source, "--dest", dest)
        assert run.code == 1
        assert run.err == (
            f"The destination {named} is not a folder, so nothing was backed up. "
            "Choose a folder to save the backup in.\n"
        )
    assert sorted(tmp_path.rglob("*")) == before  # nothing created
    assert regular.read_text() == "my notes\n"
    ja = cli("--lang", "ja", "backup", "--source", source, "--dest", regular, "--json")
    assert ja.code == 1
    assert ja.last_json()["error_key"] == "homebound.error.dest_not_folder"
    assert ja.err == (
        f"保存先の{regular}はフォルダーではないため、バックアップしませんでした。"
        "保存先のフォルダーを指定してください。\n"
    )
