"""The prefs.js parser: Mozilla's syntax, byte spans, issues instead of exceptions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.detect.thunderbird.prefs import (
    INT_MAX,
    INT_MIN,
    format_pref,
    format_prefs,
    format_value,
    parse_prefs,
)
from tests.thunderbird_samples import HEADER

# The head of a prefs.js as Thunderbird 153.7.0esr wrote it here (see FACTS.md).
WRITTEN_BY_THUNDERBIRD = (
    HEADER
    + """\
user_pref("extensions.webextensions.uuids", "{\\"default-theme@mozilla.org\\":\\"5f13\\"}");
user_pref("mail.identity.id1.fullName", "山田 太郎");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server2.authMethod", 4);
user_pref("mailnews.tags.$label1.color", "#FF0000");
user_pref("pdfjs.enabledCache.state", true);
user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);
"""
).encode()


def test_reads_what_thunderbird_writes() -> None:
    prefs = parse_prefs(WRITTEN_BY_THUNDERBIRD)
    assert prefs.issues == []
    values = prefs.values()
    assert values["extensions.webextensions.uuids"] == '{"default-theme@mozilla.org":"5f13"}'
    assert values["mail.identity.id1.fullName"] == "山田 太郎"
    assert values["mail.server.server1.port"] == 993
    assert values["pdfjs.enabledCache.state"] is True
    assert values["toolkit.telemetry.reportingpolicy.firstRun"] is False
    name = prefs.last("mail.identity.id1.fullName")
    assert name is not None and name.line == 13
    start, end = name.value_span
    assert WRITTEN_BY_THUNDERBIRD[start:end] == '"山田 太郎"'.encode()
    start, end = name.span
    assert WRITTEN_BY_THUNDERBIRD[start:end].startswith(b"user_pref(") and end - start > 20


def test_mozilla_syntax_beyond_what_thunderbird_writes() -> None:
    data = (
        b"# hash comment\n"
        b"/* block\n comment */ pref('single', 'it\\'s');\n"
        b'sticky_pref("neg", -42); user_pref("plus", +7);\n'
        b'user_pref ( "esc" , "a\\nb\\r\\\\\\x41\\u3042\\ud83d\\ude00" ) ; // trailing\n'
        b'user_pref("dup", 1);\nuser_pref("dup", 2);\n'
    )
    prefs = parse_prefs(data)
    assert prefs.issues == []
    assert [(p.name, p.kind) for p in prefs.prefs][:3] == [
        ("single", "pref"),
        ("neg", "sticky_pref"),
        ("plus", "user_pref"),
    ]
    values = prefs.values()
    assert values["single"] == "it's"
    assert values["neg"] == -42 and values["plus"] == 7
    assert values["esc"] == "a\nb\r\\Aあ😀"
    assert values["dup"] == 2
    dup = prefs.last("dup")
    assert dup is not None and dup.line == 7


def test_bad_statements_are_issues_and_the_rest_is_read() -> None:
    data = (
        b'user_pref("a", 1);\n'
        b'user_pref("b", "bad \\q escape");\n'
        b"something_else();\n"
        b'user_pref("c", 99999999999);\n'
        b'user_pref("d", "\xff\xfe");\n'
        b'pref("e", 1, locked);\n'
        b'user_pref("f", undefined);\n'
        b'user_pref("g", 3);\n'
        b'user_pref("h", "cut off'
    )
    prefs = parse_prefs(data)
    assert prefs.values() == {"a": 1, "g": 3}
    assert [(i.line, i.reason) for i in prefs.issues] == [
        (2, "bad_escape"),
        (3, "unknown_statement"),
        (4, "number_too_large"),
        (5, "not_utf8"),
        (6, "unsupported_attribute"),
        (7, "bad_value"),
        (9, "unterminated_string"),
    ]


def test_unclosed_comment_and_truncation() -> None:
    assert [i.reason for i in parse_prefs(b'user_pref("a", 1);\n/* open').issues] == [
        "unterminated_comment"
    ]
    assert [i.reason for i in parse_prefs(b'user_pref("a",').issues] == ["truncated"]
    assert parse_prefs(b'\xef\xbb\xbfuser_pref("a", 1);').values() == {"a": 1}
    assert parse_prefs(b"").prefs == []


def test_format_matches_thunderbird() -> None:
    assert format_pref("mail.server.server1.authMethod", 10) == (
        'user_pref("mail.server.server1.authMethod", 10);'
    )
    assert format_value('a"b\\c\nd\re') == '"a\\"b\\\\c\\nd\\re"'
    assert format_value(True) == "true"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_never_raises_on_any_bytes(data: bytes) -> None:
    prefs = parse_prefs(data)
    for pref in prefs.prefs:
        assert 0 <= pref.span[0] <= pref.value_span[0] < pref.value_span[1] <= pref.span[1]
        assert pref.span[1] <= len(data)
    for issue in prefs.issues:
        assert 1 <= issue.line <= data.count(b"\n") + 1


_TOKENS = st.sampled_from(
    ['user_pref("a", 1);', "pref('b', -2);", "/*", "*/", "//", "#", "\n", '"', "'", "\\", ";",
     "(", ")", ",", "true", "false", "sticky_pref", "\\u00e9", "\\x41", " ", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_TOKENS, max_size=30))
def test_never_raises_on_near_valid_text(tokens: list[str]) -> None:
    data = "".join(tokens).encode()
    prefs = parse_prefs(data)
    assert all(p.span[1] <= len(data) for p in prefs.prefs)


_NAMES = st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s)
_VALUES = st.one_of(
    st.booleans(),
    st.integers(min_value=INT_MIN, max_value=INT_MAX),
    st.text(max_size=60).filter(lambda s: "\x00" not in s and not _has_surrogate(s)),
)


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_NAMES.filter(lambda s: not _has_surrogate(s)), _VALUES, max_size=12))
def test_round_trips_what_thunderbird_writes(items: dict[str, str | int | bool]) -> None:
    data = format_prefs(items.items()).encode("utf-8")
    prefs = parse_prefs(data)
    assert prefs.issues == []
    assert prefs.values() == items
    for pref in prefs.prefs:
        start, end = pref.value_span
        assert data[start:end].decode() == format_value(pref.value)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.from_regex(r"[a-z.]{1,20}", fullmatch=True), _VALUES, min_size=1),
    st.data(),
)
def test_replacing_one_value_span_changes_only_that_value(
    items: dict[str, str | int | bool], data: st.DataObject
) -> None:
    raw = format_prefs(items.items()).encode("utf-8")
    prefs = parse_prefs(raw)
    target = data.draw(st.sampled_from(prefs.prefs))
    new_value = data.draw(_VALUES)
    start, end = target.value_span
    edited = raw[:start] + format_value(new_value).encode() + raw[end:]
    again = parse_prefs(edited)
    assert again.issues == []
    assert again.values() == {**items, target.name: new_value}
