"""Thunderbird on Windows from its installer's registry keys; the Windows version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from regexport import sz
from windows_machines import HKLM_SW, make_snapshot, thunderbird, windows_nt

from assistant.detect.system.windows import windows_name
from assistant.detect.thunderbird.windows import parse_current_version


def report(run_cli, tmp_path: Path, **kw: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", *make_snapshot(tmp_path, **kw), "report", "--json")
    assert code in (0, 1) and err == ""
    return json.loads(out)  # type: ignore[no-any-return]


def test_current_version_formats() -> None:
    old = parse_current_version("91.13.0 (ja)")
    assert old is not None and (old.version, old.esr, old.arch, old.locale) == (
        "91.13.0",
        False,
        None,
        "ja",
    )
    new = parse_current_version("140.4.0 ESR (x64 ja)")
    assert new is not None and (new.version, new.esr, new.arch, new.locale) == (
        "140.4.0",
        True,
        "x64",
        "ja",
    )
    beta = parse_current_version("102.0b3 (x86 en-US)")
    assert beta is not None and beta.version == "102.0b3" and beta.locale == "en-US"
    assert parse_current_version("garbage") is None


@pytest.mark.parametrize(
    ("current", "hive", "view", "version", "verdict"),
    [
        ("91.13.0 (ja)", "HKLM", "32", "91.13.0", "update_required"),
        ("91.12.0 (ja)", "HKLM", "64", "91.12.0", "supported"),
        ("140.4.0 ESR (x64 ja)", "HKLM", "64", "140.4.0", "supported"),
        ("102.1.0 (x64 ja)", "HKCU", "64", "102.1.0", "update_required"),
    ],
)
def test_thunderbird_installs(
    run_cli, tmp_path: Path, current, hive, view, version, verdict
) -> None:  # type: ignore[no-untyped-def]
    folder = "C:\\Program Files\\Mozilla Thunderbird"
    data = report(
        run_cli,
        tmp_path,
        hklm=thunderbird(current, folder, hive, view) if hive == "HKLM" else None,
        hkcu=thunderbird(current, folder, hive, view) if hive == "HKCU" else None,
    )
    [app] = data["apps"]
    assert (app["id"], app["version"], app["verdict"], app["source"]) == (
        "thunderbird",
        version,
        verdict,
        "registry",
    )
    assert app["install_path"] == folder
    assert app["details"]["view"] == view


def test_app_paths_only_reads_application_ini(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = "C:\\Users\\taro\\AppData\\Local\\Mozilla Thunderbird"
    hkcu = [
        (
            "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\"
            "App Paths\\thunderbird.exe",
            [sz("", folder + "\\thunderbird.exe")],
        )
    ]
    ini = b"[App]\r\nVendor=Mozilla\r\nName=Thunderbird\r\nVersion=115.3.1\r\n"
    data = report(run_cli, tmp_path, hkcu=hkcu, files={folder + "\\application.ini": ini})
    [app] = data["apps"]
    assert (app["version"], app["verdict"], app["install_path"]) == ("115.3.1", "supported", folder)
    # Without the file: known to be there, version unknown.
    (
        tmp_path
        / "root"
        / "Users"
        / "taro"
        / "AppData"
        / "Local"
        / "Mozilla Thunderbird"
        / "application.ini"
    ).unlink()
    [unknown] = report(run_cli, tmp_path, hkcu=hkcu)["apps"]
    assert (
        unknown["verdict"] == "unknown"
        and "windows.thunderbird.app_path_only" in unknown["note_ids"]
    )


def test_the_same_install_seen_twice_is_one_app(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = "C:\\Program Files\\Mozilla Thunderbird"
    hklm = [
        *thunderbird("115.3.1 (x64 ja)", folder),
        (
            f"{HKLM_SW}\\Microsoft\\Windows\\CurrentVersion\\App Paths\\thunderbird.exe",
            [sz("", folder + "\\thunderbird.exe")],
        ),
    ]
    assert len(report(run_cli, tmp_path, hklm=hklm)["apps"]) == 1


def test_missing_current_version(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hklm = [(f"{HKLM_SW}\\Mozilla\\Mozilla Thunderbird", [sz("ESR", "1")])]
    [app] = report(run_cli, tmp_path, hklm=hklm)["apps"]
    assert (
        app["verdict"] == "unknown" and "windows.thunderbird.no_current_version" in app["note_ids"]
    )


def test_windows_names() -> None:
    assert windows_name("Windows 10 Pro", 22631, "23H2") == "Windows 11 Pro 23H2"
    assert windows_name("Windows 10 Enterprise", 19045, "22H2") == "Windows 10 Enterprise 22H2"
    assert windows_name(None, None, None) == "Windows"


def test_platform_in_the_report(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report(run_cli, tmp_path, hklm=windows_nt("Windows 10 Education", "24H2", 26100, 2314))
    assert data["platform"] == {
        "os": "windows",
        "version": "10.0.26100.2314",
        "name": "Windows 11 Education 24H2",
    }
