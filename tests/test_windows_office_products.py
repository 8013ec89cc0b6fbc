"""Every Click-to-Run product id Microsoft lists, one by one, through the whole report:
the Outlook edition it installs and the verdict (Office Personal, standard on Japanese
consumer PCs, used to get "unknown")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from windows_machines import VL2021_CHANNEL, click_to_run, make_snapshot

from assistant.detect.outlook.c2r_products import (
    WITH_OUTLOOK,
    WITHOUT_OUTLOOK,
    is_listed,
    outlook_edition,
)

Report = dict[str, Any]
GUIDE = {"365": "outlook-365", "2024": "outlook-365", "2021": "outlook-365"}
GUIDE |= {"2019": "outlook-365", "2016": "outlook-2016"}


@pytest.fixture
def report(run_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    def run(hklm: list[Any] | None, hkcu: list[Any] | None = None) -> Report:
        args = make_snapshot(tmp_path, hklm, hkcu)
        code, out, err = run_cli("--lang", "en", *args, "report", "--json")
        assert code in (0, 1) and err == "", err
        return json.loads(out)  # type: ignore[no-any-return]

    return run


def _outlook(data: Report) -> list[Report]:
    return [a for a in data["apps"] if a["id"] == "outlook-windows"]


def _without_outlook_exe(sections: list[Any]) -> list[Any]:
    return [s for s in sections if "OUTLOOK.EXE" not in s[0] and "\\Outlook\\" not in s[0]]


@pytest.mark.parametrize(
    ("product", "edition"),
    [(pid, edition) for edition, ids in WITH_OUTLOOK.items() for pid in ids],
)
def test_each_product_with_outlook(report, product: str, edition: str) -> None:  # type: ignore[no-untyped-def]
    [app] = _outlook(report(click_to_run(product)))
    assert (app["edition"], app["verdict"], app["guide"]) == (edition, "supported", GUIDE[edition])
    assert app["notes"] == []
    assert is_listed(product) and outlook_edition(product.upper()) == edition


@pytest.mark.parametrize("product", WITHOUT_OUTLOOK)
def test_each_product_without_outlook(report, product: str) -> None:  # type: ignore[no-untyped-def]
    assert _outlook(report(_without_outlook_exe(click_to_run(product)))) == []
    assert is_listed(product) and outlook_edition(product) is None


def test_the_lists_do_not_overlap_and_hold_the_personal_editions() -> None:
    with_outlook = [pid.lower() for ids in WITH_OUTLOOK.values() for pid in ids]
    without = [pid.lower() for pid in WITHOUT_OUTLOOK]
    assert len(set(with_outlook)) == len(with_outlook)
    assert len(set(without)) == len(without)
    assert not set(with_outlook) & set(without)
    for pid in ("Personal2019Retail", "Personal2021Retail", "Personal2024Retail"):
        assert pid.lower() in with_outlook
    for pid in ("PersonalRetail", "PersonalPipcRetail", "HomeBusinessPipcRetail"):
        assert pid.lower() in with_outlook


@pytest.mark.parametrize(
    ("product", "edition"),
    [
        ("Personal2027Retail", "2027"),
        ("HomeBusiness2027Retail", "2027"),
        ("ProPlusSPLA2024Volume", "2024"),
        ("O365FutureSuiteRetail", "365"),
        ("O365VisioSomethingRetail", None),
        ("Word2027Retail", None),
        ("NotAProduct", None),
    ],
)
def test_an_id_not_listed_is_read_by_its_family(product: str, edition: str | None) -> None:
    assert not is_listed(product)
    assert outlook_edition(product) == edition


@pytest.mark.parametrize(
    ("ids", "channel", "edition"),
    [
        ("SomethingNew2026Retail", None, "365"),
        ("HomeStudent2019Retail,VisioPro2019Retail", None, "2019"),
        ("SomethingNewVolume", VL2021_CHANNEL, "2021"),
    ],
)
def test_a_click_to_run_outlook_is_supported_whatever_the_sku(  # type: ignore[no-untyped-def]
    report, ids: str, channel: str | None, edition: str
) -> None:
    """OUTLOOK.EXE in the Click-to-Run folder: an Outlook 16.0, whichever product put it
    there; the note names the ids that did not explain it."""
    sections = click_to_run(ids) if channel is None else click_to_run(ids, channel=channel)
    [app] = _outlook(report(sections))
    assert (app["edition"], app["verdict"]) == (edition, "supported")
    assert any(ids in note for note in app["notes"]), app["notes"]


def test_the_new_outlook_from_its_package_registration(report) -> None:  # type: ignore[no-untyped-def]
    """Registered for the user in the AppModel repository; two versions (an update not
    yet cleaned up): the higher as numbers, not as text (1.2024.1023 > 1.2024.909)."""
    from regexport import sz

    packages = (
        "HKEY_CURRENT_USER\\Software\\Classes\\Local Settings\\Software\\Microsoft\\Windows"
        "\\CurrentVersion\\AppModel\\Repository\\Packages"
    )
    hkcu = [
        (
            f"{packages}\\Microsoft.OutlookForWindows_1.2024.909.100_x64__8wekyb3d8bbwe",
            [sz("a", "b")],
        ),
        (
            f"{packages}\\Microsoft.OutlookForWindows_1.2024.1023.300_x64__8wekyb3d8bbwe",
            [sz("a", "b")],
        ),
        (f"{packages}\\Microsoft.WindowsCalculator_11.2405.2.0_x64__8wekyb3d8bbwe", [sz("a", "b")]),
    ]
    [app] = [a for a in report(None, hkcu)["apps"] if a["id"] == "new-outlook-windows"]
    assert (app["version"], app["source"], app["verdict"]) == (
        "1.2024.1023.300",
        "package-registration",
        "supported",
    )
