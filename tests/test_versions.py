from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from assistant.versions import normalise_version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("153.7.0esr", "153.7.0"),
        ("102.0b3", "102.0b3"),
        ("156.0a1", "156.0a1"),
        ("91.12.0 (x64 ja)", "91.12.0"),
        ("140.4.0 ESR (x64 ja)", "140.4.0"),
        ("16.0.17928.20114", "16.0.17928.20114"),
        ("Mozilla Thunderbird 153.7.0esr", "153.7.0"),
        ("102.2.0 (ja)", "102.2.0"),
        ("10.14", "10.14"),
        ("115.0rc2", "115.0rc2"),
    ],
)
def test_real_world_strings(text: str, expected: str) -> None:
    assert normalise_version(text) == Version(expected)


@pytest.mark.parametrize("text", ["", "esr", "version", "(x64 ja)", "..."])
def test_no_version(text: str) -> None:
    assert normalise_version(text) is None


@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    result = normalise_version(text)
    assert result is None or isinstance(result, Version)


@given(
    st.from_regex(r"[0-9]{1,40}(\.[0-9]{1,40}){0,8}(a|b|rc|esr| ESR)?[0-9]{0,30}", fullmatch=True)
)
def test_never_raises_on_version_like_text(text: str) -> None:
    result = normalise_version(text)
    assert result is not None
    assert result.release[0] >= 0
