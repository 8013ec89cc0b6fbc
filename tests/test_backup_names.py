"""Names as volumes keep them: decomposed (HFS+), any case (FAT), and the names Windows
refuses, on a backup, its verification and its restore."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from foreign_fs import foreign_volume

from assistant.backup.job import BackupJob
from assistant.backup.manifest import load_manifest
from assistant.backup.names import Listing, windows_forms, windows_problem, windows_safe
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.restore import RestoreJob
from assistant.backup.verify import VerifyJob
from assistant.errors import AssistantError
from assistant.i18n import Translator

# Names with dakuten and handakuten: HFS+ hands them back decomposed.
COMPOSED = ("ダウンロード.eml", "プロジェクト/議事録.mbox", "メール.pst")


def _source(root: Path) -> Path:
    src = root / "受信データ"
    for name in COMPOSED:
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode() * 50)
    return src


def _decompose_all(folder: Path) -> None:
    """What copying a folder through an HFS+ disk leaves: every name decomposed (NFD)."""
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False):
        for name in dirnames + filenames:
            nfd = unicodedata.normalize("NFD", name)
            if nfd != name:
                os.rename(os.path.join(dirpath, name), os.path.join(dirpath, nfd))


def test_a_backup_with_decomposed_names_is_whole_and_restores(tmp_path: Path) -> None:
    src = _source(tmp_path / "src")
    result = BackupJob(plan_backup([SourceRequest(src)], tmp_path / "dest", "b")).run()
    assert result.status == "completed" and result.backup_dir is not None
    _decompose_all(result.backup_dir)
    if sys.platform != "darwin":  # (APFS takes both spellings for one name: no rename)
        assert any(
            p.name != unicodedata.normalize("NFC", p.name) for p in result.backup_dir.rglob("*")
        )

    report = VerifyJob(result.backup_dir).run()
    assert report.whole, (report.missing, report.changed, report.extra)

    restored = RestoreJob(result.backup_dir, to=tmp_path / "restored").run()
    assert restored.status == "completed", restored.error
    for name in COMPOSED:  # back under the manifest's (composed) names
        assert (tmp_path / "restored" / src.name / name).read_bytes() == name.encode() * 50


def test_the_job_finds_its_files_whatever_the_volume_does_to_their_names(tmp_path: Path) -> None:
    """The completeness check compares names under normalisation: a volume that answers
    NFD (HFS+) must never get a whole backup called damaged and deleted."""
    src = _source(tmp_path / "src")
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "b")
    job = BackupJob(plan)
    real_check = job._check_complete

    def on_hfs_plus(partial: Path, manifest: object) -> None:
        _decompose_all(partial)
        real_check(partial, manifest)  # type: ignore[arg-type]

    job._check_complete = on_hfs_plus  # type: ignore[method-assign]
    result = job.run()
    assert result.status == "completed", result.error
    assert len(load_manifest(plan.final_dir).files) == len(COMPOSED)


def test_listing_matches_by_normalisation_and_case() -> None:
    nfd = unicodedata.normalize("NFD", "a/ダ.eml")
    listing = Listing([nfd, "b/README.TXT", "extra"], case_insensitive=True)
    assert listing.actual("a/ダ.eml") == nfd
    assert listing.actual("b/readme.txt") == "b/README.TXT"
    assert listing.actual("missing") is None
    assert listing.not_named(["a/ダ.eml", "b/readme.txt"]) == ["extra"]
    assert Listing(["b/README.TXT"], case_insensitive=False).actual("b/readme.txt") is None


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("CON", "CON_"),
        ("nul.txt", "nul_.txt"),
        ("com1", "com1_"),
        ("a:b", "a_b"),
        ("what?.eml", "what_.eml"),
        ("trailing.", "trailing_"),
        ("trailing ", "trailing_"),
        ('q"<>|*', "q_____"),
        ("受信トレイ", "受信トレイ"),
        ("CONFIG.SYS", "CONFIG.SYS"),
    ],
)
def test_windows_names(name: str, safe: str) -> None:
    assert windows_problem(name) == (name != safe)
    assert windows_safe(name) == safe
    assert not windows_problem(windows_safe(name))


def test_safe_forms_never_clash() -> None:
    forms = windows_forms(["a:b", "a_b", "A_B (2)", "dir:/x", "dir:/CON.txt"])
    assert forms["a_b"] == "a_b"
    assert forms["a:b"] not in ("a_b", "A_B (2)") and not windows_problem(forms["a:b"])
    assert forms["a:b"].casefold() != "a_b (2)"
    assert forms["dir:/x"] == "dir_/x" and forms["dir:/CON.txt"] == "dir_/CON_.txt"


@pytest.fixture
def ntfs(tmp_path: Path) -> Iterator[Path]:
    with foreign_volume("ntfs", tmp_path / "mnt") as point:
        yield point


def test_restoring_names_windows_refuses_onto_ntfs(run_cli, ntfs: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Linux profile may hold names Windows refuses; restored onto NTFS (ntfs-3g
    -o windows_names refuses them as Windows does) they get a safe form, said and
    recorded, never a hidden stream (``a:b`` would be stream ``b`` of ``a``)."""
    src = tmp_path / "src" / "profile"
    src.mkdir(parents=True)
    for name in ("CON", "a:b", "a_b", "end.", "普通.txt"):
        (src / name).write_bytes(name.encode())
    code, out, err = run_cli(
        "backup", "--source", str(src), "--dest", str(tmp_path / "d"), "--json"
    )
    assert code == 0, err
    backup = json.loads(out.splitlines()[-1])["backup_dir"]

    code, out, err = run_cli("--lang", "en", "restore", backup, "--to", str(ntfs), "--json")
    assert code == 0, err + out
    result = json.loads(out.splitlines()[-1])
    renamed = {r["from"]: r["to"] for r in result["renamed"]}
    assert renamed == {
        "profile/CON": "profile/CON_",
        "profile/a:b": "profile/a_b (2)",
        "profile/end.": "profile/end_",
    }
    assert "restored under a changed name" in err and "profile/a:b → profile/a_b (2)" in err
    restored = ntfs / "profile"
    assert sorted(os.listdir(restored)) == ["CON_", "a_b", "a_b (2)", "end_", "普通.txt"]
    assert (restored / "a_b (2)").read_bytes() == b"a:b" and (
        restored / "a_b"
    ).read_bytes() == b"a_b"


def test_a_backup_onto_ntfs_refuses_a_name_it_cannot_hold(
    run_cli, ntfs: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "src"
    src.mkdir()
    (src / "12:30 会議.eml").write_bytes(b"x")
    code, _, err = run_cli("--lang", "ja", "backup", "--source", str(src), "--dest", str(ntfs))
    assert code == 1 and "12:30 会議.emlの名前には" in err and "（NTFS）" in err
    assert os.listdir(ntfs) == []


def test_names_differing_only_in_case_are_refused_where_case_is_ignored(tmp_path: Path) -> None:
    from assistant.backup.volume import Volume

    src = tmp_path / "src"
    src.mkdir()
    (src / "Inbox").write_bytes(b"1")
    (src / "INBOX").write_bytes(b"2")
    with pytest.raises(AssistantError) as refused:
        plan_backup(
            [SourceRequest(src)],
            tmp_path / "dest",
            "b",
            volume_reader=lambda _: Volume("exfat", 10**9),
        )
    text = Translator("en").render(refused.value.message)
    assert "differ only in upper and lower case" in text and "(exFAT)" in text
