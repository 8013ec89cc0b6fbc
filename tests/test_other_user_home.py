"""``--home`` on the live machine: an administrator diagnoses another user's home.

The Windows branch runs here on regedit exports: HKLM with the ProfileList, the
administrator's own HKCU, and HKEY_USERS\\<SID> (the other user's hive, as regedit
exports it while that user is signed in).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from regexport import export_v5, write_export
from windows_machines import (
    HKCU_SW,
    Section,
    msi,
    pop3_account,
    profile,
    profile_list,
    windows_nt,
)

from assistant.detect.machine import detect_machine
from assistant.detect.registry.exported import ExportedRegistry
from assistant.detect.registry.other_user import OtherUserRegistry
from assistant.detect.registry.regfile import parse_export
from assistant.environment import Environment
from assistant.outcome import report_outcome

ADMIN_SID = "S-1-5-21-1004336348-1177238915-682003330-500"
HANAKO_SID = "S-1-5-21-1004336348-1177238915-682003330-1002"
ISC = ("outlook.office365.com", "smtp.office365.com")


def as_user(sections: list[Section], sid: str) -> list[Section]:
    """HKCU sections as they appear under HKEY_USERS\\<sid>."""
    prefix = "HKEY_CURRENT_USER"
    return [(f"HKEY_USERS\\{sid}" + key[len(prefix) :], values) for key, values in sections]


def lab_pc(tmp_path: Path, hanako_hive: bool, in_profile_list: bool = True) -> Environment:
    root = tmp_path / "C"
    for user in ("admin", "hanako"):
        (root / "Users" / user).mkdir(parents=True)
    users = {ADMIN_SID: r"C:\Users\admin"}
    if in_profile_list:
        users[HANAKO_SID] = r"%SystemDrive%\Users\hanako"
    hklm = [
        *windows_nt("Windows 10 Pro", "23H2", 22631, 4460),
        *msi("16.0", "64", "x64", "Microsoft Office Professional Plus 2016", "16.0.4266.1001"),
        *profile_list(users),
    ]
    admin = profile("Admin", [("00000002", pop3_account("admin@isc.chubu.ac.jp", *ISC))])
    hanako = profile("Outlook", [("00000002", pop3_account("hanako@isc.chubu.ac.jp", *ISC))])
    exports = [
        write_export(tmp_path / "hklm.reg", export_v5(hklm)),
        write_export(tmp_path / "hkcu.reg", export_v5(admin)),  # the administrator's own
    ]
    if hanako_hive:
        exports.append(write_export(tmp_path / "hku.reg", export_v5(as_user(hanako, HANAKO_SID))))
    env = Environment.snapshot("windows", root, root / "Users" / "hanako", tuple(exports))
    return dataclasses.replace(env, other_user=True)


def test_the_other_users_hive_stands_for_hkcu(tmp_path: Path) -> None:
    facts = detect_machine(lab_pc(tmp_path, hanako_hive=True))
    assert [a.email for a in facts.accounts] == ["hanako@isc.chubu.ac.jp"] * 2
    assert facts.problems == []


def test_an_unloaded_hive_is_said_and_the_administrators_hkcu_never_used(tmp_path: Path) -> None:
    env = lab_pc(tmp_path, hanako_hive=False)
    facts = detect_machine(env)
    assert facts.accounts == []  # not the administrator's accounts
    [problem] = facts.problems
    assert problem.message.key == "fleet.problem.hive_not_loaded"
    assert problem.message.params["sid"] == HANAKO_SID
    assert [a.app_id for a in facts.apps] == ["outlook-windows"]  # HKLM is still read


def test_one_diagnosis_finds_the_other_users_hive_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every Windows detector reads the registry; the SID lookup and the hive check behind
    the other user's HKCU run once per diagnosis, and all detectors share that view."""
    from assistant.detect.registry import other_user, registry_for

    looked_up: list[Path] = []
    real = other_user.sid_for_home

    def counted(registry: object, env: Environment) -> str | None:
        looked_up.append(env.home)
        return real(registry, env)  # type: ignore[arg-type]

    monkeypatch.setattr(other_user, "sid_for_home", counted)
    env = lab_pc(tmp_path, hanako_hive=True)
    facts = detect_machine(env)
    assert [a.email for a in facts.accounts] == ["hanako@isc.chubu.ac.jp"] * 2
    assert looked_up == [env.home]
    detect_machine(env)
    assert looked_up == [env.home] * 2  # the next diagnosis looks again
    assert registry_for(env) is registry_for(env)


def test_a_hive_loaded_since_the_last_diagnosis_is_seen(tmp_path: Path) -> None:
    env = lab_pc(tmp_path, hanako_hive=True)
    hive = tmp_path / "hku.reg"
    signed_in = hive.read_bytes()
    write_export(hive, export_v5([(r"HKEY_USERS\.DEFAULT\Software", [])]))  # she signed out
    keys = [p.message.key for p in detect_machine(env).problems]
    assert keys == ["fleet.problem.hive_not_loaded"]
    write_export(hive, signed_in)
    facts = detect_machine(env)
    assert facts.problems == []
    assert [a.email for a in facts.accounts] == ["hanako@isc.chubu.ac.jp"] * 2


def test_a_home_no_profile_names_is_said(tmp_path: Path) -> None:
    facts = detect_machine(lab_pc(tmp_path, hanako_hive=True, in_profile_list=False))
    assert facts.accounts == []
    assert [p.message.key for p in facts.problems] == ["fleet.problem.no_profile_for_home"]


def test_the_report_says_what_it_could_not_see(tmp_path: Path) -> None:
    from assistant.diagnose import diagnose
    from assistant.matrix import SupportMatrix
    from assistant.organization import load_organization

    env = lab_pc(tmp_path, hanako_hive=False)
    d = diagnose(detect_machine(env), SupportMatrix.load(), load_organization(env), env.now)
    assert report_outcome(d) == 3  # incomplete, never "nothing to do"


def test_without_a_sid_hkcu_is_nobodys_and_hklm_stays() -> None:
    registry = ExportedRegistry()
    registry.apply(
        parse_export(export_v5([(f"{HKCU_SW}\\X", []), (r"HKEY_LOCAL_MACHINE\Y", [])]), "t")
    )
    assert registry.open(f"{HKCU_SW}\\X") is not None
    wrapped = OtherUserRegistry(registry, None)
    assert wrapped.open(f"{HKCU_SW}\\X") is None
    assert list(wrapped.open_views(f"{HKCU_SW}\\X")) == []
    assert wrapped.open(r"HKLM\Y") is not None


def test_live_home_of_another_user_on_linux(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

    home = tmp_path / "hanako"
    root = home / ".thunderbird"
    write_profile(root / "p", ACCOUNTS)
    write_profiles_ini(root, "[Profile0]\nName=p\nIsRelative=1\nPath=p\nDefault=1\n")
    code, out, err = run_cli("--lang", "en", "--home", str(home), "report", "--json")
    assert err == ""
    data = json.loads(out)
    assert data["platform"]["os"] == "linux"
    assert {a["app"] for a in data["accounts"]} == {"thunderbird"}
    assert [s["path"] for s in data["data_stores"]] == [str(root / "p")]
    assert code == report_code(data)


def report_code(data: dict) -> int:  # type: ignore[type-arg]
    return int(data["outcome"]["exit_code"])


def test_home_must_be_a_folder(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--lang", "en", "--home", str(tmp_path / "nobody"), "report")
    assert code == 2 and out == "" and "nobody" in err and err[-1] == "\n"
