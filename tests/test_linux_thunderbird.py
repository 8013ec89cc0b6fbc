"""Finding Thunderbird installations on Linux, from snapshots and from the real install."""

from __future__ import annotations

import configparser
import json
import shutil
from pathlib import Path

import pytest

from assistant.detect.machine import detect_machine
from assistant.environment import Environment
from tests.conftest import write

APP_INI = """; This file is not used. If you modify it and want the application to use
; your modifications, start with the "-app /path/to/application.ini"
; argument.

[App]
Vendor=Mozilla
Name=Thunderbird
RemotingName=thunderbird
Version={version}
BuildID=20251001000000
"""


def install(folder: Path, version: str) -> None:
    write(folder / "application.ini", APP_INI.format(version=version))
    write(folder / "thunderbird", "#!/bin/sh\n")


def snapshot(tmp_path: Path) -> Environment:
    root = tmp_path / "root"
    home = root / "home" / "taro"
    home.mkdir(parents=True)
    return Environment.snapshot("linux", root, home)


def test_each_kind_of_install_is_found_with_its_version(tmp_path: Path) -> None:
    env = snapshot(tmp_path)
    install(env.path("/usr/lib/thunderbird"), "91.13.0")
    install(env.path("/snap/thunderbird/current/usr/lib/thunderbird"), "115.3.1")
    install(
        env.path(
            "/var/lib/flatpak/app/org.mozilla.Thunderbird/current/active/files/lib/thunderbird"
        ),
        "128.5.2",
    )
    install(env.home_path("thunderbird"), "102.1.0")
    write(
        env.path("/etc/os-release"),
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\n',
    )

    facts = detect_machine(env)

    found = {(a.source, a.version) for a in facts.apps}
    assert found == {
        ("linux-package", "91.13.0"),
        ("snap", "115.3.1"),
        ("flatpak", "128.5.2"),
        ("unpacked", "102.1.0"),
    }
    assert facts.platform.version == "12"
    assert facts.platform.name == "Debian GNU/Linux 12 (bookworm)"
    assert facts.problems == []
    assert facts.running == []  # a snapshot has no processes


def test_symlinked_lib64_is_one_install(tmp_path: Path) -> None:
    env = snapshot(tmp_path)
    install(env.path("/usr/lib/thunderbird"), "115.3.1")
    env.path("/usr/lib64").symlink_to(env.path("/usr/lib"))
    facts = detect_machine(env)
    assert [a.version for a in facts.apps] == ["115.3.1"]


def test_malformed_application_ini_is_named_and_the_rest_still_runs(tmp_path: Path) -> None:
    env = snapshot(tmp_path)
    write(env.path("/usr/lib/thunderbird/application.ini"), "[App\nVersion=91.12.0\n")
    install(env.home_path("thunderbird"), "102.2.0")
    facts = detect_machine(env)
    assert {a.version for a in facts.apps} == {None, "102.2.0"}
    assert len(facts.problems) == 1
    assert str(env.path("/usr/lib/thunderbird/application.ini")) in str(
        facts.problems[0].message.params
    )


def test_report_verdicts_for_a_snapshot(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    env = snapshot(tmp_path)
    install(env.path("/usr/lib/thunderbird"), "102.1.0")
    code, out, err = run_cli(
        "report", "--json", "--platform", "linux", "--root", str(env.root), "--home", str(env.home)
    )
    assert err == ""
    assert code == 1
    data = json.loads(out)
    (app,) = data["apps"]
    assert (app["id"], app["version"], app["verdict"]) == (
        "thunderbird",
        "102.1.0",
        "update_required",
    )
    assert any(a["id"] == "thunderbird.update" for a in data["actions"])


REAL_INSTALL = Path("/usr/lib/thunderbird")


@pytest.mark.thunderbird
@pytest.mark.skipif(
    not (REAL_INSTALL / "application.ini").is_file(), reason="needs Debian's thunderbird package"
)
def test_live_report_finds_the_real_debian_thunderbird(run_cli) -> None:  # type: ignore[no-untyped-def]
    parser = configparser.RawConfigParser()
    parser.read(REAL_INSTALL / "application.ini", encoding="utf-8")
    expected = parser.get("App", "Version")
    code, out, _ = run_cli("report", "--json", "--lang", "en")
    assert code in (0, 1)
    data = json.loads(out)
    apps = [a for a in data["apps"] if a["install_path"] == str(REAL_INSTALL)]
    assert len(apps) == 1
    assert apps[0]["version"] == expected
    assert apps[0]["verdict"] == "supported"  # Debian ships a current ESR
    assert data["platform"]["os"] == "linux"
    # The version printed by the real binary agrees with what we read.
    thunderbird = shutil.which("thunderbird")
    if thunderbird:
        import subprocess

        printed = subprocess.run(
            [thunderbird, "--version"], capture_output=True, text=True, timeout=60
        ).stdout
        assert expected in printed
