"""Thunderbird on Windows when the registry is stale: application.ini in the install
folder wins, and a key whose PathToExe is gone is dropped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from windows_machines import make_snapshot, thunderbird

FOLDER = "C:\\Program Files\\Mozilla Thunderbird"
OLD_FOLDER = "C:\\Program Files (x86)\\Mozilla Thunderbird"
INI = b"[App]\r\nVendor=Mozilla\r\nName=Thunderbird\r\nVersion=128.5.0esr\r\n"


def report(run_cli, tmp_path: Path, **kw: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", *make_snapshot(tmp_path, **kw), "report", "--json")
    assert code in (0, 1) and err == "", err
    return json.loads(out)  # type: ignore[no-any-return]


def test_application_ini_wins_and_gone_installs_are_dropped(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The 64-bit key still says 91.13.0 (updated in place by the updater, key not
    # rewritten); the 32-bit key is what an uninstalled old copy left behind.
    hklm = [
        *thunderbird("91.13.0 (ja)", FOLDER),
        *thunderbird("78.14.0 (ja)", OLD_FOLDER, view="32"),
    ]
    files = {
        FOLDER + "\\thunderbird.exe": b"MZ",
        FOLDER + "\\application.ini": INI,
        "C:\\Program Files (x86)\\Common Files\\placeholder": b"",  # the folder is there
    }
    [app] = report(run_cli, tmp_path, hklm=hklm, files=files)["apps"]
    assert (app["version"], app["verdict"], app["install_path"]) == (
        "128.5.0esr",
        "supported",
        FOLDER,
    )
    assert app["details"]["registry_version"] == "91.13.0"


def test_registry_alone_still_counts(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A snapshot of the registry without the file system: nothing can be seen gone."""
    [app] = report(run_cli, tmp_path, hklm=thunderbird("91.13.0 (ja)", FOLDER))["apps"]
    assert app["version"] == "91.13.0"


def test_an_application_ini_leading_out_of_the_snapshot_is_not_read(
    run_cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # The version the registry names is checked against application.ini; a link there
    # that leads out of the snapshot is a finding, never a read (as for App Paths).
    outside = tmp_path / "host-application.ini"
    outside.write_bytes(INI.replace(b"128.5.0esr", b"999.0"))
    files = {FOLDER + "\\thunderbird.exe": b"MZ"}
    args = make_snapshot(tmp_path, hklm=thunderbird("91.13.0 (ja)", FOLDER), files=files)
    ini = tmp_path / "root" / "Program Files" / "Mozilla Thunderbird" / "application.ini"
    ini.symlink_to(outside)
    code, out, _ = run_cli("--lang", "en", *args, "report", "--json")
    data = json.loads(out)
    [app] = data["apps"]
    assert app["version"] == "91.13.0"
    assert code == 3 and any("outside the snapshot" in p["text"] for p in data["problems"])
