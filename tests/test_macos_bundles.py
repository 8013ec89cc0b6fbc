"""App bundles: Thunderbird.app and Outlook for Mac (2011 too), their data folders, and
damaged Info.plist files reported per app while the rest stays intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.detect.running import app_for_process
from assistant.environment import RunningProcess
from assistant.matrix import Verdict
from tests.macos_snapshot import MacSnapshot, detect, diagnose_snapshot, write_bytes

OFFICE = "Library/Group Containers/UBF8T346G9.Office/Outlook/Outlook 15 Profiles"


@pytest.fixture
def mac(tmp_path: Path) -> MacSnapshot:
    snapshot = MacSnapshot(tmp_path)
    snapshot.system_version("14.5")
    return snapshot


@pytest.mark.parametrize(
    ("version", "binary", "verdict"),
    [
        ("128.5.0", True, Verdict.SUPPORTED),
        ("91.12.0", False, Verdict.SUPPORTED),
        ("102.1.0", True, Verdict.UPDATE_REQUIRED),
        ("60.9.1", False, Verdict.UPDATE_REQUIRED),
    ],
)
def test_thunderbird_version_from_the_bundle(
    mac: MacSnapshot, version: str, binary: bool, verdict: Verdict
) -> None:
    bundle = mac.app(
        "/Applications", "Thunderbird.app", "org.mozilla.thunderbird", version, binary=binary
    )
    d = diagnose_snapshot(mac)
    (finding,) = d.apps
    assert finding.app.app_id == "thunderbird"
    assert finding.app.version == version
    assert finding.app.install_path == str(bundle)
    assert finding.app.source == "app-bundle"
    assert finding.app.details["bundle_id"] == "org.mozilla.thunderbird"
    assert finding.verdict.verdict is verdict


def test_bundles_are_found_by_identifier_in_every_applications_folder(mac: MacSnapshot) -> None:
    mac.app("~/Applications", "Thunderbird 2.app", "org.mozilla.thunderbird", "115.3.1")
    mac.app("/Applications", "Firefox.app", "org.mozilla.firefox", "133.0")
    mac.app("/Applications", "Outlook Copy.app", "com.microsoft.Outlook", "16.89.1", binary=True)
    facts = detect(mac)
    found = sorted((a.app_id, a.version, Path(a.install_path or "").name) for a in facts.apps)
    assert found == [
        ("outlook-mac", "16.89.1", "Outlook Copy.app"),
        ("thunderbird", "115.3.1", "Thunderbird 2.app"),
    ]
    assert not facts.problems


def test_outlook_for_mac_is_a_helpdesk_matter(mac: MacSnapshot) -> None:
    mac.app(
        "/Applications", "Microsoft Outlook.app", "com.microsoft.Outlook", "16.89.1", binary=True
    )
    profile = mac.home / OFFICE / "Main Profile"
    write_bytes(profile / "Data/Outlook.sqlite", b"S" * 4096)
    write_bytes(profile / "Data/Message Sources/0T/0B/x.olk15MsgSource", b"M" * 1000)
    d = diagnose_snapshot(mac)
    (finding,) = d.apps
    assert finding.app.edition is None
    assert finding.verdict.verdict is Verdict.CONTACT_HELPDESK
    (action,) = [a for a in d.actions if a.app == "outlook-mac"]
    assert action.id == "outlook-mac.contact_helpdesk"
    assert action.message.params["phone"] == d.organization.helpdesk.phone
    (store,) = d.facts.data_stores
    assert (store.app, store.kind, store.profile) == (
        "outlook-mac",
        "outlook_mac_profile",
        "Main Profile",
    )
    assert (store.path, store.bytes, store.files) == (str(profile), 5096, 2)


def test_outlook_2011_is_recognised_and_unsupported(mac: MacSnapshot) -> None:
    mac.app(
        "/Applications/Microsoft Office 2011",
        "Microsoft Outlook.app",
        "com.microsoft.Outlook",
        "14.7.7",
    )
    identity = mac.home / "Documents/Microsoft User Data/Office 2011 Identities/Main Identity"
    write_bytes(identity / "Database", b"D" * 2048)
    d = diagnose_snapshot(mac)
    (finding,) = d.apps
    assert finding.app.edition == "2011"
    assert finding.verdict.verdict is Verdict.UNSUPPORTED
    assert [n.key for n in finding.verdict.notes] == ["matrix.note.outlook_mac_2011"]
    assert any(a.id == "outlook-mac.unsupported" for a in d.actions)
    (store,) = d.facts.data_stores
    assert (store.kind, store.profile, store.bytes) == (
        "outlook_mac_profile",
        "Main Identity",
        2048,
    )


def test_outlook_2011_user_data_without_identities_is_kept_whole(mac: MacSnapshot) -> None:
    user_data = mac.home / "Documents/Microsoft User Data"
    write_bytes(user_data / "Saved Attachments/a.pdf", b"%PDF-1.4")
    (store,) = detect(mac).data_stores
    assert (store.path, store.profile, store.bytes, store.files) == (str(user_data), None, 8, 1)


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (None, "macos.problem.no_info_plist"),
        (
            b"<?xml version='1.0'?><plist version='1.0'><dict><key>CFBundle",
            "macos.problem.plist_malformed",
        ),
        (b"bplist00\xff\xff\xff", "macos.problem.plist_malformed"),
    ],
)
def test_a_damaged_bundle_gives_unknown_for_that_app_only(
    mac: MacSnapshot, content: bytes | None, key: str
) -> None:
    bundle = mac.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "128.5.0")
    info = bundle / "Contents/Info.plist"
    if content is None:
        info.unlink()
    else:
        info.write_bytes(content)
    mac.app("/Applications", "Microsoft Outlook.app", "com.microsoft.Outlook", "16.89.1")
    # A damaged bundle of an app we do not look for is not the user's problem here.
    write_bytes(mac.root / "Applications/Other.app/Contents/Info.plist", b"not a plist")
    d = diagnose_snapshot(mac)
    verdicts = {f.app.app_id: f.verdict.verdict for f in d.apps}
    assert verdicts == {"outlook-mac": Verdict.CONTACT_HELPDESK, "thunderbird": Verdict.UNKNOWN}
    (thunderbird,) = [f.app for f in d.apps if f.app.app_id == "thunderbird"]
    assert thunderbird.version is None
    assert [(n.key, n.params["file"]) for n in thunderbird.notes] == [
        ("macos.note.version_unknown", str(info))
    ]
    assert [(p.message.key, p.message.params["file"], p.app) for p in d.facts.problems] == [
        (key, str(info), "thunderbird")
    ]


def test_a_bundle_without_a_version(mac: MacSnapshot) -> None:
    mac.app("/Applications", "Microsoft Outlook.app", "com.microsoft.Outlook", None, binary=True)
    d = diagnose_snapshot(mac)
    (finding,) = d.apps
    assert finding.verdict.verdict is Verdict.UNKNOWN
    assert [p.message.key for p in d.facts.problems] == ["macos.problem.no_bundle_version"]


@pytest.mark.parametrize(
    ("name", "exe", "app"),
    [
        ("Mail", "/System/Applications/Mail.app/Contents/MacOS/Mail", "apple-mail"),
        (
            "Microsoft Outloo",
            "/Applications/Microsoft Outlook.app/Contents/MacOS/Microsoft Outlook",
            "outlook-mac",
        ),
        ("Microsoft Outlook", "", "outlook-mac"),
        ("thunderbird", "/Applications/Thunderbird.app/Contents/MacOS/thunderbird", "thunderbird"),
        ("firefox", "/Applications/Firefox.app/Contents/MacOS/firefox", None),
        ("mailwrap", "/usr/local/bin/mailwrap", None),
    ],
)
def test_running_mac_apps(name: str, exe: str, app: str | None) -> None:
    proc = RunningProcess(pid=4242, name=name, exe=exe)
    assert app_for_process("macos", proc) == app
