"""OneDrive and iCloud: cloud-only files in a source, a destination inside a synced folder.

The stat fields are Windows' and macOS's own (``st_file_attributes``, ``st_flags``), as
their ``os.stat`` gives them; Linux has neither, so those stats are written out here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.backup import cloud
from assistant.backup.manifest import ManifestSource
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.scan import scan_source
from assistant.environment import Environment


@pytest.mark.parametrize(
    ("st", "expected"),
    [
        (SimpleNamespace(st_file_attributes=0x20), False),  # ARCHIVE: an ordinary file
        (SimpleNamespace(st_file_attributes=0x20 | 0x400000), True),  # OneDrive online-only
        (SimpleNamespace(st_file_attributes=0x1000), True),  # OFFLINE
        (SimpleNamespace(st_flags=0), False),
        (SimpleNamespace(st_flags=0x40000000), True),  # macOS SF_DATALESS (iCloud)
        (SimpleNamespace(st_flags=0x8000), False),  # UF_COMPRESSED: there, compressed
        (os.stat(__file__), False),  # this system's own
    ],
)
def test_cloud_only_from_the_systems_stat_fields(st: object, expected: bool) -> None:
    assert cloud.cloud_only(st) is expected


def test_the_plan_says_before_starting_which_files_are_only_in_the_cloud(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "OneDrive" / "Outlook"
    src.mkdir(parents=True)
    (src / "archive.pst").write_bytes(b"!BDN")
    (src / "here.pst").write_bytes(b"!BDN")
    real = cloud.cloud_only
    monkeypatch.setattr("assistant.backup.scan.CLOUD_FIELDS", True)  # Windows' stat has them
    monkeypatch.setattr(  # what Windows' stat says of an online-only file
        "assistant.backup.scan.cloud_only",
        lambda st: (
            real(SimpleNamespace(st_file_attributes=0x400000))
            if st.st_size == 4 and st.st_ino == (src / "archive.pst").stat().st_ino
            else real(st)
        ),
    )
    scan = scan_source(src, ManifestSource("Outlook", str(src), True))
    assert scan.cloud_only == ["Outlook/archive.pst"]
    plan = plan_backup([SourceRequest(src)], tmp_path / "d", "b")
    [notice] = [n for n in plan.notices if n.key == "mailbackup.notice.cloud_only"]
    assert notice.params == {"count": 1, "files": "Outlook/archive.pst"}


def test_a_destination_in_onedrive_or_icloud_is_said(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "taro"
    env = Environment(
        platform="windows",
        root=tmp_path,
        home=home,
        live=False,
        environ=(("OneDrive", "C:\\Users\\taro\\OneDrive - 中部大学"),),
    )
    folders = cloud.synced_folders(env)
    assert folders == [("OneDrive", home / "OneDrive - 中部大学")]
    dest = home / "OneDrive - 中部大学" / "ドキュメント"
    assert cloud.synced_folder_of(dest, folders) == folders[0]
    assert cloud.synced_folder_of(home / "Documents", folders) is None
    mac = Environment(platform="macos", root=tmp_path, home=home, live=False)
    [(service, icloud)] = cloud.synced_folders(mac)
    assert service == "iCloud Drive" and icloud == home / "Library" / "Mobile Documents"

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.pst").write_bytes(b"x")
    plan = plan_backup([SourceRequest(src)], dest, "b", synced=folders)
    [notice] = [n for n in plan.notices if n.key == "mailbackup.notice.dest_synced"]
    assert notice.params["service"] == "OneDrive"


def test_the_backup_command_warns_about_a_synced_destination(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    icloud = tmp_path / "Library" / "Mobile Documents" / "com~apple~CloudDocs"
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.pst").write_bytes(b"x")
    code, out, err = run_cli(
        "--lang",
        "ja",
        "--platform",
        "macos",
        "--root",
        str(tmp_path),
        "--home",
        str(tmp_path),
        "backup",
        "--source",
        str(src),
        "--dest",
        str(icloud),
        "--json",
    )
    assert code == 0, err
    assert "iCloud Driveで同期されるフォルダー" in err
    assert any("iCloud Drive" in n for n in json.loads(out.splitlines()[-1])["notices"])


def test_a_folder_a_sync_service_owns_is_said_without_its_variables(tmp_path: Path) -> None:
    """No environment tells (a snapshot, a Dropbox): the folder's name does."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.pst").write_bytes(b"x")
    plan = plan_backup([SourceRequest(src)], tmp_path / "Dropbox" / "backups", "b")
    [notice] = [n for n in plan.notices if n.key == "mailbackup.notice.dest_synced"]
    assert notice.params["service"] == "Dropbox"
