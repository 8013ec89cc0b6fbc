"""The command line on Windows snapshots: several exports, a malformed one, the demo."""

from __future__ import annotations

import json
from pathlib import Path

from regexport import export_v4, export_v5, sz, write_export
from windows_machines import HKLM_SW, click_to_run, make_snapshot, pop3_account, profile, write_demo

from assistant.environment import Environment
from assistant.resources import resource_path


def test_exports_merge_in_order_and_a_bad_one_is_one_sentence(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args = make_snapshot(tmp_path, hklm=click_to_run("ProPlusRetail"))
    # A later export (REGEDIT4, as older tools write) upgrades the product to 365.
    later = write_export(
        tmp_path / "later.reg",
        export_v4(
            [
                (
                    f"{HKLM_SW}\\Microsoft\\Office\\ClickToRun\\Configuration",
                    [sz("ProductReleaseIds", "O365ProPlusRetail")],
                )
            ]
        ),
    )
    broken = write_export(
        tmp_path / "壊れた.reg",
        export_v5(
            profile(
                "Outlook",
                [
                    (
                        "00000001",
                        pop3_account(
                            "a@isc.chubu.ac.jp", "outlook.office365.com", "smtp.office365.com"
                        ),
                    )
                ],
            )
        )[:-40],
    )
    code, out, err = run_cli(
        "--lang",
        "en",
        *args,
        "--registry",
        str(later),
        "--registry",
        str(broken),
        "report",
        "--json",
    )
    assert err == ""
    data = json.loads(out)
    assert [a["edition"] for a in data["apps"]] == ["365"]
    [problem] = data["problems"]
    assert str(broken) in problem["text"] and "line" in problem["text"]
    assert problem["text"].count(".") >= 1 and "\n" not in problem["text"]
    assert data["accounts"] == []  # the broken export was not used
    code, out, err = run_cli("--lang", "ja", *args, "--registry", str(broken), "report")
    assert code == 3 and err == ""  # incomplete: the broken export was left out
    assert f"レジストリファイル{broken}は" in out and "行目" in out


def test_registry_alone_means_windows(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    reg = write_export(tmp_path / "a.reg", export_v5(click_to_run("O365ProPlusRetail")))
    code, out, err = run_cli("--root", str(tmp_path), "--registry", str(reg), "report", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["platform"]["os"] == "windows"


def test_not_a_registry_export(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = write_export(tmp_path / "notes.reg", "これはメモです\n".encode())
    code, out, err = run_cli(
        "--lang",
        "en",
        "--platform",
        "windows",
        "--root",
        str(tmp_path),
        "--registry",
        str(text),
        "report",
        "--json",
    )
    data = json.loads(out)
    assert code == 3 and err == ""  # the export was rejected: the diagnosis is incomplete
    assert data["problems"] == [
        {
            "app": None,
            "text": f"The registry export {text} was not used: line 1 is neither "
            "“Windows Registry Editor Version 5.00” nor “REGEDIT4”.",
            "id": "windows.reg.bad_header",
            "incomplete": True,
        }
    ]


def test_demo_shows_every_windows_finding(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", "--demo", "report", "--json")
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["platform"]["name"] == "Windows 11 Pro 23H2"
    apps = {(a["id"], a["edition"], a["version"], a["verdict"]) for a in data["apps"]}
    assert ("outlook-windows", "2016", "16.0.4266.1001", "supported") in apps
    assert ("thunderbird", None, "91.13.0", "update_required") in apps
    pop = [a for a in data["accounts"] if a["app"] == "outlook-windows" and a["protocol"] == "pop3"]
    assert (
        pop and pop[0]["status"] == "needs_migration" and pop[0]["host"] == "outlook.office365.com"
    )
    assert {Path(s["path"]).name for s in data["data_stores"] if s["kind"] == "pst"} >= {
        "taro@isc.chubu.ac.jp.pst",
        "アーカイブ 2021.pst",
    }
    ids = [a["id"] for a in data["actions"]]
    assert {"backup.first", "thunderbird.update", "outlook-windows.migrate"} <= set(ids)
    assert data["problems"] == []
    code, text, err = run_cli("--lang", "ja", "--demo", "report")
    assert "Outlook 2016" in text and "Exchange（Microsoft 365）アカウントとして追加し直す" in text


def test_the_demo_is_what_the_generator_writes(tmp_path: Path) -> None:
    write_demo(tmp_path)
    demo = resource_path("demo")
    for path in sorted(p for p in tmp_path.rglob("*") if p.is_file()):
        assert (demo / path.relative_to(tmp_path)).read_bytes() == path.read_bytes(), path
    size = sum(p.stat().st_size for p in demo.rglob("*") if p.is_file())
    assert size < 200_000


def test_windows_paths_follow_home_and_root(tmp_path: Path) -> None:
    env = Environment.snapshot("windows", tmp_path / "root", tmp_path / "home")
    assert (
        env.windows_path("%APPDATA%\\Thunderbird") == tmp_path / "home/AppData/Roaming/Thunderbird"
    )
    assert env.appdata() == tmp_path / "home/AppData/Roaming"
    assert env.local_appdata() == tmp_path / "home/AppData/Local"
    assert env.documents() == tmp_path / "home/Documents"
    assert (
        env.windows_path("%localappdata%\\Microsoft\\Outlook\\a.ost")
        == tmp_path / "home/AppData/Local/Microsoft/Outlook/a.ost"
    )
    assert env.windows_path("%HOMEDRIVE%%HOMEPATH%\\x.pst") == tmp_path / "home/x.pst"
    assert (
        env.windows_path('"C:\\Users\\taro\\メール 1.pst"')
        == tmp_path / "root/Users/taro/メール 1.pst"
    )
    assert (
        env.windows_path("%ProgramFiles(x86)%\\Mozilla Thunderbird")
        == tmp_path / "root/Program Files (x86)/Mozilla Thunderbird"
    )
    assert env.windows_path("%UNKNOWN%\\x") == tmp_path / "root/%UNKNOWN%/x"
