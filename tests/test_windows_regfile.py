"""The .reg export reader: both regedit formats, every value type, deletions, merging,
malformed files (one problem naming the file and line), and property-based tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from regexport import (
    dword,
    expand_sz,
    export_text,
    export_v4,
    export_v5,
    hex_value,
    multi_sz,
    qword,
    sz,
    utf16,
    write_export,
)

from assistant.detect.registry import (
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_QWORD,
    REG_SZ,
    registry_for,
)
from assistant.detect.registry.exported import ExportedRegistry
from assistant.detect.registry.regfile import RegExportError, parse_export
from assistant.environment import Environment

KEY = "HKEY_CURRENT_USER\\Software\\Test"


def load(*exports: bytes) -> ExportedRegistry:
    registry = ExportedRegistry()
    for i, data in enumerate(exports):
        registry.apply(parse_export(data, f"export{i}.reg"))
    return registry


def test_every_value_type_in_the_unicode_format() -> None:
    data = export_v5(
        [
            (
                KEY,
                [
                    sz("", "既定の値"),
                    sz("Path", 'C:\\Program Files\\a "quoted" name\\'),
                    dword("Count", 0xDEADBEEF),
                    hex_value("Blob", bytes(range(100))),
                    utf16("Name", "中部 太郎"),
                    expand_sz("Folder", "%USERPROFILE%\\Documents"),
                    multi_sz("List", ["one", "二", ""][:2]),
                    qword("Big", 2**40 + 5),
                    hex_value("Empty", b""),
                    hex_value("Nothing", b"", 0),
                ],
            )
        ]
    )
    assert data.startswith(b"\xff\xfe")
    assert b"\r\x00\n\x00" in data
    key = load(data).open("HKCU\\Software\\Test")
    assert key is not None
    assert key.text("") == "既定の値"
    assert key.text("path") == 'C:\\Program Files\\a "quoted" name\\'
    assert key.number("Count") == 0xDEADBEEF
    blob = key.value("Blob")
    assert blob is not None and blob.type == REG_BINARY and blob.data == bytes(range(100))
    assert key.text("Name") == "中部 太郎"
    folder = key.value("Folder")
    assert folder is not None and folder.type == REG_EXPAND_SZ
    assert folder.data == "%USERPROFILE%\\Documents"
    listed = key.value("List")
    assert listed is not None and listed.type == REG_MULTI_SZ and listed.data == ("one", "二")
    big = key.value("Big")
    assert big is not None and big.type == REG_QWORD and big.data == 2**40 + 5
    assert key.value("Empty") is not None and key.value("Nothing") is not None
    assert key.value("missing") is None


def test_long_hex_values_are_continued_over_lines() -> None:
    line = hex_value("Blob", bytes(range(256)))
    assert line.count("\\\r\n  ") > 5
    key = load(export_v5([(KEY, [line])])).open(KEY)
    assert key is not None and key.value("Blob") is not None
    assert key.value("Blob").data == bytes(range(256))  # type: ignore[union-attr]


def test_regedit4_in_shift_jis_with_ansi_strings() -> None:
    data = export_v4(
        [
            (
                KEY + "\\日本語のキー",
                [
                    sz("表示名", "総合情報センター"),
                    expand_sz("Dir", "%APPDATA%\\メール", unicode=False),
                ],
            ),
        ]
    )
    assert data.startswith(b"REGEDIT4\r\n")
    data.decode("cp932")  # really Shift_JIS
    key = load(data).open(KEY + "\\日本語のキー")
    assert key is not None
    assert key.text("表示名") == "総合情報センター"
    assert key.text("Dir") == "%APPDATA%\\メール"


def test_regedit4_in_utf8_and_latin1() -> None:
    utf8 = export_text([(KEY, [sz("Name", "Jürgen 太郎")])], "REGEDIT4").encode("utf-8")
    assert load(utf8).open(KEY).text("Name") == "Jürgen 太郎"  # type: ignore[union-attr]
    latin = export_text([(KEY, [sz("Name", "Jürgen")])], "REGEDIT4").encode("latin-1")
    assert load(latin).open(KEY).text("Name") == "Jürgen"  # type: ignore[union-attr]


def test_deletions_and_later_exports_win() -> None:
    first = export_v5(
        [
            (KEY, [sz("Keep", "1"), sz("Drop", "x"), sz("Change", "old")]),
            (KEY + "\\Gone", [sz("a", "b")]),
            (KEY + "\\Gone\\Deeper", []),
        ]
    )
    second = export_v5(
        [
            (KEY, ['"Drop"=-', sz("Change", "new")]),
            ("-" + KEY + "\\Gone", []),
        ]
    )
    registry = load(first, second)
    key = registry.open(KEY)
    assert key is not None
    assert key.text("Keep") == "1" and key.value("Drop") is None and key.text("Change") == "new"
    assert registry.open(KEY + "\\Gone") is None and key.subkey_names() == []
    # In the other order the deleted key comes back.
    assert load(second, first).open(KEY + "\\Gone\\Deeper") is not None


def test_views_classes_root_and_case() -> None:
    registry = load(
        export_v5(
            [
                ("HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Vendor\\App", [sz("Bits", "32")]),
                ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App", [sz("Bits", "64")]),
                ("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Thing\\CurVer", [sz("", "Thing.2")]),
                ("HKEY_CURRENT_USER\\Software\\Classes\\Thing\\CurVer", [sz("", "Thing.3")]),
                ("HKEY_CLASSES_ROOT\\Other", [sz("", "exported HKCR")]),
            ]
        )
    )
    assert registry.open("HKLM\\software\\vendor\\APP", "64").text("bits") == "64"  # type: ignore[union-attr]
    assert registry.open("HKLM\\SOFTWARE\\Vendor\\App", "32").text("Bits") == "32"  # type: ignore[union-attr]
    assert [v for v, _ in registry.open_views("HKLM\\SOFTWARE\\Vendor\\App")] == ["64", "32"]
    assert registry.open("HKCR\\Thing\\CurVer").text("") == "Thing.3"  # type: ignore[union-attr]
    assert registry.open("HKCR\\Other").text("") == "exported HKCR"  # type: ignore[union-attr]
    assert registry.open("HKXX\\Other") is None


def test_password_values_are_never_kept() -> None:
    registry = load(
        export_v5([(KEY, [hex_value("POP3 Password2", b"\x01\x02"), sz("IMAP Password", "x")])])
    )
    key = registry.open(KEY)
    assert key is not None
    assert key.value("POP3 Password2") is None and key.value("IMAP Password") is None


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ("Windows Registry Editor Version 4.00\r\n", 1, "bad_header"),
        ("", 1, "bad_header"),
        ("\r\n\r\nnot a registry file\r\n", 3, "bad_header"),
        (f"REGEDIT4\r\n\r\n[{KEY}\r\n", 3, "bad_key"),
        ("REGEDIT4\r\n\r\n[HKEY_NOWHERE\\X]\r\n", 3, "bad_key"),
        ('REGEDIT4\r\n\r\n"Orphan"="x"\r\n', 3, "value_outside_key"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"Ok"="1"\r\n"Bad"="unclosed\r\n', 5, "bad_value"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"N"=dword:1234567890\r\n', 4, "bad_dword"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"N"=dword:xyz\r\n', 4, "bad_dword"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"B"=hex:01,02,\\\r\n  zz,03\r\n', 4, "bad_hex"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"B"=hex(7:01\r\n', 4, "bad_value"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"S"="a" trailing\r\n', 4, "bad_value"),
        (f"REGEDIT4\r\n\r\n[{KEY}]\r\njunk\r\n", 4, "bad_value"),
        (f'REGEDIT4\r\n\r\n[{KEY}]\r\n"S"\r\n', 4, "bad_value"),
    ],
)
def test_malformed_exports_name_the_line(body: str, line: int, reason: str) -> None:
    with pytest.raises(RegExportError) as info:
        parse_export(body.encode("latin-1"), "bad.reg")
    assert (info.value.file, info.value.line, info.value.reason) == ("bad.reg", line, reason)
    assert info.value.message.key == f"windows.reg.{reason}"


def test_broken_utf16_names_the_line() -> None:
    good = export_v5([(KEY, [sz("A", "1")])])
    broken = good + "\r\n".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")
    with pytest.raises(RegExportError) as info:
        parse_export(broken, "half.reg")
    assert info.value.reason == "not_text"
    assert info.value.line == good.decode("utf-16").count("\n") + 2


def test_a_malformed_export_is_a_problem_and_the_others_still_count(tmp_path: Path) -> None:
    good = write_export(tmp_path / "good.reg", export_v5([(KEY, [sz("A", "1")])]))
    bad = write_export(tmp_path / "bad.reg", b'REGEDIT4\r\n\r\n[HKCU\\X]\r\n"A"=oops\r\n')
    env = Environment.snapshot("windows", tmp_path, tmp_path, registry_files=(bad, good))
    loaded = registry_for(env)
    assert loaded.registry.open(KEY).text("A") == "1"  # type: ignore[union-attr]
    assert [p.message.key for p in loaded.problems] == ["windows.reg.bad_value"]
    assert loaded.problems[0].message.params == {"file": str(bad), "line": 4}


# ---- property-based ---------------------------------------------------------------------

names = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\[]"),
    min_size=1,
    max_size=12,
).filter(lambda s: "password" not in s.lower() and s.strip() == s)
strings = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
values = st.one_of(
    st.tuples(st.just(REG_SZ), strings),
    st.tuples(st.just(REG_DWORD), st.integers(0, 2**32 - 1)),
    st.tuples(st.just(REG_QWORD), st.integers(0, 2**64 - 1)),
    st.tuples(st.just(REG_BINARY), st.binary(max_size=120)),
    st.tuples(
        st.just(REG_MULTI_SZ),
        st.lists(strings.filter(lambda s: s and "\0" not in s), max_size=3).map(tuple),
    ),
)


def _line(name: str, kind: int, data: object) -> str:
    if kind == REG_SZ:
        return sz(name, str(data))
    if kind == REG_DWORD:
        return dword(name, int(data))  # type: ignore[call-overload]
    if kind == REG_QWORD:
        return qword(name, int(data))  # type: ignore[call-overload]
    if kind == REG_MULTI_SZ:
        return multi_sz(name, list(data))  # type: ignore[call-overload]
    return hex_value(name, bytes(data))  # type: ignore[call-overload]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        names,
        st.dictionaries(names, values, max_size=5),
        min_size=1,
        max_size=4,
    )
)
def test_round_trip_through_regedits_format(tree: dict[str, dict[str, tuple[int, object]]]) -> None:
    lower_keys = {k.lower() for k in tree}
    if len(lower_keys) != len(tree):
        return  # keys differing only in case are one key in Windows
    sections = []
    for sub, vals in tree.items():
        if len({v.lower() for v in vals}) != len(vals):
            return
        sections.append((f"{KEY}\\{sub}", [_line(n, k, d) for n, (k, d) in vals.items()]))
    registry = load(export_v5(sections))
    for sub, vals in tree.items():
        key = registry.open(f"HKCU\\Software\\Test\\{sub}")
        assert key is not None
        for name, (kind, data) in vals.items():
            value = key.value(name)
            assert value is not None
            assert (value.type, value.data) == (kind, data)


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes) -> None:
    try:
        parse_export(data, "random.reg")
    except RegExportError as exc:
        assert exc.line >= 1


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            [
                "[HKEY_CURRENT_USER\\A]",
                "[-HKEY_CURRENT_USER\\A]",
                '"x"="y"',
                '"x"=-',
                '@=""',
                '"b"=hex:01,\\',
                "  02,03",
                '"d"=dword:0000001',
                '"q"=hex(b):01,02',
                "; comment",
                "",
                '"e"="a\\"b\\\\"',
                "[HKEY_CLASSES_ROOT\\.reg]",
                '"m"=hex(7):00',
                '"bad"=hex:g1',
                "[]",
                '"n"',
                '"z"="unterminated',
                "@=dword:ffffffff",
                '"t"=hex(2):41,00,00,00',
            ]
        ),
        max_size=30,
    ),
    st.sampled_from(["Windows Registry Editor Version 5.00", "REGEDIT4"]),
    st.booleans(),
)
def test_line_soup_parses_or_fails_cleanly(lines: list[str], header: str, unicode: bool) -> None:
    text = "\r\n".join([header, *lines])
    data = b"\xff\xfe" + text.encode("utf-16-le") if unicode else text.encode("latin-1")
    try:
        ops = parse_export(data, "soup.reg")
    except RegExportError as exc:
        assert 1 <= exc.line <= len(lines) + 1
    else:
        ExportedRegistry().apply(ops)


def test_an_export_of_one_users_hive_stands_for_hkcu() -> None:
    sid = "S-1-5-21-1004336348-1177238915-682003330-1001"
    sections = [
        (f"HKEY_USERS\\{sid}\\Software\\Test", [sz("A", "1")]),
        (f"HKEY_USERS\\{sid}_Classes\\Test", [sz("A", "2")]),
        ("HKEY_USERS\\S-1-5-18\\Software\\Test", [sz("A", "3")]),
    ]
    assert load(export_v5(sections)).open("HKCU\\Software\\Test").text("A") == "1"  # type: ignore[union-attr]
    other = (f"HKEY_USERS\\{sid[:-4]}1002\\Software\\Test", [sz("A", "4")])
    assert load(export_v5([*sections, other])).open("HKCU\\Software\\Test") is None


def test_an_export_cut_off_inside_hex_data_is_malformed() -> None:
    body = f'REGEDIT4\r\n\r\n[{KEY}]\r\n"B"=hex:01,02,\\\r\n  03,04,\\'
    with pytest.raises(RegExportError) as info:
        parse_export(body.encode(), "cut.reg")
    assert (info.value.line, info.value.reason) == (4, "bad_hex")
