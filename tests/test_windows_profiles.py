"""Outlook mail profiles, accounts and data files from real-format exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from regexport import dword, hex_value, sz, utf16
from windows_machines import (
    HKCU_SW,
    MAPI,
    OUTLOOK_COM,
    PST_STAND_IN,
    exchange_account,
    imap_account,
    make_snapshot,
    msi,
    ost_service,
    pop3_account,
    profile,
    pst_service,
)

from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.outlook.profiles import detect_outlook_accounts
from assistant.environment import Environment

ORG_POP = "taro@isc.chubu.ac.jp"
PST_JA = "C:\\Users\\taro\\Documents\\Outlook ファイル\\個人 フォルダー 2020.pst"
PST_SPACES = "C:\\Users\\taro\\Documents\\Outlook Files\\my old mail.pst"
OST = "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Outlook\\taro@isc.chubu.ac.jp.ost"


def two_profiles() -> list[Any]:
    return [
        *profile(
            "Outlook",
            [
                (
                    "00000001",
                    pop3_account(
                        ORG_POP, "outlook.office365.com", "smtp.office365.com", "中部 太郎（大学）"
                    ),
                ),
                ("00000002", imap_account("taro@gmail.com", "imap.gmail.com", "smtp.gmail.com")),
                (
                    "00000003",
                    [
                        utf16("Account Name", "hanako@outlook.jp"),
                        sz("clsid", OUTLOOK_COM),
                        utf16("Email", "hanako@outlook.jp"),
                    ],
                ),
            ],
            [
                pst_service("0a0d020000000000c000000000000046", PST_JA),
                pst_service("1b2c3d4e5f60718293a4b5c6d7e8f901", PST_SPACES),
            ],
        ),
        *profile(
            "大学 Exchange",
            [("00000001", exchange_account(ORG_POP))],
            [ost_service("13dbb0c8aa05101a9bb000aa002fc45a", OST, "outlook.office365.com")],
            default=False,
        ),
    ]


def report(run_cli, tmp_path: Path, **kw: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", *make_snapshot(tmp_path, **kw), "report", "--json")
    data = json.loads(out)
    assert err == "" and code == (3 if data["incomplete"] else 1 if data["action_needed"] else 0)
    return data  # type: ignore[no-any-return]  # type: ignore[no-any-return]


def test_accounts_of_every_type_in_two_profiles(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report(
        run_cli,
        tmp_path,
        hklm=msi("16.0", "64", "x64", "Office 2016", "16.0.4266.1001"),
        hkcu=two_profiles(),
    )
    accounts = [
        (a["profile"], a["protocol"], a["host"], a["email"], a["auth"], a["status"])
        for a in data["accounts"]
    ]
    assert accounts == [
        ("Outlook", "pop3", "outlook.office365.com", ORG_POP, "password", "needs_migration"),
        ("Outlook", "smtp", "smtp.office365.com", ORG_POP, "password", "needs_migration"),
        ("Outlook", "imap", "imap.gmail.com", "taro@gmail.com", "password", "not_applicable"),
        ("Outlook", "smtp", "smtp.gmail.com", "taro@gmail.com", "password", "not_applicable"),
        ("Outlook", "exchange", None, "hanako@outlook.jp", "oauth2", "not_applicable"),
        ("大学 Exchange", "exchange", "outlook.office365.com", ORG_POP, "other", "ok"),
    ]
    pop = data["accounts"][0]
    assert pop["port"] == 995 and pop["key"] == "00000001" and pop["exchange_online"] is True
    [migrate] = [a for a in data["actions"] if a["id"] == "outlook-windows.migrate"]
    assert "re-added as Exchange" in migrate["text"] and "2 server setting" in migrate["text"]


def test_default_profile_and_japanese_display_names(tmp_path: Path) -> None:
    from windows_machines import export_v5, write_export

    reg = write_export(tmp_path / "hkcu.reg", export_v5(two_profiles()))
    env = Environment.snapshot("windows", tmp_path, tmp_path, registry_files=(reg,))
    from assistant.detect.outlook.profiles import mail_profiles

    profiles = {p.name: p.is_default for p in mail_profiles(env)}
    assert profiles == {"Outlook": True, "大学 Exchange": False}
    facts = MachineFacts(PlatformInfo("windows", None))
    detect_outlook_accounts(env, facts)
    assert facts.accounts[0].display_name == "中部 太郎（大学）"
    assert facts.accounts[0].user_name == ORG_POP


def test_the_name_an_outlook_account_sends_as(tmp_path: Path) -> None:
    """Outlook's "Display Name" is the person ("Your Name"); "Account Name" is the
    account's label, the address unless renamed. The person's name was dropped whenever
    the label was there: the redacted report then kept it wherever a file was named after
    them."""
    from windows_machines import export_v5, write_export

    pop = pop3_account(ORG_POP, "outlook.office365.com", "smtp.office365.com", person="山田　太郎")
    exchange = [*exchange_account("hanako@outlook.jp"), utf16("Display Name", "佐藤 花子")]
    sections = profile(
        "Outlook",
        [
            ("00000001", pop),
            ("00000002", exchange),
            ("00000003", imap_account("taro@gmail.com", "imap.gmail.com", "smtp.gmail.com")),
        ],
    )
    reg = write_export(tmp_path / "hkcu.reg", export_v5(sections))
    env = Environment.snapshot("windows", tmp_path, tmp_path, registry_files=(reg,))
    facts = MachineFacts(PlatformInfo("windows", None))
    detect_outlook_accounts(env, facts)
    rows = [(a.protocol, a.display_name, a.person_name) for a in facts.accounts]
    assert rows == [
        ("pop3", ORG_POP, "山田　太郎"),
        ("smtp", ORG_POP, "山田　太郎"),
        ("exchange", "hanako@outlook.jp", "佐藤 花子"),
        ("imap", "taro@gmail.com", None),  # no "Display Name" written
        ("smtp", "taro@gmail.com", None),
    ]


def test_data_files_named_by_profiles_and_left_in_default_folders(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {
        PST_JA: PST_STAND_IN,
        PST_SPACES: PST_STAND_IN * 2,
        OST: b"!BDN" + bytes(100),
        "C:\\Users\\taro\\Documents\\Outlook Files\\archive.PST": b"!BDN1234",
        "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Outlook\\Outlook.pst": b"!BDN12",
        "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Outlook\\stale.ost": b"!BDN",
    }
    data = report(run_cli, tmp_path, hkcu=two_profiles(), files=files)
    root = tmp_path / "root" / "Users" / "taro"
    stores = [
        (s["kind"], Path(s["path"]).relative_to(root).as_posix(), s["bytes"], s["profile"])
        for s in data["data_stores"]
    ]
    assert stores == [
        ("pst", "Documents/Outlook ファイル/個人 フォルダー 2020.pst", 4096, "Outlook"),
        ("pst", "Documents/Outlook Files/my old mail.pst", 8192, "Outlook"),
        ("ost", "AppData/Local/Microsoft/Outlook/taro@isc.chubu.ac.jp.ost", 104, "大学 Exchange"),
        ("pst", "Documents/Outlook Files/archive.PST", 8, None),
        ("pst", "AppData/Local/Microsoft/Outlook/Outlook.pst", 6, None),
    ]
    assert data["problems"] == []
    # The backup action counts the PSTs, never the OST.
    [backup] = [a for a in data["actions"] if a["id"] == "backup.first"]
    assert "4 data location" in backup["text"]


def test_a_missing_pst_is_a_problem_and_ansi_paths_are_read(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ansi_path = "C:\\Users\\taro\\Documents\\古い メール.pst"
    hkcu = profile(
        "Outlook",
        [("00000001", pop3_account(ORG_POP, "outlook.office365.com", "smtp.office365.com"))],
        [
            (
                "0a0d020000000000c000000000000046",
                [hex_value("001e6700", (ansi_path + "\0").encode("cp932"))],
            ),
            ("0a0d020000000000c000000000000047", [utf16("001f6700", "C:\\Users\\taro\\gone.pst")]),
        ],
    )
    data = report(run_cli, tmp_path, hkcu=hkcu, files={ansi_path: b"!BDN"})
    assert [(Path(s["path"]).name, s["bytes"]) for s in data["data_stores"]] == [
        ("古い メール.pst", 4),
        ("gone.pst", None),
    ]
    [problem] = data["problems"]
    assert "gone.pst" in problem["text"] and "Outlook" in problem["text"]
    assert len(data["accounts"]) == 2  # the rest of the report is intact


def test_documents_moved_to_onedrive(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shell = [
        (
            f"{HKCU_SW}\\Microsoft\\Windows\\CurrentVersion\\Explorer\\User Shell Folders",
            [
                hex_value(
                    "Personal", "%USERPROFILE%\\OneDrive\\ドキュメント\0".encode("utf-16-le"), 2
                )
            ],
        )
    ]
    files = {"C:\\Users\\taro\\OneDrive\\ドキュメント\\Outlook Files\\moved.pst": b"!BDN"}
    data = report(run_cli, tmp_path, hkcu=shell, files=files)
    assert [Path(s["path"]).name for s in data["data_stores"]] == ["moved.pst"]


def test_strings_with_and_without_nul_and_older_reg_sz(tmp_path: Path) -> None:
    from windows_machines import IMAP, export_v5, write_export

    hkcu = profile(
        "Outlook",
        [
            (
                "00000001",
                [
                    sz("clsid", IMAP),
                    sz("IMAP Server", "imap.example.jp"),
                    sz("Email", "a@example.jp"),
                    dword("IMAP Port", 143),
                ],
            ),
            (
                "00000002",
                [sz("clsid", MAPI), utf16("Account Name", "b@isc.chubu.ac.jp", nul=False)],
            ),
            (
                "00000003",
                [sz("clsid", "{00000000-0000-0000-0000-000000000000}"), utf16("Email", "x@y")],
            ),
            ("00000004", [hex_value("clsid", b"\x01"), utf16("Email", "odd@y")]),
        ],
    )
    reg = write_export(tmp_path / "hkcu.reg", export_v5(hkcu))
    env = Environment.snapshot("windows", tmp_path, tmp_path, registry_files=(reg,))
    facts = MachineFacts(PlatformInfo("windows", None))
    detect_outlook_accounts(env, facts)
    assert [(a.protocol, a.host, a.email, a.port) for a in facts.accounts] == [
        ("imap", "imap.example.jp", "a@example.jp", 143),
        ("exchange", None, "b@isc.chubu.ac.jp", None),
    ]


def test_outlook_2010_profiles_in_windows_messaging_subsystem(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = (
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows NT\\CurrentVersion\\"
        "Windows Messaging Subsystem\\Profiles"
    )
    hkcu = [
        (base, [sz("DefaultProfile", "Outlook")]),
        (
            f"{base}\\Outlook\\9375CFF0413111d3B88A00104B2A6676\\00000002",
            pop3_account(ORG_POP, "outlook.office365.com", "smtp.office365.com"),
        ),
    ]
    data = report(
        run_cli,
        tmp_path,
        hklm=msi("14.0", "32", None, "Microsoft Office Professional Plus 2010", "14.0.7015.1000"),
        hkcu=hkcu,
    )
    assert [(a["profile"], a["protocol"], a["status"]) for a in data["accounts"]] == [
        ("Outlook", "pop3", "needs_migration"),
        ("Outlook", "smtp", "needs_migration"),
    ]
    ids = [a["id"] for a in data["actions"]]
    assert "outlook-windows.unsupported" in ids and "outlook-windows.migrate" in ids
