"""The catalog's quick reader (for the GUI's first page) reads exactly what tomllib reads,
and leaves every line it does not know to tomllib."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assistant.i18n import (
    CatalogError,
    Messages,
    Translator,
    flatten,
    read_simple_catalog,
    table_section,
)
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


def catalog_files(folder: Path, files: dict[str, str]) -> list[Path]:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.toml"))


def test_a_table_is_read_when_one_of_its_messages_is_wanted(tmp_path: Path) -> None:
    messages = Messages(
        catalog_files(
            tmp_path,
            {
                "a.toml": '[wizard]\nsteps = { ja = "手順", en = "Steps" }\n'
                '[wizard.nav]\nnext = { ja = "次へ", en = "Next" }\n',
                "b.toml": '[cli.opt]\nlang = { ja = "言語", en = "Language" }\n'
                '[files.count]\none = { ja = "{count}件", en = "{count} file" }\n'
                'other = { ja = "{count}件", en = "{count} files" }\n',
                "c.toml": '  [indented]\nk = { ja = "字下げ", en = "indented" }\n',
                "d.toml": 'top = "not a message"\n[other]\nk = { ja = "他", en = "other" }\n',
            },
        )
    )
    assert Translator("en", messages)("wizard.steps") == "Steps"
    assert set(messages._entries) == {"wizard.steps"}  # its table only, not [wizard.nav]
    assert Translator("en", messages)("files.count", count=2) == "2 files"
    assert set(messages._entries) == {"wizard.steps", "files.count.one", "files.count.other"}
    # A header these lines do not find (indented): every file left is read for it.
    assert messages["indented.k"] == {"ja": "字下げ", "en": "indented"}
    assert not messages._unread
    # Read whole, a file whose tables were read before gives each message once.
    assert messages.everything() == {
        key: entry
        for path in sorted(tmp_path.glob("*.toml"))
        for key, entry in flatten(tomllib.loads(path.read_text("utf-8"))).items()
    }


def test_a_table_written_in_other_forms_reads_its_whole_file(tmp_path: Path) -> None:
    messages = Messages(
        catalog_files(
            tmp_path,
            {
                "a.toml": '[wizard]\nsteps.ja = "手順"\nsteps.en = "Steps"\n'
                '[other]\nk = { ja = "他", en = "other" }\n',
                "b.toml": '[cli]\nlang = { ja = "言語", en = "Language" }\n',
            },
        )
    )
    assert messages["wizard.steps"] == {"ja": "手順", "en": "Steps"}  # as tomllib reads it
    assert set(messages._entries) == {"wizard.steps", "other.k"}
    assert set(messages._unread) == {tmp_path / "b.toml"}


def test_a_table_section_ends_at_the_next_header() -> None:
    data = b'[a]\nx = { ja = "1", en = "1" }\n[a.b]\ny = { ja = "2", en = "2" }\n'
    assert table_section(data, "a") == b'[a]\nx = { ja = "1", en = "1" }'
    assert table_section(data, "a.b") == b'[a.b]\ny = { ja = "2", en = "2" }\n'
    assert table_section(data, "b") is None and table_section(data, "a.") is None


def test_a_message_in_two_files_is_an_error_once_both_are_read(tmp_path: Path) -> None:
    files = {
        "a.toml": '[wizard]\nsteps = { ja = "手順", en = "Steps" }\n',
        "b.toml": '[x]\ny = { ja = "x", en = "x" }\n'
        '[wizard]\nsteps = { ja = "別", en = "Other" }\n',
    }
    with pytest.raises(CatalogError, match=r"'wizard\.steps' is in both a\.toml and b\.toml"):
        Messages(catalog_files(tmp_path, files)).get("wizard.steps")  # both hold [wizard]
    with pytest.raises(CatalogError, match=r"'wizard\.steps'"):
        Messages(sorted(tmp_path.glob("*.toml"))).everything()  # as catalog() reads
