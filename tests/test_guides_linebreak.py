"""Japanese line breaking of the PDF build (build/guide_pdf.py): kinsoku, whole Latin
words, widths respected, bold runs kept."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fpdf", reason="fpdf2 (requirements-dev.txt) builds the guide PDFs")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "build"))

from guide_pdf import NO_LINE_END, NO_LINE_START, Atom, break_lines


def _one_per_char(text: str, bold: bool) -> float:
    return float(len(text))


def _text(line: list[Atom]) -> str:
    return "".join(a.text for a in line)


def test_japanese_breaks_between_characters_with_kinsoku() -> None:
    text = "「ファイル」>「アカウント設定」をクリックします。次へ進みます。"
    lines = [_text(x) for x in break_lines(text, 10, _one_per_char)]
    assert "".join(lines) == text
    for line in lines:
        assert len(line) <= 10 or line.endswith(("。", "」"))
        assert line[0] not in NO_LINE_START
        assert line[-1] not in NO_LINE_END


def test_latin_words_stay_whole_and_spaces_vanish_at_line_ends() -> None:
    lines = [_text(x) for x in break_lines("Click Account Settings now", 12, _one_per_char)]
    assert lines == ["Click", "Account", "Settings now"]


def test_bold_runs_are_kept_per_atom() -> None:
    (line,) = break_lines("「**ヘルプ**」を開く", 40, _one_per_char)
    assert [a.text for a in line if a.bold] == ["ヘ", "ル", "プ"]


def test_a_paragraph_does_not_end_on_one_character() -> None:
    text = "あ" * 19 + "い。"
    lines = [_text(x) for x in break_lines(text, 20, _one_per_char)]
    assert len(lines) == 2 and len(lines[-1]) > 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["設定", "を", "「", "」", "。", "、", "OAuth2", " ", "Thunderbird", "**"]),
        max_size=40,
    )
)
def test_nothing_is_lost_and_no_line_starts_with_closing_punctuation(parts: list[str]) -> None:
    text = "".join(parts)
    lines = break_lines(text, 8, _one_per_char)
    joined = "".join(_text(x) for x in lines)
    assert joined.replace(" ", "") == text.replace("**", "").replace(" ", "")
    for previous, line in itertools.pairwise(lines):
        assert line and not line[0].space
        assert sum(len(a.text) for a in previous) <= 8 or len(previous) == 1
        # A closing mark may only start a line when an overlong run (longer than a whole
        # line) had to be cut by characters: then the line before it is full.
        if line[0].text[0] in NO_LINE_START:
            assert sum(len(a.text) for a in previous) == 8
