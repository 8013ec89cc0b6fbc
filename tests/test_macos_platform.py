"""The macOS version from SystemVersion.plist, and Apple Mail's verdict that follows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.detect.apple.plist_file import PlistProblem, parse_plist
from assistant.detect.system.macos import full_disk_access_steps
from assistant.matrix import Verdict
from tests.macos_snapshot import MacSnapshot, detect, diagnose_snapshot, write_bytes, write_plist


def used_mail(snapshot: MacSnapshot) -> None:
    snapshot.mail_app()
    snapshot.mail_message("V10", "5A1B2C3D-0000-4000-8000-00000000000A", 1, "hello")


@pytest.mark.parametrize(
    ("version", "binary", "name", "verdict"),
    [
        ("10.13.6", False, "Mac OS X 10.13.6", Verdict.UNSUPPORTED),
        ("10.14", True, "Mac OS X 10.14", Verdict.SUPPORTED),
        ("11.7.10", False, "macOS 11.7.10", Verdict.SUPPORTED),
        ("14.5", True, "macOS 14.5", Verdict.SUPPORTED),
    ],
)
def test_version_from_system_version_plist(
    tmp_path: Path, version: str, binary: bool, name: str, verdict: Verdict
) -> None:
    snapshot = MacSnapshot(tmp_path)
    snapshot.system_version(version, binary=binary)
    used_mail(snapshot)
    d = diagnose_snapshot(snapshot)
    assert d.facts.platform.os == "macos"
    assert d.facts.platform.version == version
    assert d.facts.platform.name == name
    (mail,) = [f for f in d.apps if f.app.app_id == "apple-mail"]
    assert mail.verdict.verdict is verdict
    assert mail.verdict.version == version.removesuffix(".0")
    if verdict is Verdict.UNSUPPORTED:
        assert [n.key for n in mail.verdict.notes] == ["matrix.note.apple_mail_old_macos"]
        assert any(a.id == "apple-mail.unsupported" for a in d.actions)
    assert not d.facts.problems


def test_compatibility_version_is_replaced_by_the_real_one(tmp_path: Path) -> None:
    snapshot = MacSnapshot(tmp_path)
    snapshot.system_version("10.16")
    write_plist(
        tmp_path / "System/Library/CoreServices/.SystemVersionPlatform.plist",
        {"ProductName": "macOS", "ProductVersion": "13.6.1"},
    )
    assert detect(snapshot).platform.version == "13.6.1"


@pytest.mark.parametrize(
    ("content", "key"),
    [
        (None, "macos.problem.no_system_version"),
        (b"<?xml version='1.0'?><plist><dict><key>ProductVersion", "macos.problem.plist_malformed"),
        (b"bplist00\x00\x01garbage", "macos.problem.plist_malformed"),
        (b"", "macos.problem.plist_malformed"),
    ],
)
def test_missing_or_corrupt_system_version(tmp_path: Path, content: bytes | None, key: str) -> None:
    snapshot = MacSnapshot(tmp_path)
    plist = tmp_path / "System/Library/CoreServices/SystemVersion.plist"
    if content is not None:
        write_bytes(plist, content)
    used_mail(snapshot)
    snapshot.app("/Applications", "Thunderbird.app", "org.mozilla.thunderbird", "128.5.0")
    d = diagnose_snapshot(snapshot)
    assert d.facts.platform.version is None
    assert [p.message.key for p in d.facts.problems] == [key]
    assert d.facts.problems[0].message.params["file"] == str(plist)
    verdicts = {f.app.app_id: f.verdict.verdict for f in d.apps}
    assert verdicts == {"apple-mail": Verdict.UNKNOWN, "thunderbird": Verdict.SUPPORTED}
    (mail,) = [f.app for f in d.apps if f.app.app_id == "apple-mail"]
    assert [n.key for n in mail.notes] == ["macos.note.apple_mail_needs_macos"]
    assert mail.notes[0].params["file"] == str(plist)


def test_plist_without_product_version(tmp_path: Path) -> None:
    snapshot = MacSnapshot(tmp_path)
    write_plist(
        tmp_path / "System/Library/CoreServices/SystemVersion.plist", {"ProductName": "macOS"}
    )
    facts = detect(snapshot)
    assert facts.platform.version is None
    assert [p.message.key for p in facts.problems] == ["macos.problem.no_product_version"]


def test_plist_that_is_not_a_dictionary(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "x.plist", b"")
    with pytest.raises(PlistProblem) as caught:
        parse_plist(b'<?xml version="1.0"?><plist version="1.0"><array/></plist>', path)
    assert caught.value.message.key == "macos.problem.plist_not_dict"


@given(st.binary(max_size=300))
def test_any_bytes_give_a_dictionary_or_a_named_problem(data: bytes) -> None:
    source = Path("/x/Info.plist")
    try:
        result = parse_plist(data, source)
    except PlistProblem as problem:
        assert problem.message.params["file"] == str(source)
    else:
        assert isinstance(result, dict)


# XML normalises a carriage return to a line feed, so the round trip leaves it out.
_PLIST_TEXT = st.characters(exclude_characters="\r")


@given(
    st.dictionaries(
        st.text(_PLIST_TEXT, max_size=20), st.text(_PLIST_TEXT, max_size=40), max_size=8
    ),
    st.booleans(),
)
def test_xml_and_binary_plists_read_back(data: dict[str, str], binary: bool) -> None:
    import plistlib

    fmt = plistlib.FMT_BINARY if binary else plistlib.FMT_XML
    try:
        raw = plistlib.dumps(data, fmt=fmt)
    except ValueError:  # text XML cannot carry (control characters)
        return
    assert parse_plist(raw, Path("/x.plist")) == data


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("14.5", "macos.full_disk_access.steps_settings"),
        ("13.0", "macos.full_disk_access.steps_settings"),
        ("12.7.6", "macos.full_disk_access.steps_preferences"),
        ("10.14.6", "macos.full_disk_access.steps_preferences"),
        (None, "macos.full_disk_access.steps_either"),
    ],
)
def test_full_disk_access_steps_follow_the_settings_app_of_that_version(
    version: str | None, key: str
) -> None:
    assert full_disk_access_steps(version).key == key
