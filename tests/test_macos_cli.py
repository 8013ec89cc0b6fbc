"""``report`` on macOS snapshots through the real command line, checking the JSON report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.macos_snapshot import MacSnapshot, refuse_listing, write_bytes

ACCOUNT = "5A1B2C3D-0000-4000-8000-00000000000A"


def build(tmp_path: Path) -> MacSnapshot:
    mac = MacSnapshot(tmp_path / "mac")
    mac.system_version("13.6.1", binary=True)
    mac.mail_app()
    mac.mail_message("V10", ACCOUNT, 1, "hello")
    mac.internet_account(
        "com.apple.account.POP",
        ACCOUNT,
        "@ISC",
        "hanako@isc.chubu.ac.jp",
        Hostname="outlook.office365.com",
        PortNumber=995,
    )
    mac.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "102.1.0", binary=True)
    mac.app("/Applications", "Microsoft Outlook.app", "com.microsoft.Outlook", "16.89.1")
    write_bytes(
        mac.home / "Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles"
        "/Main Profile/Data/Outlook.sqlite",
        b"S" * 100,
    )
    return mac


def on_the_mac(mac: MacSnapshot, lang: str) -> list[str]:
    """The global options that point a command at the snapshot."""
    return ["--lang", lang, "--platform", "macos", "--root", str(mac.root), "--home", str(mac.home)]


def report(run_cli: Any, mac: MacSnapshot, lang: str = "en") -> tuple[int, dict[str, Any]]:
    code, out, err = run_cli("report", "--json", *on_the_mac(mac, lang))
    assert err == ""
    return code, json.loads(out)


def test_report_json_for_a_mac(tmp_path: Path, run_cli: Any) -> None:
    mac = build(tmp_path)
    code, data = report(run_cli, mac)
    assert code == 1
    assert data["platform"] == {"os": "macos", "version": "13.6.1", "name": "macOS 13.6.1"}
    apps = {a["id"]: a for a in data["apps"]}
    assert {k: apps[k]["verdict"] for k in apps} == {
        "apple-mail": "supported",
        "outlook-mac": "contact_helpdesk",
        "thunderbird": "update_required",
    }
    assert apps["apple-mail"]["normalized_version"] == "13.6.1"
    assert apps["thunderbird"]["version"] == "102.1.0"
    assert apps["thunderbird"]["install_path"].endswith("Applications/Thunderbird.app")
    (account,) = data["accounts"]
    assert account | {"key": None} == {
        "app": "apple-mail",
        "profile": None,
        "email": "hanako@isc.chubu.ac.jp",
        "protocol": "pop3",
        "host": "outlook.office365.com",
        "port": 995,
        "auth": "password",
        "exchange_online": True,
        "status": "needs_migration",
        "key": None,
    }
    kinds = sorted((s["app"], s["kind"]) for s in data["data_stores"])
    assert kinds == [("apple-mail", "apple_mail"), ("outlook-mac", "outlook_mac_profile")]
    ids = [a["id"] for a in data["actions"]]
    assert "apple-mail.migrate" in ids and "outlook-mac.contact_helpdesk" in ids
    assert all(a["url"] is None for a in data["actions"])
    assert data["flags"] == {}
    notes = " ".join(apps["apple-mail"]["notes"])
    assert "Deleting a POP account deletes the mail it downloaded" in notes
    assert "Mailbox > Export Mailbox" in notes


def test_report_without_full_disk_access(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    mac = build(tmp_path)
    mail_folder = mac.home / "Library" / "Mail"

    refuse_listing(mail_folder, monkeypatch)
    code, data = report(run_cli, mac, "ja")
    assert code == 3  # the Mail folder could not be read: the diagnosis is incomplete
    assert data["flags"] == {"macos_full_disk_access": "denied"}
    (fda,) = [a for a in data["actions"] if a["id"] == "macos.full_disk_access"]
    assert fda["url"] == "x-apple.systempreferences:com.apple.preference.security?Privacy_AllFiles"
    assert "「システム設定」>「プライバシーとセキュリティ」>「フルディスクアクセス」" in fda["text"]
    assert "Thunderbird" in fda["text"]  # what still works without it
    assert [s["kind"] for s in data["data_stores"]] == ["outlook_mac_profile"]
    assert any(str(mail_folder) in p["text"] for p in data["problems"])
    # Thunderbird and Outlook are still diagnosed.
    assert {a["id"] for a in data["apps"]} == {"apple-mail", "outlook-mac", "thunderbird"}


def test_text_report_for_a_mac(tmp_path: Path, run_cli: Any) -> None:
    mac = build(tmp_path)
    code, out, err = run_cli("report", *on_the_mac(mac, "en"))
    assert (code, err) == (1, "")
    assert "System: macOS 13.6.1 (13.6.1)" in out
    assert "Apple Mail 16.0 — Accounts must change" in out  # supported, but not as it is
    assert "Outlook for Mac 16.89.1 — Call the helpdesk" in out


def test_home_defaults_to_the_only_user(tmp_path: Path, run_cli: Any) -> None:
    mac = build(tmp_path)
    code, out, _ = run_cli("report", "--json", "--platform", "macos", "--root", str(mac.root))
    assert code == 1
    assert len(json.loads(out)["accounts"]) == 1


@pytest.mark.parametrize(
    ("version", "label"),
    [
        ("14.7.7", "not supported"),
        ("15.41", "contact the helpdesk"),
        ("16.89.1", "contact the helpdesk"),
    ],
)
def test_check_outlook_for_mac(run_cli: Any, version: str, label: str) -> None:
    code, out, err = run_cli("check", "outlook-mac", version, "--lang", "en")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == f"Outlook for Mac {version}: {label}"


def test_outlook_for_mac_is_sent_to_the_profiles_helpdesk_in_both_languages(
    tmp_path: Path, run_cli: Any
) -> None:
    """The helpdesk a note sends the user to is the organisation profile's, named from the
    same place in Japanese and English (the Japanese note named one university's centre)."""
    mac = build(tmp_path)
    config = tmp_path / "org.toml"
    config.write_text(
        'schema = 1\n[helpdesk]\nname_ja = "情報基盤室"\nname_en = "IT Service Desk"\n',
        encoding="utf-8",
    )
    said = {}
    for lang in ("ja", "en"):
        code, out, err = run_cli(
            "report", "--json", "--config", str(config), *on_the_mac(mac, lang)
        )
        assert err == ""
        apps = {a["id"]: a for a in json.loads(out)["apps"]}
        said[lang] = " ".join(apps["outlook-mac"]["notes"])
    assert (
        "情報基盤室までお問い合わせください。" in said["ja"]
        and "総合情報センター" not in said["ja"]
    )
    assert "please contact the IT Service Desk." in said["en"]
    code, out, err = run_cli("check", "outlook-mac", "16.89.1", "--lang", "ja")
    assert (code, err) == (1, "")
    assert "総合情報センターまでお問い合わせください。" in out and "{" not in out
