"""Profile discovery, accounts, size and lock state from real-format files."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.folder_size import measure_folder
from assistant.detect.thunderbird import profiles as thunderbird_profiles
from assistant.detect.thunderbird.lock import _try_lock, profile_in_use
from assistant.detect.thunderbird.profiles import detect_thunderbird_profiles
from assistant.environment import Environment
from assistant.i18n import Translator
from tests.thunderbird_samples import (
    ACCOUNTS,
    profile_lock_held,
    write_profile,
    write_profiles_ini,
)


def _facts(env: Environment) -> MachineFacts:
    facts = MachineFacts(platform=PlatformInfo(os=env.platform, version=None))
    detect_thunderbird_profiles(env, facts)
    return facts


def _problems(facts: MachineFacts) -> list[str]:
    tr = Translator("en")
    return [tr.render(p.message) for p in facts.problems]


def test_linux_profiles_accounts_and_size(tmp_path: Path) -> None:
    home = tmp_path / "home" / "taro"
    root = home / ".thunderbird"
    write_profile(root / "abcd1234.default-esr", ACCOUNTS)
    elsewhere = write_profile(tmp_path / "data" / "work-profile", {}, version="128.5.2")
    write_profiles_ini(
        root,
        "[Install5E8E2F3A1B2C3D4E]\nDefault=abcd1234.default-esr\nLocked=1\n\n"
        "[Profile1]\nName=work\nIsRelative=0\nPath=/data/work-profile\n\n"
        "[Profile0]\nName=default-esr\nIsRelative=1\nPath=abcd1234.default-esr\n",
    )
    env = Environment.snapshot("linux", tmp_path, home=home)
    facts = _facts(env)
    assert _problems(facts) == []
    assert {a.profile for a in facts.accounts} == {"default-esr"}
    rows = [(a.key, a.protocol, a.host, a.auth, a.email) for a in facts.accounts]
    assert rows == [
        ("server1", "imap", "outlook.office365.com", "password", "taro@isc.chubu.ac.jp"),
        ("server2", "pop3", "pop.gmail.com", "password", "taro.private@gmail.com"),
        ("smtp1", "smtp", "smtp.office365.com", "password", "taro@isc.chubu.ac.jp"),
        ("smtp2", "smtp", "smtp.gmail.com", "password", "taro.private@gmail.com"),
    ]
    assert facts.accounts[0].port == 993 and facts.accounts[0].user_name == "taro@isc.chubu.ac.jp"
    stores = {s.profile: s for s in facts.data_stores}
    assert set(stores) == {"default-esr", "work"}
    assert stores["work"].path == str(elsewhere)
    expected = sum(p.stat().st_size for p in elsewhere.rglob("*") if p.is_file())
    assert (stores["work"].bytes, stores["work"].files) == (expected, 3)
    # No installation was detected: the newest version that opened a profile stands in.
    assert [(a.version, a.source) for a in facts.apps] == [("153.7.0", "profile")]


def test_auth_methods_defaults_and_real_hostname(tmp_path: Path) -> None:
    values = dict(ACCOUNTS)
    values["mail.server.server1.authMethod"] = 10
    values["mail.server.server1.realhostname"] = "outlook.office365.com"
    values["mail.server.server1.hostname"] = "old.example.ac.jp"
    values["mail.server.server2.authMethod"] = 6  # NTLM
    values["mail.smtpserver.default.authMethod"] = 4
    del values["mail.smtpserver.smtp2.authMethod"]
    home = tmp_path / "home" / "u"
    write_profile(home / ".thunderbird" / "p", values)
    write_profiles_ini(home / ".thunderbird", "[Profile0]\nName=p\nIsRelative=1\nPath=p\n")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    by_key = {a.key: a for a in facts.accounts}
    assert by_key["server1"].auth == "oauth2" and by_key["server1"].host == "outlook.office365.com"
    assert by_key["server2"].auth == "other"
    assert by_key["smtp2"].auth == "password"


def test_the_name_each_account_sends_as(tmp_path: Path) -> None:
    """Each identity's ``fullName``: the incoming server takes its account's sending
    identity's, an SMTP server the identity that sends through it. Thunderbird writes
    the name as UTF-8; a user.js or a tool may write ``\\uXXXX`` escapes."""
    values = {**ACCOUNTS, "mail.identity.id2.fullName": "Taro Yamada"}
    home = tmp_path / "home" / "u"
    profile = write_profile(home / ".thunderbird" / "p", values)
    prefs = (profile / "prefs.js").read_text(encoding="utf-8")
    assert '"mail.identity.id1.fullName", "山田 太郎"' in prefs  # as Thunderbird writes it
    write_profiles_ini(home / ".thunderbird", "[Profile0]\nName=p\nIsRelative=1\nPath=p\n")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    names = {a.key: a.person_name for a in facts.accounts}
    assert names == {
        "server1": "山田 太郎",
        "server2": "Taro Yamada",
        "smtp1": "山田 太郎",
        "smtp2": "Taro Yamada",
    }
    escaped = prefs.replace("山田 太郎", "\\u5C71\\u7530 \\u592a\\u90ce")
    (profile / "prefs.js").write_text(escaped, encoding="ascii")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    assert facts.accounts[0].person_name == "山田 太郎"


def test_an_identity_without_an_address_still_names_the_person(tmp_path: Path) -> None:
    values = {k: v for k, v in ACCOUNTS.items() if k != "mail.identity.id1.useremail"}
    home = tmp_path / "home" / "u"
    write_profile(home / ".thunderbird" / "p", values)
    write_profiles_ini(home / ".thunderbird", "[Profile0]\nName=p\nIsRelative=1\nPath=p\n")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    first = facts.accounts[0]
    assert (first.key, first.email, first.person_name) == ("server1", None, "山田 太郎")


def test_user_js_overrides_prefs_js(tmp_path: Path) -> None:
    home = tmp_path / "home" / "u"
    profile = write_profile(home / ".thunderbird" / "p", ACCOUNTS)
    (profile / "user.js").write_text('user_pref("mail.server.server1.authMethod", 10);\n')
    write_profiles_ini(home / ".thunderbird", "[Profile0]\nName=p\nIsRelative=1\nPath=p\n")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    assert facts.accounts[0].auth == "oauth2"


@pytest.mark.parametrize(
    ("platform", "parts"),
    [
        ("windows", ("AppData", "Roaming", "Thunderbird")),
        ("macos", ("Library", "Thunderbird")),
        ("linux", ("snap", "thunderbird", "common", ".thunderbird")),
        ("linux", (".var", "app", "org.mozilla.Thunderbird", ".thunderbird")),
        ("linux", (".var", "app", "org.mozilla.thunderbird", ".thunderbird")),
    ],
)
def test_profile_roots_per_platform(tmp_path: Path, platform: str, parts: tuple[str, ...]) -> None:
    home = tmp_path / "Users" / "taro"
    root = home.joinpath(*parts)
    write_profile(root / "Profiles" / "x1y2z3.default-release", ACCOUNTS)
    write_profiles_ini(
        root,
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=Profiles/x1y2z3.default-release\n"
        "Default=1\n",
    )
    env = Environment.snapshot(platform, tmp_path, home=home)  # type: ignore[arg-type]
    facts = _facts(env)
    assert _problems(facts) == []
    assert len(facts.accounts) == 4
    assert facts.data_stores[0].path == str(root / "Profiles" / "x1y2z3.default-release")


def test_windows_absolute_profile_path_and_installs_ini(tmp_path: Path) -> None:
    home = tmp_path / "Users" / "taro"
    root = home / "AppData" / "Roaming" / "Thunderbird"
    write_profile(tmp_path / "MailData" / "tb", ACCOUNTS)
    write_profiles_ini(root, "[Profile0]\nName=moved\nIsRelative=0\nPath=C:\\MailData\\tb\n")
    (root / "installs.ini").write_text("[308046B0AF4A39CB]\nDefault=C:\\MailData\\tb\n")
    facts = _facts(Environment.snapshot("windows", tmp_path, home=home))
    assert _problems(facts) == []
    assert facts.data_stores[0].path == str(tmp_path / "MailData" / "tb")
    assert {a.profile for a in facts.accounts} == {"moved"}


def test_bad_input_is_reported_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home" / "u"
    root = home / ".thunderbird"
    good = write_profile(root / "good", ACCOUNTS)
    truncated = write_profile(root / "truncated", ACCOUNTS)
    data = (truncated / "prefs.js").read_bytes()
    (truncated / "prefs.js").write_bytes(data[: len(data) - 30])
    latin1 = write_profile(root / "latin1", {})
    (latin1 / "prefs.js").write_bytes(b'user_pref("mail.identity.id1.fullName", "Jos\xe9");\n')
    odd = write_profile(root / "odd", {})
    (odd / "prefs.js").write_text('user_pref("a", 1);\nlockPref("b", 2);\n')
    huge = write_profile(root / "huge", {})
    (huge / "prefs.js").write_bytes(b"// padding\n" * 20000)
    monkeypatch.setattr(thunderbird_profiles, "PREFS_LIMIT", 100_000)
    write_profiles_ini(
        root,
        "\n".join(
            f"[Profile{i}]\nName={name}\nIsRelative=1\nPath={path}\n"
            for i, (name, path) in enumerate(
                [
                    ("good", "good"),
                    ("truncated", "truncated"),
                    ("latin1", "latin1"),
                    ("odd", "odd"),
                    ("huge", "huge"),
                    ("escape", "../../../etc"),
                    ("gone", "missing.default"),
                ]
            )
        )
        + "[Profile9]\nName=nopath\nIsRelative=1\n",
    )
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    problems = _problems(facts)
    assert f"Line 1 of {latin1 / 'prefs.js'} cannot be read (a string is not UTF-8)." in problems
    assert f"Line 2 of {odd / 'prefs.js'} cannot be read (it is not a user_pref statement)." in (
        problems
    )
    assert any(str(truncated / "prefs.js") in p for p in problems)
    assert any("too big" in p and str(huge / "prefs.js") in p for p in problems)
    assert any("“escape”" in p and "outside" in p for p in problems)
    assert any("“gone”" in p and "does not exist" in p for p in problems)
    assert any("“nopath”" in p for p in problems)
    assert {s.path for s in facts.data_stores} == {
        str(p) for p in (good, truncated, latin1, odd, huge)
    }
    assert [a.key for a in facts.accounts if a.profile == "good"] == [
        "server1",
        "server2",
        "smtp1",
        "smtp2",
    ]


def test_broken_profiles_ini_is_one_problem(tmp_path: Path) -> None:
    home = tmp_path / "home" / "u"
    root = home / ".thunderbird"
    root.mkdir(parents=True)
    (root / "profiles.ini").write_bytes(b"[Profile0\nName=\xff\n")
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    assert len(facts.problems) == 1 and str(root / "profiles.ini") in _problems(facts)[0]


def test_report_completes_on_bad_input(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home" / "u"
    root = home / ".thunderbird"
    write_profile(root / "p", ACCOUNTS)
    (root / "p" / "prefs.js").write_bytes(b'user_pref("mail.smtpservers", "smtp1");\n\x00garbage')
    write_profiles_ini(root, "[Profile0]\nName=p\nIsRelative=1\nPath=p\n")
    code, out, err = run_cli(
        "report", "--json", "--lang", "en", "--platform", "linux", "--root", str(tmp_path),
        "--home", str(home),
    )  # fmt: skip
    assert err == ""
    report = json.loads(out)
    assert code == 3  # incomplete: one prefs.js was rejected, the rest is reported
    assert any("prefs.js" in p["text"] for p in report["problems"])
    assert [s["kind"] for s in report["data_stores"]] == ["thunderbird_profile"]


def test_folder_size_counts_files_once_without_following_links(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one").write_bytes(b"x" * 10)
    (tmp_path / "a" / "b" / "two").write_bytes(b"y" * 5)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    size = measure_folder(tmp_path)
    assert (size.bytes, size.files) == (15, 2)


@pytest.mark.skipif(sys.platform == "win32", reason="fcntl profile lock is Unix only")
def test_profile_in_use_means_a_held_lock_not_a_left_over_file(tmp_path: Path) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    (profile / ".parentlock").write_bytes(b"")
    os.symlink("127.0.0.1:+999999", profile / "lock")  # left behind by a crash
    env = Environment.snapshot("linux", tmp_path)
    assert not profile_in_use(profile, env)
    with profile_lock_held(profile):
        assert profile_in_use(profile, env)
        # The way macOS (and 32-bit Unix) asks: take and drop a shared lock.
        fd = os.open(profile / ".parentlock", os.O_RDONLY)
        try:
            assert _try_lock(fd)
        finally:
            os.close(fd)
    fd = os.open(profile / ".parentlock", os.O_RDONLY)
    try:
        assert not _try_lock(fd)
    finally:
        os.close(fd)
    assert not profile_in_use(profile, env)


def test_is_relative_missing_or_contradicting_the_path(tmp_path: Path) -> None:
    home = tmp_path / "home" / "u"
    root = home / ".thunderbird"
    write_profile(root / "np", ACCOUNTS)
    write_profiles_ini(
        root,
        "[Profile0]\nName=norel\nPath=np\n\n[Profile1]\nName=contra\nIsRelative=1\nPath=/etc\n",
    )
    facts = _facts(Environment.snapshot("linux", tmp_path, home=home))
    assert [s.profile for s in facts.data_stores] == ["norel"]
    assert len(facts.problems) == 1 and "“contra”" in _problems(facts)[0]
