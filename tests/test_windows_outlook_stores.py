"""Outlook data files across profiles: one PST named twice is one store; an IMAP
account's .ost holds "this computer only" items to export before the account goes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from windows_machines import (
    PST_STAND_IN,
    click_to_run,
    imap_account,
    make_snapshot,
    ost_service,
    pop3_account,
    profile,
    pst_service,
)

PST = "C:\\Users\\taro\\Documents\\Outlook ファイル\\大学.pst"
IMAP_OST = "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Outlook\\taro@isc.chubu.ac.jp.ost"
GMAIL_OST = "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Outlook\\taro@gmail.com - 2.ost"
ORG = "taro@isc.chubu.ac.jp"


def report(run_cli, tmp_path: Path, hkcu: list[Any], files: dict[str, bytes]) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    args = make_snapshot(tmp_path, click_to_run("Personal2021Retail"), hkcu, files=files)
    code, out, err = run_cli("--lang", "ja", *args, "report", "--json")
    assert code in (0, 1) and err == "", err
    return json.loads(out)  # type: ignore[no-any-return]


def test_a_pst_named_by_two_profiles_is_one_data_store(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pop = pop3_account(ORG, "outlook.office365.com", "smtp.office365.com")
    hkcu = [
        *profile("Outlook", [("00000001", pop)], [pst_service("0a0d0200", PST)]),
        *profile("予備", [("00000001", pop)], [pst_service("1b2c3d4e", PST)], default=False),
    ]
    data = report(run_cli, tmp_path, hkcu, {PST: PST_STAND_IN})
    stores = [(s["kind"], s["path"], s["bytes"]) for s in data["data_stores"]]
    assert len(stores) == 1 and stores[0][0] == "pst" and stores[0][2] == len(PST_STAND_IN)
    [backup] = [a for a in data["actions"] if a["id"] == "backup.first"]
    assert "保存場所1か所" in backup["text"]


def test_an_imap_account_to_remove_gets_the_export_action_first(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hkcu = profile(
        "Outlook",
        [
            ("00000001", imap_account(ORG, "outlook.office365.com", "smtp.office365.com")),
            ("00000002", imap_account("taro@gmail.com", "imap.gmail.com", "smtp.gmail.com")),
        ],
        [
            ost_service("0a0d0200", IMAP_OST, "outlook.office365.com"),
            ost_service("1b2c3d4e", GMAIL_OST, "imap.gmail.com"),
        ],
    )
    data = report(run_cli, tmp_path, hkcu, {IMAP_OST: b"!BDN" + bytes(64), GMAIL_OST: b"!BDN"})
    ids = [a["id"] for a in data["actions"]]
    # Only the account that must be removed (the organisation's), and before its removal.
    [export] = [a for a in data["actions"] if a["id"] == "outlook-windows.export_local_items"]
    assert ids.index("outlook-windows.export_local_items") < ids.index("outlook-windows.migrate")
    assert export["severity"] == "required"
    assert ORG in export["text"] and "taro@isc.chubu.ac.jp.ost" in export["text"]
    assert "「このコンピューターのみ」" in export["text"] and "(.pst)" in export["text"]
    assert "taro@gmail.com" not in export["text"]


def test_no_export_action_without_an_imap_data_file(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hkcu = profile(
        "Outlook",
        [("00000001", pop3_account(ORG, "outlook.office365.com", "smtp.office365.com"))],
        [pst_service("0a0d0200", PST)],
    )
    data = report(run_cli, tmp_path, hkcu, {PST: PST_STAND_IN})
    assert "outlook-windows.export_local_items" not in [a["id"] for a in data["actions"]]
