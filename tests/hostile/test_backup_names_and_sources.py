"""Issue 16 §5: a backup that says "verified" can be verified and restored. Names with a
backslash or a colon (legal on Linux and macOS) are recorded escaped and come back exact;
the manifest is loaded back with verify's rules before the backup is called complete; a
symlinked profile folder the diagnosis reports is backed up (its target's contents, the
link recorded); ``--source ..`` works."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from backup_support import snapshot

from assistant.backup import manifest as manifest_module
from assistant.backup.manifest import MANIFEST_NAME
from assistant.environment import Environment
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

ODD_NAMES = ("a\\b.eml", "C:\\Users\\x.eml", "100%.eml", "%5C literally.eml", "..\\..\\up.eml")


def _backup(run_cli, *argv: str) -> tuple[int, dict[str, object], str]:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", "backup", *argv, "--json")
    return code, json.loads(out.splitlines()[-1]), err


def test_backslashes_colons_and_percents_round_trip(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "src" / "mail:2024"
    (source / "sub:folder").mkdir(parents=True)
    for name in ODD_NAMES:
        (source / name).write_bytes(name.encode())
        (source / "sub:folder" / name).write_bytes(b"deeper " + name.encode())
    code, result, err = _backup(run_cli, "--source", str(source), "--dest", str(tmp_path / "b"))
    assert code == 0, err
    assert "Backup complete: 10 files" in err and "verified" in err
    backup = Path(str(result["backup_dir"]))
    code, out, _ = run_cli("--lang", "en", "verify", str(backup))
    assert (code, out.strip()) == (
        0,
        f"The backup {backup} is whole: all 10 files match their record.",
    )
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    assert raw["names"] == "escaped" and raw["sources"][0]["name"] == "mail%3A2024"
    assert "mail%3A2024/a%5Cb.eml" in [f["path"] for f in raw["files"]]
    assert "mail%3A2024/100%25.eml" in [f["path"] for f in raw["files"]]
    code, out, _ = run_cli("--lang", "en", "restore", str(backup), "--to", str(tmp_path / "r"))
    assert code == 0, out
    restored = tmp_path / "r" / "mail:2024"
    assert {k: v[:4] for k, v in snapshot(restored).items()} == {
        k: v[:4] for k, v in snapshot(source).items()
    }


def test_a_manifest_from_before_the_escapes_still_reads(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "src"
    source.mkdir()
    (source / "100%.eml").write_bytes(b"old")
    code, result, _ = _backup(run_cli, "--source", str(source), "--dest", str(tmp_path / "b"))
    backup = Path(str(result["backup_dir"]))
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    del raw["names"]  # as the assistant wrote manifests before: names as they are
    raw["files"][0]["path"] = "src/100%.eml"
    (backup / MANIFEST_NAME).write_text(json.dumps(raw))
    code, out, _ = run_cli("--lang", "en", "verify", str(backup))
    assert code == 0, out


def test_a_bad_escape_is_one_sentence(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.eml").write_bytes(b"a")
    _, result, _ = _backup(run_cli, "--source", str(source), "--dest", str(tmp_path / "b"))
    backup = Path(str(result["backup_dir"]))
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    raw["files"][0]["path"] = "src/%2E%2E"
    (backup / MANIFEST_NAME).write_text(json.dumps(raw))
    code, out, err = run_cli("--lang", "en", "verify", str(backup))
    assert code != 0 and out == ""
    assert err.strip() == (
        f"The backup's manifest {backup / MANIFEST_NAME} is damaged: ValueError:"
        " 'src/%2E%2E' holds a % that is not an escape"
    )


def test_a_manifest_that_would_not_load_back_is_never_called_complete(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "src"
    source.mkdir()
    (source / "%zz.eml").write_bytes(b"z")
    # The writer's escaping broken on purpose: what it records cannot be read back.
    monkeypatch.setattr(manifest_module, "escape_name", lambda name: name)
    code, result, err = _backup(run_cli, "--source", str(source), "--dest", str(tmp_path / "b"))
    assert code == 1 and result["status"] == "failed"
    assert "holds a % that is not an escape" in err and "Backup complete" not in err
    assert list((tmp_path / "b").iterdir()) == []


def test_a_symlinked_profile_folder_is_backed_up_with_its_contents(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    real = write_profile(tmp_path / "data" / "k2j3.main", ACCOUNTS)
    (real / "Mail").mkdir(exist_ok=True)
    (real / "Mail" / "Inbox").write_bytes(b"From - \r\nmail\r\n")
    write_profiles_ini(
        home / ".thunderbird", "[Profile0]\nName=main\nIsRelative=1\nPath=k2j3.main\n"
    )
    (home / ".thunderbird" / "k2j3.main").symlink_to(real)
    monkeypatch.setenv("HOME", str(home))
    # This profile is never open; a Thunderbird that another test run on this machine
    # has open (as the same user) must not refuse the backup: no processes are seen.
    monkeypatch.setattr(Environment, "processes", lambda self: [])
    code, out, _ = run_cli("--lang", "en", "report", "--json")
    (store,) = [s for s in json.loads(out)["data_stores"] if s["kind"] == "thunderbird_profile"]
    link = home / ".thunderbird" / "k2j3.main"
    assert store["path"] == str(link)

    code, result, err = _backup(run_cli, "--app", "thunderbird", "--dest", str(tmp_path / "b"))

    assert code == 0, err
    backup = Path(str(result["backup_dir"]))
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    assert raw["sources"][0]["origin"] == str(link) and raw["sources"][0]["link"] == str(real)
    assert (backup / "k2j3.main" / "Mail" / "Inbox").read_bytes() == b"From - \r\nmail\r\n"
    assert not (backup / "k2j3.main").is_symlink()
    assert run_cli("--lang", "en", "verify", str(backup))[0] == 0


def test_source_dot_dot_backs_up_the_parent_folder(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    parent = tmp_path / "Outlook Files"
    (parent / "inner").mkdir(parents=True)
    (parent / "mail.pst").write_bytes(b"!BDN pst")
    monkeypatch.chdir(parent / "inner")
    code, result, err = _backup(run_cli, "--source", "..", "--dest", str(tmp_path / "b"))
    assert code == 0, err
    backup = Path(str(result["backup_dir"]))
    raw = json.loads((backup / MANIFEST_NAME).read_text())
    assert raw["sources"][0]["name"] == "Outlook Files"
    assert raw["sources"][0]["origin"] == str(parent)
    assert (backup / "Outlook Files" / "mail.pst").read_bytes() == b"!BDN pst"
    assert os.path.isdir(backup / "Outlook Files" / "inner")
