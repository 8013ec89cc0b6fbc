"""Apple Mail: the highest V* folder, its accounts (Accounts.plist and Accounts4.sqlite),
and a ~/Library/Mail that macOS refuses to list (no Full Disk Access)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.detect.apple.internet_accounts import unarchive
from assistant.detect.apple.mail import accounts_from_plist_data
from assistant.detect.system.macos import FULL_DISK_ACCESS_URL
from assistant.i18n import Message
from assistant.matrix import Verdict
from tests.macos_snapshot import (
    MacSnapshot,
    detect,
    diagnose_snapshot,
    keyed_archive,
    refuse_listing,
    write_bytes,
    write_plist,
)

ACCOUNT = "5A1B2C3D-0000-4000-8000-00000000000A"


@pytest.fixture
def mac(tmp_path: Path) -> MacSnapshot:
    snapshot = MacSnapshot(tmp_path)
    snapshot.system_version("14.5")
    snapshot.mail_app()
    return snapshot


def test_the_highest_version_folder_is_the_data_store(mac: MacSnapshot) -> None:
    mac.mail_message("V2", ACCOUNT, 1, "old " * 50)
    a = mac.mail_message("V10", ACCOUNT, 1, "one")
    b = mac.mail_message("V10", ACCOUNT, 2, "two two")
    write_bytes(mac.home / "Library/Mail/V9/MailData/Envelope Index", b"x" * 10)
    write_bytes(mac.home / "Library/Mail/V11.backup/x", b"not a version folder")
    facts = detect(mac)
    (store,) = facts.data_stores
    assert (store.app, store.kind) == ("apple-mail", "apple_mail")
    assert store.path == str(mac.home / "Library/Mail/V10")
    assert (store.bytes, store.files) == (a.stat().st_size + b.stat().st_size, 2)
    (app,) = facts.apps
    assert (app.app_id, app.version, app.source) == ("apple-mail", "16.0", "app-bundle")
    assert app.install_path == str(mac.root / "System/Applications/Mail.app")
    assert app.details["mail_folder"] == "V10"
    assert not facts.problems and not facts.flags


def test_an_unused_mail_app_is_not_reported(mac: MacSnapshot) -> None:
    (mac.home / "Library/Mail").mkdir(parents=True)
    facts = detect(mac)
    assert facts.apps == [] and facts.data_stores == [] and facts.accounts == []


def test_internet_accounts_pop_on_exchange_online_must_change(mac: MacSnapshot) -> None:
    mac.mail_message("V10", ACCOUNT, 1, "hello")
    mac.internet_account(
        "com.apple.account.POP",
        ACCOUNT,
        "@ISC",
        "hanako@isc.chubu.ac.jp",
        Hostname="outlook.office365.com",
        PortNumber=995,
        IdentityEmailAddress="hanako@isc.chubu.ac.jp",
    )
    mac.internet_account(
        "com.apple.account.SMTP",
        "7F00AA00-0000-4000-8000-00000000000B",
        None,
        "hanako@isc.chubu.ac.jp",
        Hostname="smtp.office365.com",
        PortNumber="587",
        AuthenticationScheme="PASSWORD",
    )
    mac.internet_account(
        "com.apple.account.IMAP",
        "8E00BB00-0000-4000-8000-00000000000C",
        "Gmail",
        "hanako@gmail.com",
        Hostname="imap.gmail.com",
        AuthenticationScheme="XOAUTH2",
    )
    mac.internet_account(
        "com.apple.account.CalDAV", "CAL", "Calendar", "x", Hostname="cal.example.com"
    )
    d = diagnose_snapshot(mac)
    found = [
        (a.account.protocol, a.account.host, a.account.auth, a.account.port, a.status)
        for a in d.accounts
    ]
    assert found == [
        ("pop3", "outlook.office365.com", "password", 995, "needs_migration"),
        ("smtp", "smtp.office365.com", "password", 587, "needs_migration"),
        ("imap", "imap.gmail.com", "oauth2", None, "not_applicable"),
    ]
    pop = d.accounts[0].account
    assert (pop.app, pop.email, pop.key, pop.display_name) == (
        "apple-mail",
        "hanako@isc.chubu.ac.jp",
        ACCOUNT,
        "@ISC",
    )
    (migrate,) = [a for a in d.actions if a.id == "apple-mail.migrate"]
    assert migrate.message.params["count"] == 2
    (mail,) = [f for f in d.apps if f.app.app_id == "apple-mail"]
    assert mail.verdict.verdict is Verdict.SUPPORTED
    assert [(n.key, n.params) for n in mail.app.notes] == [
        ("macos.note.apple_mail_pop", {"count": 1})
    ]


def test_accounts_plist_of_older_mail(tmp_path: Path) -> None:
    mac = MacSnapshot(tmp_path)
    mac.system_version("10.11.6")
    mac.app("/Applications", "Mail.app", "com.apple.mail", "9.3")
    write_plist(
        mac.home / "Library/Mail/V3/MailData/Accounts.plist",
        {
            "AccountsVersion": 2,
            "MailAccounts": [
                {"AccountType": "LocalAccount", "AccountName": "On My Mac"},
                {
                    "AccountType": "POPAccount",
                    "AccountName": "ISC",
                    "Hostname": "outlook.office365.com",
                    "Username": "hanako@isc.chubu.ac.jp",
                    "PortNumber": "995",
                    "EmailAddresses": ["hanako@isc.chubu.ac.jp"],
                    "uniqueId": "A1",
                },
                "not an account",
            ],
            "DeliveryAccounts": [
                {
                    "AccountType": "SMTPAccount",
                    "Hostname": "smtp.office365.com",
                    "Username": "hanako@isc.chubu.ac.jp",
                    "AuthenticationScheme": "PASSWORD",
                }
            ],
        },
        binary=True,
    )
    d = diagnose_snapshot(mac)
    assert [(a.account.protocol, a.account.host, a.account.port, a.status) for a in d.accounts] == [
        ("pop3", "outlook.office365.com", 995, "needs_migration"),
        ("smtp", "smtp.office365.com", None, "needs_migration"),
    ]
    (mail,) = d.apps
    assert mail.verdict.verdict is Verdict.UNSUPPORTED  # macOS 10.11


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (b"this is not sqlite", "macos.problem.accounts_db_not_sqlite"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "macos.problem.accounts_db_unreadable"),
    ],
)
def test_corrupt_accounts_database_is_named_and_the_rest_kept(
    mac: MacSnapshot, content: bytes, key: str
) -> None:
    mac.mail_message("V10", ACCOUNT, 1, "hello")
    mac.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "128.5.0")
    db = write_bytes(mac.home / "Library/Accounts/Accounts4.sqlite", content)
    facts = detect(mac)
    assert [(p.message.key, p.message.params["file"]) for p in facts.problems] == [(key, str(db))]
    assert sorted(a.app_id for a in facts.apps) == ["apple-mail", "thunderbird"]
    assert len(facts.data_stores) == 1


def test_accounts_database_without_the_expected_tables(mac: MacSnapshot) -> None:
    import sqlite3

    path = mac.home / "Library/Accounts/Accounts4.sqlite"
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE ZACCOUNT (Z_PK INTEGER PRIMARY KEY)")
    db.close()
    facts = detect(mac)
    assert [p.message.key for p in facts.problems] == ["macos.problem.accounts_db_unreadable"]


def test_corrupt_accounts_plist_is_named(mac: MacSnapshot) -> None:
    mac.mail_message("V2", ACCOUNT, 1, "hello")
    plist = write_bytes(mac.home / "Library/Mail/V2/MailData/Accounts.plist", b"<plist><dict>")
    facts = detect(mac)
    assert [(p.message.key, p.message.params["file"]) for p in facts.problems] == [
        ("macos.problem.plist_malformed", str(plist))
    ]
    assert [a.app_id for a in facts.apps] == ["apple-mail"]


def test_the_accounts_database_is_not_touched(mac: MacSnapshot) -> None:
    mac.internet_account("com.apple.account.POP", ACCOUNT, "x", "y", Hostname="pop.example.com")
    folder = mac.home / "Library/Accounts"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    detect(mac)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    assert after == before


def test_mail_folder_without_full_disk_access(
    mac: MacSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    mac.mail_message("V10", ACCOUNT, 1, "hello")
    mac.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "128.5.0")
    mail_folder = mac.home / "Library/Mail"
    refuse_listing(mail_folder, monkeypatch)
    d = diagnose_snapshot(mac)
    assert d.facts.flags == {"macos_full_disk_access": "denied"}
    assert d.facts.data_stores == []
    (mail,) = [f for f in d.apps if f.app.app_id == "apple-mail"]
    assert mail.verdict.verdict is Verdict.SUPPORTED  # the macOS version decides that
    assert [n.key for n in mail.app.notes] == ["macos.note.apple_mail_not_readable"]
    assert [(p.message.key, p.message.params["folder"]) for p in d.facts.problems] == [
        ("macos.problem.mail_folder_denied", str(mail_folder))
    ]
    (fda,) = [a for a in d.actions if a.id == "macos.full_disk_access"]
    assert fda.severity == "required"
    assert fda.url == FULL_DISK_ACCESS_URL
    steps = fda.message.params["steps"]
    assert isinstance(steps, Message) and steps.key == "macos.full_disk_access.steps_settings"
    assert any(f.app.app_id == "thunderbird" for f in d.apps)  # the rest still works


def test_outlook_container_without_full_disk_access(
    mac: MacSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    mac.app("/Applications", "Microsoft Outlook.app", "com.microsoft.Outlook", "16.89.1")
    profiles = mac.home / "Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles"
    write_bytes(profiles / "Main Profile/Data/Outlook.sqlite", b"x")
    refuse_listing(profiles, monkeypatch)
    facts = detect(mac)
    assert facts.flags == {"macos_full_disk_access": "denied"}
    assert [p.message.key for p in facts.problems] == ["macos.problem.outlook_folder_denied"]
    assert [a.app_id for a in facts.apps] == ["outlook-mac"]


@pytest.mark.parametrize("value", ["outlook.office365.com", 995, True, "日本語"])
def test_keyed_archive_values_read_back(value: object) -> None:
    assert unarchive(keyed_archive(value)) == value


def test_unarchive_of_odd_values() -> None:
    assert unarchive(b"plain.example.com") == "plain.example.com"
    assert unarchive(b"\xff\xfe") is None
    assert unarchive(None) is None
    assert unarchive("text") == "text"


_plist_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | st.binary(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=15), inner, max_size=4)
    ),
    max_leaves=20,
)
_account_entry = st.fixed_dictionaries(
    {
        "AccountType": st.sampled_from(["POPAccount", "IMAPAccount", "SMTPAccount", "LocalAccount"])
        | _plist_values,
    },
    optional={
        "Hostname": _plist_values,
        "PortNumber": _plist_values,
        "Username": _plist_values,
        "EmailAddresses": _plist_values,
        "AuthenticationScheme": _plist_values,
    },
)


@given(
    st.dictionaries(
        st.sampled_from(["MailAccounts", "DeliveryAccounts", "Other"]),
        st.lists(_account_entry | _plist_values, max_size=4) | _plist_values,
    )
)
def test_any_accounts_plist_content_gives_accounts_or_nothing(data: dict[str, object]) -> None:
    for account in accounts_from_plist_data(data):
        assert account.protocol in ("pop3", "imap", "smtp")
        assert account.host is None or isinstance(account.host, str)
        assert account.port is None or 0 < account.port < 65536
        assert account.auth in ("password", "oauth2", "other", "unknown")


@given(st.binary(max_size=200))
def test_unarchive_never_raises(data: bytes) -> None:
    assert unarchive(data) is None or isinstance(unarchive(data), str | int | float | bool)
