"""Windows: a private backup folder by ACL (or said plainly), %ProgramData% from the
environment, and no \\\\?\\ long-path prefix in a sentence."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from platform_branches import as_windows

from assistant.backup import windows_acl
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.sentences import describe
from assistant.environment import Environment
from assistant.i18n import Translator
from assistant.organization import load_organization, policy_file


def test_the_owner_only_command() -> None:
    argv = windows_acl.owner_only_command(Path("E:/Backups/メール"), "taro", "CHUBU")
    assert argv == [
        "icacls",
        str(Path("E:/Backups/メール")),
        "/inheritance:r",
        "/grant:r",
        "CHUBU\\taro:(OI)(CI)F",
    ]


@pytest.mark.parametrize(("returncode", "private"), [(0, True), (1332, False)])
def test_the_windows_branch_makes_the_folder_private_or_says_it_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, returncode: int, private: bool
) -> None:
    """icacls itself runs only on Windows: here its answer is given (0, or 1332 "No
    mapping between account names and security IDs was done"), the rest is the branch."""
    as_windows(monkeypatch)
    ran: list[list[str]] = []

    def icacls(argv: list[str]) -> subprocess.CompletedProcess[str]:
        ran.append(argv)
        return subprocess.CompletedProcess(argv, returncode, "", "")

    monkeypatch.setattr(windows_acl, "_run", icacls)
    src = tmp_path / "src"
    src.mkdir()
    (src / "Outlook.pst").write_bytes(b"!BDN" * 100)
    plan = plan_backup([SourceRequest(src)], tmp_path / "dest", "b")
    result = BackupJob(plan).run()
    assert result.status == "completed" and result.private is private
    [argv] = ran
    assert argv[1] == str(plan.partial_dir) and argv[2:4] == ["/inheritance:r", "/grant:r"]
    sentences = " ".join(describe(result, Translator("en")))
    assert ("could not be made readable by you alone" in sentences) is not private


def test_program_data_comes_from_the_environment(tmp_path: Path) -> None:
    env = Environment(
        platform="windows",
        root=tmp_path,
        home=tmp_path / "Users" / "taro",
        live=False,
        environ=(("ProgramData", "D:\\共有データ"),),
    )
    policy = policy_file(env)
    assert policy == tmp_path / "共有データ" / "MailMigrationAssistant" / "organization.toml"
    policy.parent.mkdir(parents=True)
    policy.write_text('[helpdesk]\nphone = "0568-51-9999"\n', encoding="utf-8")
    assert load_organization(env).helpdesk.phone == "0568-51-9999"
    plain = Environment(platform="windows", root=tmp_path, home=tmp_path, live=False)
    assert (
        policy_file(plain)
        == tmp_path / "ProgramData" / "MailMigrationAssistant" / "organization.toml"
    )


@pytest.mark.parametrize("variable", ["ProgramData", "PROGRAMDATA", "ALLUSERSPROFILE"])
def test_program_data_in_any_path_follows_the_machine(tmp_path: Path, variable: str) -> None:
    """%ProgramData% is the machine's wherever a Windows path names it (not only in the
    policy file); ALLUSERSPROFILE names the same folder where the machine sets only that."""
    env = Environment(
        platform="windows",
        root=tmp_path,
        home=tmp_path / "Users" / "taro",
        live=False,
        environ=((variable, r"D:\共有データ"),),
    )
    assert env.windows_path(r"%programdata%\Microsoft\Outlook") == tmp_path / "共有データ" / (
        "Microsoft/Outlook"
    )
    assert env.windows_path(r"%ProgramFiles%\Mozilla Thunderbird") == tmp_path / (
        "Program Files/Mozilla Thunderbird"
    )


def test_the_policy_layer_is_the_file_that_was_read(tmp_path: Path) -> None:
    from assistant.detect.machine import detect_machine
    from assistant.diagnose import diagnose
    from assistant.matrix import SupportMatrix
    from assistant.report import report_json

    (tmp_path / "Users" / "taro").mkdir(parents=True)
    env = Environment(
        platform="windows",
        root=tmp_path,
        home=tmp_path / "Users" / "taro",
        live=False,
        environ=(("ProgramData", r"D:\共有データ"),),
    )
    policy = tmp_path / "共有データ" / "MailMigrationAssistant" / "organization.toml"
    policy.parent.mkdir(parents=True)
    policy.write_text('[helpdesk]\nphone = "0568-51-9999"\n', encoding="utf-8")
    org = load_organization(env)
    shown = env.shown_path(policy)
    assert shown.endswith("\\共有データ\\MailMigrationAssistant\\organization.toml")
    assert [(layer.kind, layer.path) for layer in org.layers] == [
        ("bundled", "organization.toml"),
        ("machine", shown),
    ]
    d = diagnose(detect_machine(env), SupportMatrix.load(), org, env.now)
    assert report_json(d, Translator("en"))["policy_files"][1] == {"kind": "machine", "path": shown}


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (
            "\\\\?\\C:\\Users\\taro\\Documents\\Outlook.pst",
            "C:\\Users\\taro\\Documents\\Outlook.pst",
        ),
        ("\\\\?\\UNC\\nas\\share\\backup", "\\\\nas\\share\\backup"),
        ("C:\\plain", "C:\\plain"),
    ],
)
def test_no_long_path_prefix_in_a_sentence(given: str, shown: str) -> None:
    for lang in ("ja", "en"):
        text = Translator(lang)("mailbackup.error.write_failed", file=given, reason="x")
        assert shown in text and "\\\\?\\" not in text
