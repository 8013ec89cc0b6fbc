"""The catalog's quick reader (for the GUI's first page) reads exactly what tomllib reads,
and leaves every line it does not know to tomllib."""

from __future__ import annotations

import json
import tomllib

from hypothesis import example, given
from hypothesis import strategies as st

from assistant.i18n import flatten, read_simple_catalog
from assistant.resources import resource_path


def test_every_catalog_file_reads_the_same_both_ways() -> None:
    files = sorted(resource_path("i18n").glob("*.toml"))
    quick = 0
    for path in files:
        text = path.read_text("utf-8")
        simple = read_simple_catalog(text)
        if simple is not None:
            quick += 1
            assert simple == flatten(tomllib.loads(text)), path.name
    assert quick >= len(files) - 1  # the catalog is written in the usual lines


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@given(ja=TEXT, en=TEXT)
@example(ja="\\U", en="\\e")  # a backslash, then a plain U or e: not an escape
@example(ja="\\ud800", en="")
def test_any_string_reads_as_tomllib_reads_it(ja: str, en: str) -> None:
    # Written as JSON strings: a subset of TOML basic strings (\\uXXXX, \\n, \\" ...).
    ja_text, en_text = (json.dumps(t, ensure_ascii=False) for t in (ja, en))
    line = f"[t]\nk = {{ ja = {ja_text}, en = {en_text} }}\n"
    simple = read_simple_catalog(line)
    assert simple is None or simple == flatten(tomllib.loads(line))
    assert simple == {"t.k": {"ja": ja, "en": en}}


def test_unusual_lines_are_left_to_tomllib() -> None:
    for text in (
        '[t]\nk = { en = "a", ja = "b" }\n',  # other order
        'k = { ja = "a", en = "b" }\n',  # no table
        '[t]\nk = { ja = "a", en = "b" } # note\n',
        '[t]\n"q" = { ja = "a", en = "b" }\n',
        '[t]\nk = { ja = "a\\U0001F600", en = "b" }\n',
        '[t]\nk = { ja = "a", en = "b" }\nk = { ja = "a", en = "b" }\n',
        '[t]\nk = """x"""\n',
        '[t]\nk = { ja = "\\ud800\\udc00", en = "b" }\n',  # TOML refuses surrogates
        '[t]\nk = { ja = "a\x01", en = "b" }\n',  # a control character (TOML refuses it)
        '[t]\nk = { ja = "a\nb", en = "c" }\n',  # a string over two lines
        '[t]\nk = { ja = "a", en = "b" }\nstray\n',  # the last line of another form
    ):
        assert read_simple_catalog(text) is None, text


def test_windows_line_ends_and_unicode_line_separators_read_as_tomllib_reads_them() -> None:
    for text in (
        '# c\r\n[t]\r\nk = { ja = "あ", en = "a" }\r\n\r\n[u.v]\r\nw = { ja = "", en = "" }',
        '[t]\nk = { ja = "a\u2028b", en = "c\u0085d" }\n',
    ):
        simple = read_simple_catalog(text)
        assert simple is not None and simple == flatten(tomllib.loads(text)), text
