"""Outlook for Windows in every edition, from real-format registry exports, through the
whole report (detection, matrix, diagnosis)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from regexport import dword, sz
from windows_machines import (
    HKCU_SW,
    HKLM_SW,
    VL2021_CHANNEL,
    app_paths_outlook,
    click_to_run,
    curver,
    make_snapshot,
    msi,
    windows_nt,
)

from assistant.detect.outlook.windows import channel_of, edition_from_product_ids

Report = dict[str, Any]


@pytest.fixture
def report(run_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    def run(hklm: list[Any] | None = None, hkcu: list[Any] | None = None, **kw: Any) -> Report:
        args = make_snapshot(tmp_path, hklm, hkcu, **kw)
        code, out, err = run_cli("--lang", "en", *args, "report", "--json")
        assert code in (0, 1), err
        assert err == ""
        return json.loads(out)  # type: ignore[no-any-return]

    return run


def outlook(data: Report) -> list[Report]:
    return [a for a in data["apps"] if a["id"] == "outlook-windows"]


@pytest.mark.parametrize(
    ("ids", "edition", "guide"),
    [
        ("O365ProPlusRetail", "365", "outlook-365"),
        ("O365BusinessRetail,VisioProRetail", "365", "outlook-365"),
        ("ProPlus2024Volume", "2024", "outlook-365"),
        ("ProPlus2021Volume,ProjectPro2021Volume", "2021", "outlook-365"),
        ("HomeBusiness2019Retail", "2019", "outlook-365"),
        ("Outlook2019Volume", "2019", "outlook-365"),
        ("ProPlusRetail", "2016", "outlook-2016"),
        ("HomeBusinessRetail", "2016", "outlook-2016"),
        ("OutlookRetail", "2016", "outlook-2016"),
    ],
)
def test_click_to_run_editions(report, ids: str, edition: str, guide: str) -> None:  # type: ignore[no-untyped-def]
    data = report(hklm=click_to_run(ids))
    [app] = outlook(data)
    assert (app["edition"], app["verdict"], app["guide"]) == (edition, "supported", guide)
    assert app["version"] == "16.0.17928.20114"
    assert app["details"]["install_type"] == "click-to-run"
    assert app["details"]["channel"] == "Current"
    assert app["install_path"].endswith("root\\Office16\\OUTLOOK.EXE")
    assert app["rules_guide"] is True


def without_outlook_exe(sections: list[Any]) -> list[Any]:
    return [s for s in sections if "OUTLOOK.EXE" not in s[0] and "\\Outlook\\" not in s[0]]


def test_product_ids_without_outlook_and_excluded_apps(report) -> None:  # type: ignore[no-untyped-def]
    no_outlook = click_to_run("HomeStudent2019Retail,VisioPro2019Retail")
    assert outlook(report(hklm=without_outlook_exe(no_outlook))) == []
    excluded = click_to_run(
        "O365ProPlusRetail", extra=[sz("O365ProPlusRetail.ExcludedApps", "groove,outlook,lync")]
    )
    assert outlook(report(hklm=without_outlook_exe(excluded))) == []
    # An OUTLOOK.EXE in the Click-to-Run folder the products do not explain: a
    # Click-to-Run Outlook 16.0 all the same, supported whatever the product.
    [odd] = outlook(report(hklm=no_outlook))
    assert (odd["edition"], odd["verdict"]) == ("2019", "supported")
    assert edition_from_product_ids(["O365HomeStudentRetail"]) is None


def test_channels() -> None:
    assert channel_of(None, VL2021_CHANNEL) == "PerpetualVL2021"
    assert channel_of("{55336B82-A18D-4DD6-B5F6-9E5095C314A6}") == "MonthlyEnterprise"
    assert channel_of("http://officecdn.microsoft.com/pr/unknown") is None


def test_volume_2021_on_32_bit(report) -> None:  # type: ignore[no-untyped-def]
    [app] = outlook(
        report(hklm=click_to_run("ProPlus2021Volume", platform="x86", channel=VL2021_CHANNEL))
    )
    assert app["details"]["bitness"] == "x86" and app["details"]["channel"] == "PerpetualVL2021"


def test_msi_2016_32_bit_office_on_64_bit_windows(report) -> None:  # type: ignore[no-untyped-def]
    data = report(
        hklm=[
            *windows_nt("Windows 10 Pro", "22H2", 19045, 5011),
            *msi("16.0", "32", "x86", "Microsoft Office Professional Plus 2016", "16.0.4266.1001"),
        ]
    )
    [app] = outlook(data)
    assert app["edition"] == "2016" and app["verdict"] == "supported"
    assert app["guide"] == "outlook-2016"
    assert app["version"] == "16.0.4266.1001"
    assert app["details"]["install_type"] == "msi"
    assert app["details"]["view"] == "32" and app["details"]["bitness"] == "x86"
    assert app["install_path"] == "C:\\Program Files (x86)\\Microsoft Office\\Office16\\OUTLOOK.EXE"
    assert data["platform"] == {
        "os": "windows",
        "version": "10.0.19045.5011",
        "name": "Windows 10 Pro 22H2",
    }


def test_click_to_run_leftovers_are_not_msi(report) -> None:  # type: ignore[no-untyped-def]
    # The Click-to-Run configuration is gone; its InstallRoot (root\Office16) stayed.
    leftovers = [s for s in click_to_run("O365ProPlusRetail") if "ClickToRun" not in s[0]]
    data = report(hklm=leftovers)
    apps = outlook(data)
    assert all(a["details"]["install_type"] != "msi" for a in apps)
    # App Paths still names an OUTLOOK.EXE: an Outlook of unknown edition, not "MSI 2016".
    [app] = apps
    assert app["edition"] is None and app["verdict"] == "unknown"
    assert "outlook-windows.unknown" in [a["id"] for a in data["actions"]]
    # With the configuration present, only the Click-to-Run Outlook is reported.
    assert [
        a["details"]["install_type"] for a in outlook(report(hklm=click_to_run("ProPlusRetail")))
    ] == ["click-to-run"]


@pytest.mark.parametrize(
    ("identity", "note"),
    [
        (None, "windows.outlook.adal_missing_2013"),
        ([dword("EnableADAL", 1)], "windows.outlook.adal_missing_2013"),
        ([dword("EnableADAL", 1), sz("Version", "1")], "windows.outlook.adal_wrong_type_2013"),
        ([dword("EnableADAL", 1), dword("Version", 1)], "windows.outlook.adal_enabled_2013"),
    ],
)
def test_outlook_2013_is_unsupported_with_its_reason(report, identity, note) -> None:  # type: ignore[no-untyped-def]
    hkcu = None
    if identity is not None:
        hkcu = [(f"{HKCU_SW}\\Microsoft\\Office\\15.0\\Common\\Identity", identity)]
    data = report(
        hklm=msi("15.0", "64", "x64", "Microsoft Office Professional Plus 2013", "15.0.4569.1506"),
        hkcu=hkcu,
    )
    [app] = outlook(data)
    assert app["edition"] == "2013" and app["verdict"] == "unsupported"
    assert "matrix.note.outlook_2013" in app["note_ids"] and note in app["note_ids"]
    assert "outlook-windows.unsupported" in [a["id"] for a in data["actions"]]


def test_outlook_2010_is_unsupported(report) -> None:  # type: ignore[no-untyped-def]
    [app] = outlook(
        report(
            hklm=msi(
                "14.0", "32", None, "Microsoft Office Professional Plus 2010", "14.0.7015.1000"
            )
        )
    )
    assert app["edition"] == "2010" and app["verdict"] == "unsupported"
    assert "matrix.note.outlook_2010" in app["note_ids"]
    assert app["details"]["bitness"] == "x86"


def test_missing_or_wrongly_typed_product_ids_make_only_outlook_unknown(report) -> None:  # type: ignore[no-untyped-def]
    thunderbird_key = f"{HKLM_SW}\\Mozilla\\Mozilla Thunderbird"
    others = [
        (thunderbird_key, [sz("CurrentVersion", "115.3.1 (ja)")]),
        (f"{thunderbird_key}\\115.3.1 (ja)\\Main", [sz("PathToExe", "C:\\TB\\thunderbird.exe")]),
        *windows_nt("Windows 10 Pro", "23H2", 22631, 1),
    ]
    missing = report(hklm=[*click_to_run(None), *others])
    wrong = report(hklm=[*click_to_run(None, extra=[dword("ProductReleaseIds", 1)]), *others])
    for data, note in (
        (missing, "windows.outlook.c2r_ids_missing"),
        (wrong, "windows.outlook.c2r_ids_wrong_type"),
    ):
        [app] = outlook(data)
        assert app["verdict"] == "unknown" and note in app["note_ids"]
        assert "matrix.note.edition_unknown" in app["note_ids"]
        [tb] = [a for a in data["apps"] if a["id"] == "thunderbird"]
        assert tb["verdict"] == "supported" and tb["version"] == "115.3.1"
        assert data["platform"]["name"] == "Windows 11 Pro 23H2"
    assert "REG_DWORD" in " ".join(outlook(wrong)[0]["notes"])


def test_app_paths_and_curver_alone(report) -> None:  # type: ignore[no-untyped-def]
    [app] = outlook(report(hklm=app_paths_outlook("D:\\Office\\OUTLOOK.EXE")))
    assert app["verdict"] == "unknown" and app["install_path"] == "D:\\Office\\OUTLOOK.EXE"
    [old] = outlook(report(hklm=curver("15")))
    assert old["edition"] == "2013" and old["verdict"] == "unsupported"


def test_new_outlook_from_its_folders(report) -> None:  # type: ignore[no-untyped-def]
    data = report(
        files={
            "C:\\Users\\taro\\AppData\\Local\\Microsoft\\Olk\\EBWebView\\Local State": b"{}",
            "C:\\Program Files\\WindowsApps\\"
            "Microsoft.OutlookForWindows_1.2024.1002.200_x64__8wekyb3d8bbwe\\olk.exe": b"MZ",
        }
    )
    [app] = [a for a in data["apps"] if a["id"] == "new-outlook-windows"]
    assert app["verdict"] == "supported" and app["version"] == "1.2024.1002.200"
    assert not [a for a in data["actions"] if a["app"] == "new-outlook-windows"]
    package_only = report(
        files={
            "C:\\Users\\taro\\AppData\\Local\\Packages\\"
            "Microsoft.OutlookForWindows_8wekyb3d8bbwe\\Settings\\settings.dat": b"x"
        }
    )
    assert [a["id"] for a in package_only["apps"]] == ["new-outlook-windows"]


def test_no_registry_and_no_folders_means_no_outlook(report) -> None:  # type: ignore[no-untyped-def]
    data = report()
    assert data["apps"] == [] and data["platform"]["os"] == "windows"


def test_msi_version_from_the_product_guid_key(report) -> None:  # type: ignore[no-untyped-def]
    sections = [s for s in msi("16.0", "64", "x64", "x", "x") if "Office16.PROPLUS" not in s[0]]
    guid_key = (
        f"{HKLM_SW}\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
        "{90160000-0011-0000-1000-0000000FF1CE}"
    )
    sections.append(
        (
            guid_key,
            [
                sz("DisplayName", "Microsoft Office Standard 2016"),
                sz("DisplayVersion", "16.0.4266.1001"),
            ],
        )
    )
    [app] = outlook(report(hklm=sections))
    assert app["version"] == "16.0.4266.1001"
    assert app["details"]["product"] == "Microsoft Office Standard 2016"


def test_msi_leftovers_beside_click_to_run_and_2013_side_by_side(report) -> None:  # type: ignore[no-untyped-def]
    old_2016 = [s for s in msi("16.0", "32", "x86", "Office 2016", "16.0.4266.1001")]
    old_2016 = [s for s in old_2016 if "App Paths" not in s[0] and "CurVer" not in s[0]]
    data = report(hklm=[*click_to_run("O365ProPlusRetail"), *old_2016])
    assert [(a["edition"], a["details"]["install_type"]) for a in outlook(data)] == [
        ("365", "click-to-run")
    ]
    side = msi("15.0", "32", "x86", "Office 2013", "15.0.4569.1506")
    side = [s for s in side if "App Paths" not in s[0] and "CurVer" not in s[0]]
    data = report(hklm=[*click_to_run("O365ProPlusRetail"), *side])
    assert [a["edition"] for a in outlook(data)] == ["365", "2013"]
