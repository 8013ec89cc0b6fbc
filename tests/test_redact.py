"""``--redact``: names masked everywhere, findings intact, the same person the same mask.

Property-based over generated user names: ASCII logins, names with spaces (Windows
allows them), Japanese names in kana and kanji, and names that differ only in case.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from thunderbird_samples import ACCOUNTS, prefs_js
from windows_machines import (
    PST_STAND_IN,
    make_snapshot,
    pop3_account,
    profile,
    pst_service,
    thunderbird,
    windows_nt,
)

from assistant.detect.facts import (
    DataStore,
    InstalledApp,
    MachineFacts,
    MailAccount,
    PlatformInfo,
    Problem,
    RunAs,
)
from assistant.diagnose import diagnose
from assistant.i18n import Message, Translator
from assistant.matrix import SupportMatrix
from assistant.organization import load_organization
from assistant.outcome import report_outcome
from assistant.redact import Redactor, redact_diagnosis
from assistant.report import report_json
from assistant.report_formats import report_csv
from assistant.report_text import report_text
from tests.hostile.hostile_snapshots import cli

DOMAIN = "isc.chubu.ac.jp"
NOW = datetime(2026, 11, 25, tzinfo=UTC)

ascii_names = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,11}", fullmatch=True)
# Kana as names are written: U+3097 and U+3098 in that block are unassigned (no name
# holds them, and Python does not count them as wide characters).
kana = st.characters(min_codepoint=0x3041, max_codepoint=0x30FA, exclude_categories=["Cn"])
kanji = st.sampled_from("山田太郎花子中部高橋佐藤鈴木渡辺伊藤翔陽菜結愛")
japanese_names = st.text(st.one_of(kana, kanji), min_size=1, max_size=6)
spaced_names = st.builds(lambda a, b: f"{a} {b}", ascii_names, ascii_names)
names = st.one_of(ascii_names, japanese_names, spaced_names).filter(
    lambda n: n.casefold() not in DOMAIN and not n.lower().startswith("user")
)


def local_part(name: str) -> str:
    return name.replace(" ", ".")


def machine_of(users: list[str], admin: str) -> MachineFacts:
    home = users[0]
    facts = MachineFacts(platform=PlatformInfo("windows", "10.0.22631", "Windows 11"))
    facts.apps.append(
        InstalledApp("thunderbird", "Thunderbird", "91.13.0", rf"C:\Users\{home}\TB", "manual")
    )
    for i, user in enumerate(users):
        address = f"{local_part(user)}@{DOMAIN}"
        for protocol in ("pop3", "smtp"):
            facts.accounts.append(
                MailAccount(
                    "thunderbird",
                    protocol,  # type: ignore[arg-type]
                    "outlook.office365.com",
                    "password",
                    address,
                    profile=f"{user}'s profile",
                    user_name=address,
                    key=f"server{i}",
                    display_name=user,
                )
            )
        facts.data_stores.append(
            DataStore("thunderbird", "pst", rf"C:\Users\{user}\Documents\{address}.pst", 10)
        )
    facts.problems.append(
        Problem(Message("problem.file_unreadable", {"file": rf"C:\Users\{home}\x", "reason": "r"}))
    )
    facts.ran_as = RunAs(admin, True)
    facts.home = rf"C:\Users\{home}"
    return facts


def appears(name: str, value: str) -> bool:
    """``name`` in ``value`` as a name: not as a piece of a longer ASCII word ("d" is not
    in "Documents"); a Japanese name anywhere."""
    pattern = rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])"
    return re.search(pattern, value, re.IGNORECASE) is not None


def values(data: Any) -> list[str]:
    """Every string in the JSON report that carries user data (not the catalog's texts)."""
    out: list[str] = [data["ran_as"]["user"], data["home"]]
    for a in data["accounts"]:
        out += [a["email"], a["profile"]]
    for s in data["data_stores"]:
        out += [s["path"], s["shown_path"]]
    out += [a["install_path"] for a in data["apps"]]
    return out


@given(st.lists(names, min_size=1, max_size=3, unique_by=str.casefold), names)
@example(users=["taro"], admin="r1")  # the mask user1@… ends in r1@…: not a leak
def test_names_are_masked_and_findings_stay(users: list[str], admin: str) -> None:
    assume(admin.casefold() not in {u.casefold() for u in users})
    matrix, org = SupportMatrix.load(), load_organization()
    original = diagnose(machine_of(users, admin), matrix, org, NOW)
    redacted = redact_diagnosis(original, home=users[0])
    tr = Translator("ja")
    data = report_json(redacted, tr)
    before = report_json(original, tr)
    texts = [report_text(redacted, tr), report_csv(redacted, tr), json.dumps(data)]
    for user in [*users, admin]:
        for value in values(data):
            assert not appears(user, value), (user, value)
        for text in texts:
            assert not appears(f"{local_part(user)}@{DOMAIN}", text), (user, text)
            assert rf"\Users\{user}\\" not in text
    # The findings are the same findings.
    assert report_outcome(redacted) == report_outcome(original)
    for key in ("protocol", "host", "auth", "status", "exchange_online", "app", "key"):
        assert [a[key] for a in data["accounts"]] == [a[key] for a in before["accounts"]]
    assert [a["id"] for a in data["actions"]] == [a["id"] for a in before["actions"]]
    assert [s["bytes"] for s in data["data_stores"]] == [s["bytes"] for s in before["data_stores"]]
    assert len(data["problems"]) == len(before["problems"])
    # One person, one mask; two people, two masks; the domain is kept.
    emails = [a["email"] for a in data["accounts"]]
    assert len(set(emails)) == len(users)
    assert all(e.endswith("@" + DOMAIN) for e in emails)
    home_mask = emails[0].split("@")[0] if " " not in users[0] else None
    if home_mask is not None:
        assert data["data_stores"][0]["shown_path"].startswith(rf"C:\Users\{home_mask}" + "\\")


@given(names)
def test_case_only_differences_are_one_person(name: str) -> None:
    r = Redactor([name])
    assert r.text(name.upper()) == r.text(name.lower()) == r.text(name) == "user1"


@given(st.lists(names, min_size=2, max_size=4, unique_by=str.casefold))
def test_masks_are_numbered_in_order_found(users: list[str]) -> None:
    r = Redactor(users)
    assert [r.text(u) for u in users] == [f"user{i}" for i in range(1, len(users) + 1)]


def test_a_name_inside_a_longer_word_is_not_a_name() -> None:
    r = Redactor(["taro"])
    assert r.text(r"C:\Users\taro\Documents\Antaro.pst") == r"C:\Users\user1\Documents\Antaro.pst"
    assert r.text("taro@isc.chubu.ac.jp, hanako@example.org") == (
        "user1@isc.chubu.ac.jp, user2@example.org"
    )


def test_a_name_masked_where_it_stands_is_not_looked_for_elsewhere() -> None:
    r = Redactor(["taro"])
    assert r.mask("root", look_for=False) == "user2"
    assert r.text("/tmp/x/root/Users/taro/x") == "/tmp/x/root/Users/user1/x"
    assert r.mask("Root") == "user2"  # another source knows the name: one person, one mask
    assert r.text("/tmp/x/root/Users/taro/x") == "/tmp/x/user2/Users/user1/x"


def test_the_demo_redacted_from_the_outside(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--demo", "--lang", "ja", "report", "--redact", "--format", "json")
    assert code == 1 and err == ""
    assert "taro" not in out and "太郎" not in out
    data = json.loads(out)
    assert {a["email"] for a in data["accounts"]} == {"user1@isc.chubu.ac.jp"}
    assert data["machine"] == "ISC-PC-0123"


def test_a_fully_seen_problem_stays_fully_seen() -> None:
    # A profile that profiles.ini lists but that is gone is a fact, not a gap: masking
    # names must not turn it into "incomplete" (exit 3 instead of the report's own code).
    facts = machine_of(["taro"], "admin")
    facts.problems[:] = [
        Problem(Message("problem.file_unreadable", {"file": "C:/x", "reason": "r"}), None, False)
    ]
    original = diagnose(facts, SupportMatrix.load(), load_organization(), NOW)
    redacted = redact_diagnosis(original, home="taro")
    assert [p.incomplete for p in redacted.facts.problems] == [False]
    assert report_outcome(redacted) == report_outcome(original)


@given(
    japanese_names,
    japanese_names,
    st.sampled_from([" ", "\u3000", ""]),
    st.sampled_from([" ", "\u3000", "", "\u3000\u3000"]),
)
def test_a_japanese_name_is_one_person_however_spaced(
    family: str, given_name: str, known_gap: str, shown_gap: str
) -> None:
    """ "山田 太郎" known, "山田太郎" or "山田　太郎" written: the same person, the same mask."""
    r = Redactor([family + known_gap + given_name])
    shown = rf"C:\Users\{family}{shown_gap}{given_name}\x"
    assert r.text(shown) == r"C:\Users\user1\x"


# A person's name as the mail apps keep it, and as their files are named after it.
PERSON = {
    "ja": ("山田 太郎", "山田太郎", ("山田", "太郎")),
    "en": ("Taro Yamada", "Taro  Yamada", ("Yamada",)),
}


def _named_after_the_person(base: Path, lang: str, escaped: bool) -> list[str]:
    """A Windows PC (snapshot) whose person's name is only where the apps keep it:
    Thunderbird's identity ``fullName`` (in prefs.js as UTF-8, or as ``\\uXXXX`` escapes)
    and Outlook's "Display Name", the account names being the address. The profile
    folder and a PST are named after the person, as people name them."""
    name, in_files, _ = PERSON[lang]
    user, address = "taro", "taro@isc.chubu.ac.jp"
    pst = rf"C:\Users\{user}\Documents\Outlook Files\{in_files}.pst"
    outlook = pop3_account(address, "outlook.office365.com", "smtp.office365.com", person=name)
    hkcu = profile("Outlook", [("00000002", outlook)], [pst_service("0a" * 16, pst)])
    prefs = prefs_js({**ACCOUNTS, "mail.identity.id1.fullName": name})
    if escaped:
        written = "".join(f"\\u{ord(c):04X}" if ord(c) > 127 else c for c in name)
        prefs = prefs.replace(name, written)
    folder = f"k3x9d2ab.{in_files}"
    tb = rf"C:\Users\{user}\AppData\Roaming\Thunderbird"
    ini = f"[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=Profiles/{folder}\r\n"
    hklm = [
        *windows_nt("Windows 10 Pro", "23H2", 22631, 4460),
        *thunderbird("128.5.0esr (x64 ja)", r"C:\Program Files\Mozilla Thunderbird"),
    ]
    files = {
        pst: PST_STAND_IN,
        tb + r"\profiles.ini": (ini + "\r\n[General]\r\nStartWithLastProfile=1\r\n").encode(),
        tb + rf"\Profiles\{folder}\prefs.js": prefs.encode("utf-8"),
    }
    return make_snapshot(base, hklm=hklm, hkcu=hkcu, files=files, user=user)


@pytest.mark.parametrize("form", ["text", "json", "csv"])
@pytest.mark.parametrize(("lang", "escaped"), [("ja", True), ("ja", False), ("en", False)])
def test_the_name_the_person_sends_as_is_masked(
    tmp_path: Path, lang: str, escaped: bool, form: str
) -> None:
    """The person's name was known only from Thunderbird's identity and Outlook's
    "Display Name", which detection never kept: ``--redact`` showed it in the profile
    folder and the PST named after them. Run as the helpdesk runs it."""
    args = _named_after_the_person(tmp_path, lang, escaped)
    _, in_files, pieces = PERSON[lang]
    plain = cli("--lang", lang, *args, "report", "--format", form)
    redacted = cli("--lang", lang, *args, "report", "--format", form, "--redact")
    assert plain.err == redacted.err == "" and plain.code == redacted.code == 1, redacted.err
    assert f"k3x9d2ab.{in_files}" in plain.out.replace("\\\\", "\\")  # the name is there
    for piece in pieces:
        assert piece not in redacted.out, (piece, redacted.out)
    masks = set(re.findall(r"k3x9d2ab\.(user\d+)", redacted.out))
    assert len(masks) == 1 and masks == set(re.findall(r"(user\d+)\.pst", redacted.out))
    if form == "json":
        accounts = plain.json()["accounts"]
        assert "person_name" not in accounts[0]  # personal data the report does not carry


def test_the_operators_account_does_not_mask_the_snapshots_host_folder(tmp_path: Path) -> None:
    """Diagnosing a snapshot as root, the folder ``…/root/`` the snapshot sits in became
    ``…/user2/``: the account the tool ran as is the operator's, not the diagnosed
    person's. Its own field is masked; the operator's home folder in a host path is a
    user folder like any other and is masked too."""
    args = _named_after_the_person(tmp_path / "x", "ja", escaped=False)
    run = cli("--lang", "en", *args, "report", "--json", "--redact", env={"LOGNAME": "root"})
    data = run.json()
    assert re.fullmatch(r"user\d+", data["ran_as"]["user"])
    root = str(tmp_path / "x" / "root")
    assert len(data["data_stores"]) == 2
    assert all(s["path"].startswith(root + "/Users/user1/") for s in data["data_stores"])
    operator = tmp_path / "home" / "helpdesk1"
    args = _named_after_the_person(operator / "snapshots", "ja", escaped=False)
    policy = operator / "policy.toml"
    policy.write_text("# the helpdesk's own settings: none yet\n", encoding="utf-8")
    run = cli("--lang", "en", *args, "--config", policy, "report", "--json", "--redact",
              env={"LOGNAME": "helpdesk1"})  # fmt: skip
    data = run.json()
    mask = data["ran_as"]["user"]
    assert re.fullmatch(r"user\d+", mask) and "helpdesk1" not in run.out
    masked = tmp_path / "home" / mask
    assert all(
        s["path"].startswith(f"{masked}/snapshots/root/Users/user1/") for s in data["data_stores"]
    )
    assert data["policy_files"][-1] == {"kind": "config", "path": str(masked / "policy.toml")}
