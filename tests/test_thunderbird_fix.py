"""``fix thunderbird`` on real-format profiles: exact bytes, refusals, dry run, undo."""

from __future__ import annotations

import difflib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from portability import linux_home_or_skip

from assistant.detect.thunderbird.prefs import PrefValue, parse_prefs
from assistant.detect.thunderbird.profiles import ThunderbirdProfile
from assistant.environment import Environment
from assistant.fixes.thunderbird_oauth import plan_oauth_switch
from assistant.organization import load_organization
from tests.thunderbird_samples import (
    ACCOUNTS,
    prefs_js,
    profile_lock_held,
    write_profile,
    write_profiles_ini,
)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with one Thunderbird profile "main" holding ACCOUNTS."""
    linux_home_or_skip()
    home = tmp_path / "home"
    write_profile(home / ".thunderbird" / "k2j3.main", ACCOUNTS)
    write_profiles_ini(
        home / ".thunderbird", "[Profile0]\nName=main\nIsRelative=1\nPath=k2j3.main\n"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr("pathlib.Path.home", lambda: home)
    return home


_ORG = load_organization(Environment.snapshot("linux", Path("/nonexistent")))


def _prefs(home: Path) -> Path:
    return home / ".thunderbird" / "k2j3.main" / "prefs.js"


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.ndiff(before.decode().splitlines(), after.decode().splitlines())
    return [line for line in diff if line[:1] in "+-"]


def test_switches_only_exchange_online_servers_and_keeps_every_other_byte(
    home: Path, run_cli
) -> None:  # type: ignore[no-untyped-def]
    path = _prefs(home)
    values = dict(ACCOUNTS)
    values["mail.smtpserver.smtp1.authMethod"] = 3  # present line: replaced in place
    path.write_text(prefs_js(values).replace("\n", "\r\n"), encoding="utf-8")  # Windows style
    before = path.read_bytes()
    code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert (code, err) == (0, "")
    after = path.read_bytes()
    assert _changed_lines(before, after) == [
        '+ user_pref("mail.server.server1.authMethod", 10);',
        '- user_pref("mail.smtpserver.smtp1.authMethod", 3);',
        '+ user_pref("mail.smtpserver.smtp1.authMethod", 10);',
    ]
    assert (
        after.replace(b'user_pref("mail.server.server1.authMethod", 10);\r\n', b"").replace(
            b'authMethod", 10);', b'authMethod", 3);'
        )
        == before
    )
    assert parse_prefs(after).values() == {
        **values,
        "mail.server.server1.authMethod": 10,
        "mail.smtpserver.smtp1.authMethod": 10,
    }
    copies = sorted(path.parent.glob("prefs.js.before-oauth2-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == before
    assert "Microsoft's sign-in window" in out and "no longer used" in out
    assert "Switched 2 server settings" in out

    code, out, _ = run_cli("fix", "thunderbird", "--lang", "en")
    assert code == 0 and "nothing to change" in out
    assert path.read_bytes() == after

    code, out, _ = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 0 and str(copies[0]) in out
    assert path.read_bytes() == before
    # What undo replaced is kept as well.
    (replaced,) = path.parent.glob("prefs.js.before-undo-*")
    assert replaced.read_bytes() == after


def test_dry_run_prints_a_diff_and_writes_nothing(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = _prefs(home).read_bytes()
    code, out, _ = run_cli("fix", "thunderbird", "--dry-run", "--lang", "ja")
    assert code == 0
    assert '+user_pref("mail.server.server1.authMethod", 10);' in out
    assert '+user_pref("mail.smtpserver.smtp1.authMethod", 10);' in out
    assert "pop.gmail.com" not in out.split("---")[0]
    assert _prefs(home).read_bytes() == before
    assert not list(_prefs(home).parent.glob("prefs.js.before-oauth2-*"))


@pytest.mark.parametrize("mode", ["--dry-run", "--yes"])
def test_one_fix_finds_the_profiles_once(
    home: Path, run_cli, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:  # type: ignore[no-untyped-def]
    from assistant.detect.thunderbird import profiles

    read: list[Path] = []
    real = profiles.read_ini

    def counted(path: Path, *args: object, **kwargs: object) -> object:
        read.append(path)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(profiles, "read_ini", counted)
    code, _, err = run_cli("fix", "thunderbird", mode, "--lang", "en")
    assert (code, err) == (0, "")
    assert read.count(home / ".thunderbird" / "profiles.ini") == 1


def test_refuses_when_user_js_would_override(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    user_js = _prefs(home).with_name("user.js")
    user_js.write_text('user_pref("mail.smtpserver.smtp1.authMethod", 3);\n')
    before = _prefs(home).read_bytes()
    code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert code == 1 and out == ""
    assert str(user_js) in err and "mail.smtpserver.smtp1.authMethod" in err
    assert _prefs(home).read_bytes() == before


@pytest.mark.parametrize(
    ("tail", "reason"),
    [
        (b'user_pref("mail.server.server1.port", 99', "cut off"),
        (b'lockPref("mail.server.server1.authMethod", 3);\n', "not a user_pref statement"),
        (b'pref("mail.server.server1.authMethod", 3);\n', "pref/sticky_pref"),
        (b'user_pref("x", "\\q");\n', "invalid escape"),
        (b'user_pref("x", "\xff");\n', "not UTF-8"),
    ],
)
def test_refuses_what_it_cannot_read_with_certainty(
    home: Path, run_cli, tail: bytes, reason: str
) -> None:  # type: ignore[no-untyped-def]
    path = _prefs(home)
    path.write_bytes(path.read_bytes() + tail)
    before = path.read_bytes()
    code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert code == 1 and out == ""
    assert str(path) in err and reason in err and "nothing was changed" in err
    assert "run the command again" not in err  # it says what to do instead
    assert path.read_bytes() == before


def test_refuses_while_the_profile_is_locked(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    path = _prefs(home)
    before = path.read_bytes()
    with profile_lock_held(path.parent):
        code, out, err = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
        # The core's sentence says what to sort out; the command line adds, once, how
        # to try again (the wizard says which button to press instead).
        assert code == 1 and out == ""
        assert err.splitlines() == [
            "Thunderbird is using the profile “main”, so nothing was changed."
            " Quit Thunderbird (≡ menu > Quit).",
            "Once that is sorted out, run the command again.",
        ]
        code, _, err = run_cli("fix", "thunderbird", "--dry-run", "--lang", "ja")
        assert code == 1
        assert err.splitlines() == [
            "Thunderbirdがプロファイル「main」を使用中のため、変更しませんでした。"
            "Thunderbirdを終了してください（画面右上の「≡」>「終了」）。",
            "解決したら、もう一度実行してください。",
        ]
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir() if "prefs" in p.name) == ["prefs.js"]


def test_usage_and_nothing_to_undo(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run_cli("fix", "thunderbird", "--profile", "nope", "--lang", "en")
    assert code == 2 and "“nope”" in err and "main" in err
    code, _, err = run_cli("fix", "outlook", "--lang", "en")
    assert code == 2
    code, _, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 1 and "nothing to undo" in err


def test_a_profile_never_started_has_nothing_to_change(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    fresh = home / ".thunderbird" / "new.fresh"
    fresh.mkdir()
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text(ini.read_text() + "\n[Profile1]\nName=fresh\nIsRelative=1\nPath=new.fresh\n")
    code, out, _ = run_cli("fix", "thunderbird", "--yes", "--lang", "en")
    assert code == 0 and "“main”" in out and "“fresh”" not in out
    assert list(fresh.iterdir()) == []


def test_only_the_chosen_profile_changes(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    other = write_profile(home / ".thunderbird" / "x9.other", ACCOUNTS)
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text(ini.read_text() + "\n[Profile1]\nName=other\nIsRelative=1\nPath=x9.other\n")
    before_other = (other / "prefs.js").read_bytes()
    code, out, _ = run_cli("fix", "thunderbird", "--profile", "main", "--yes", "--lang", "en")
    assert code == 0 and "“main”" in out and "“other”" not in out
    assert (other / "prefs.js").read_bytes() == before_other
    assert b'server1.authMethod", 10' in _prefs(home).read_bytes()


@pytest.mark.parametrize(
    ("prefs", "expected"),
    [
        # Nothing sorts after the new line and the file lacks its final newline.
        (
            '// header\nuser_pref("a", 1);',
            '// header\nuser_pref("a", 1);\nuser_pref("mail.smtpserver.smtp1.authMethod", 10);\n',
        ),
        # No statement at all: the line goes at the end.
        ("// header\n", '// header\nuser_pref("mail.smtpserver.smtp1.authMethod", 10);\n'),
    ],
)
def test_line_added_at_the_end_when_nothing_sorts_after_it(
    tmp_path: Path, prefs: str, expected: str
) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    (profile / "prefs.js").write_text(prefs)
    # The server itself is set in user.js (which overrides nothing we change).
    (profile / "user.js").write_text(
        'user_pref("mail.smtpservers", "smtp1");\n'
        'user_pref("mail.smtpserver.smtp1.hostname", "smtp.office365.com");\n'
    )
    env = Environment.snapshot("linux", tmp_path)
    plan = plan_oauth_switch(
        ThunderbirdProfile("p", profile, tmp_path, "linux"), load_organization(env), env
    )
    assert plan.updated.decode() == expected


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "code", "changed"), [("n\n", 1, False), ("y\n", 0, True)])
def test_asks_before_writing_at_a_terminal(
    home: Path, run_cli, monkeypatch: pytest.MonkeyPatch, answer: str, code: int, changed: bool
) -> None:  # type: ignore[no-untyped-def]
    before = _prefs(home).read_bytes()
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    result, out, _ = run_cli("fix", "thunderbird", "--lang", "en")
    assert result == code and "[y/N]" in out
    assert (_prefs(home).read_bytes() != before) is changed


_HOSTS = st.sampled_from(
    ["outlook.office365.com", "smtp.office365.com", "pop.gmail.com", "mail.example.org"]
)
_METHODS = st.one_of(st.none(), st.sampled_from([3, 4, 6, 10]))


@settings(max_examples=150, deadline=None)
@given(
    incoming=st.lists(st.tuples(st.sampled_from(["imap", "pop3"]), _HOSTS, _METHODS), max_size=4),
    smtp=st.lists(st.tuples(_HOSTS, _METHODS), max_size=3),
    crlf=st.booleans(),
)
def test_plan_changes_exactly_the_right_values_and_nothing_else(
    incoming: list[tuple[str, str, int | None]], smtp: list[tuple[str, int | None]], crlf: bool
) -> None:
    values: dict[str, PrefValue] = {"aaa.first": "x", "zzz.last": True}
    accounts = []
    for n, (kind, host, method) in enumerate(incoming, start=1):
        accounts.append(f"account{n}")
        values[f"mail.account.account{n}.server"] = f"server{n}"
        values[f"mail.server.server{n}.type"] = kind
        values[f"mail.server.server{n}.hostname"] = host
        if method is not None:
            values[f"mail.server.server{n}.authMethod"] = method
    values["mail.accountmanager.accounts"] = ",".join(accounts)
    for n, (host, method) in enumerate(smtp, start=1):
        values[f"mail.smtpserver.smtp{n}.hostname"] = host
        if method is not None:
            values[f"mail.smtpserver.smtp{n}.authMethod"] = method
    values["mail.smtpservers"] = ",".join(f"smtp{n}" for n in range(1, len(smtp) + 1))
    text = prefs_js(values)
    original = (text.replace("\n", "\r\n") if crlf else text).encode()
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder)
        (profile / "prefs.js").write_bytes(original)
        env = Environment.snapshot("linux", profile)
        plan = plan_oauth_switch(ThunderbirdProfile("p", profile, profile, "linux"), _ORG, env)
    ours = {"outlook.office365.com", "smtp.office365.com"}
    expected = dict(values)
    for n, (_kind, host, method) in enumerate(incoming, start=1):
        if host in ours and method != 10:
            expected[f"mail.server.server{n}.authMethod"] = 10
    for n, (host, method) in enumerate(smtp, start=1):
        if host in ours and method != 10:
            expected[f"mail.smtpserver.smtp{n}.authMethod"] = 10
    after = parse_prefs(plan.updated)
    assert after.issues == [] and after.values() == expected
    assert len(plan.changes) == sum(1 for k in expected if expected[k] != values.get(k))
    # Undoing the edits by hand gives back the original bytes: nothing else moved.
    newline = b"\r\n" if crlf else b"\n"
    restored = plan.updated
    for change in plan.changes:
        line = f'user_pref("{change.setting.auth_pref}", '.encode()
        if change.line_present:
            restored = restored.replace(
                line + b"10);", line + str(change.old_method).encode() + b");"
            )
        else:
            restored = restored.replace(line + b"10);" + newline, b"")
    assert restored == original
    assert [ln for ln in plan.updated.split(newline) if ln and not ln.startswith(b"//")] == sorted(
        ln for ln in plan.updated.split(newline) if ln and not ln.startswith(b"//")
    )


def test_no_profile_at_all(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HOME", str(tmp_path))
    code, out, _ = run_cli("fix", "thunderbird", "--lang", "en")
    assert code == 0 and "No Thunderbird profile was found" in out
    code, _, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 1 and "nothing to undo" in err


def test_undo_asks_which_profile_when_several_have_copies(home: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    write_profile(home / ".thunderbird" / "x9.other", ACCOUNTS)
    ini = home / ".thunderbird" / "profiles.ini"
    ini.write_text(ini.read_text() + "\n[Profile1]\nName=other\nIsRelative=1\nPath=x9.other\n")
    assert run_cli("fix", "thunderbird", "--yes", "--lang", "en")[0] == 0
    code, _, err = run_cli("fix", "thunderbird", "--undo", "--lang", "en")
    assert code == 2 and "main" in err and "other" in err
    code, out, _ = run_cli("fix", "thunderbird", "--undo", "--profile", "other", "--lang", "en")
    assert code == 0 and "“other”" in out
    assert b'authMethod", 10' not in (home / ".thunderbird" / "x9.other" / "prefs.js").read_bytes()
    assert b'authMethod", 10' in _prefs(home).read_bytes()


def test_the_demo_is_never_changed(run_cli) -> None:  # type: ignore[no-untyped-def]
    from assistant.resources import resource_path

    demo = resource_path("demo")
    before = {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()}
    code, _, err = run_cli("--demo", "fix", "thunderbird", "--yes", "--lang", "en")
    assert code == 1 and "--dry-run" in err
    code, _, err = run_cli("--demo", "fix", "thunderbird", "--undo", "--lang", "ja")
    assert code == 1
    assert {p: p.read_bytes() for p in demo.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("file", "text"),
    [
        ("user.js", 'user_pref("mail.smtpserver.smtp1.authMethod", 3);\n'),
        ("prefs.js", 'lockPref("mail.server.server1.authMethod", 3);\n'),
    ],
)
def test_refusals_name_the_organisations_helpdesk_in_both_languages(
    home: Path, file: str, text: str
) -> None:
    """The helpdesk is the organisation profile's, in Japanese as in English (the Japanese
    sentence named one university's centre whatever the profile said)."""
    import dataclasses

    from assistant.errors import AssistantError
    from assistant.fixes.thunderbird_oauth import thunderbird_profiles
    from assistant.i18n import Translator

    path = _prefs(home).with_name(file)
    with path.open("a", encoding="utf-8") as f:
        f.write(text)
    helpdesk = dataclasses.replace(_ORG.helpdesk, name_ja="情報基盤室", name_en="IT Service Desk")
    org = dataclasses.replace(_ORG, helpdesk=helpdesk)
    env = Environment.snapshot("linux", home.parent, home=home)
    [profile] = thunderbird_profiles(env)
    with pytest.raises(AssistantError) as refused:
        plan_oauth_switch(profile, org, env)
    ja = Translator("ja").render(refused.value.message)
    en = Translator("en").render(refused.value.message)
    assert "情報基盤室にご相談ください。" in ja and "総合情報センター" not in ja
    assert en.endswith("or ask the IT Service Desk.")
