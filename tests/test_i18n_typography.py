"""The whole catalog's typography: Japanese set like the organisation's notice, English
counts in the right plural.

Japanese (the rule of /work/shared/seed/basic-auth-notice.ja.txt, the organisation's own
style: ``Exchange Onlineの基本認証``, ``Outlookアプリ``, ``102.2.0以上``):
- no half-width space next to a Japanese character — not around an inserted value
  (``{file}を``), not between Japanese and a Latin word (``Thunderbirdを``), not between
  sentences (``か？作成``), not between a number and its counter (``{count}件``);
- full-width punctuation in Japanese sentences (、。（）：！？), never ``: `` English-style.
Left as they are: text quoted in 「」 (menu items and messages of real apps, shown as
those apps show them), Qt's mnemonic ``(&N)``, Qt's file-filter ``(*.txt)``, addresses.

English: a count is never written ``file(s)``; a message that counts things is a pair of
keys ``….one`` / ``….other`` chosen by ``count`` (``Translator`` picks the form).
"""

from __future__ import annotations

import re

import pytest

from assistant.i18n import Translator, catalog, placeholders
from assistant.resources import resource_path

JAPANESE = r"[\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff01-\uff60]"
_QUOTED = re.compile(r"「[^「」]*」")
_MNEMONIC = re.compile(r"\(&\w\)")
_FILE_FILTER = re.compile(r" ?\(\*\.\w+\)(;;)?")
_ADDRESS = re.compile(r"https?://[^\s）」、。]+")
_PLACEHOLDER = re.compile(r"\{\w*\}")
_ASCII_PUNCTUATION = rf"{JAPANESE} *[(),!?;:]|[(),!?;:] *{JAPANESE}"
JAPANESE_RULES = (
    ("half-width space next to Japanese", re.compile(rf"{JAPANESE} +| +{JAPANESE}")),
    ("ASCII punctuation in a Japanese sentence", re.compile(_ASCII_PUNCTUATION)),
    ("English-style colon", re.compile(r": ")),
)


def japanese_problems(text: str) -> list[str]:
    """The rules ``text`` breaks (an inserted value counts as a Latin word)."""
    text = _QUOTED.sub("「〇」", text)
    for exempt in (_MNEMONIC, _FILE_FILTER):
        text = exempt.sub("", text)
    text = _PLACEHOLDER.sub("V", _ADDRESS.sub("U", text))
    return [name for name, rule in JAPANESE_RULES if rule.search(text)]


@pytest.mark.parametrize(
    "text",
    [
        # lines of the catalog before it was set (issue 11's review)
        "{file} を読み込めないため、変更しませんでした（{reason}）。",
        "Thunderbird のプロファイル {path} は使用中です。",
        "保存先 {folder} の空き容量が足りません（必要: {needed}、空き: {free}）。",
        "バックアップの途中です。中止して閉じますか？ 作成途中のフォルダーは削除されます。",
        "バックアップが完了しました: {files} 個のファイル（{size}）を保存しました。",
        "ガイドの原稿 {file} の {line} 行目に 2 つ目の題名（# ）があります。",
        "{app} {version}: {verdict}",
        "Outlook データファイル (.pst)",
        "中止しますか?",
    ],
)
def test_the_japanese_rules_catch_the_old_catalogs_lines(text: str) -> None:
    assert japanese_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "{file}を読み込めないため、変更しませんでした（{reason}）。",
        "Thunderbird {version}を対応バージョン（78.3.1～91.12.0、102.2.0以上）に更新してください。",
        "「ファイル」>「開く/エクスポート」>「Outlook データ ファイル (.pst)」で書き出します。",
        "レポートを保存(&S)…",
        "テキスト (*.txt);;JSON (*.json)",
        "Office 365へのサインイン方法：https://portal.office.com",
        "作成日時：{when}　{org}",
    ],
)
def test_the_japanese_rules_let_set_text_and_quoted_app_text_pass(text: str) -> None:
    assert japanese_problems(text) == []


def test_every_japanese_text_in_the_catalog_is_set_by_the_rules() -> None:
    broken = {
        key: f"{problems}: {entry['ja']}"
        for key, entry in catalog().items()
        if (problems := japanese_problems(entry["ja"]))
    }
    assert broken == {}


# Placeholders whose value is a number of things; one directly before an English word
# ("{files} files") must be a counted pair's {count} instead.
_NUMBERS = {"count", "files", "files_done", "files_total", "accounts", "machines", "reports",
            "missing", "changed", "extra", "problems", "required"}  # fmt: skip
_COUNTED_WORD = re.compile(r"\{(\w+)\} (?:[A-Z][\w ]*? )?([a-z]+)")


def _counted_pairs() -> set[str]:
    keys = catalog()
    return {k.removesuffix(".one") for k in keys if k.endswith(".one")}


def test_english_never_writes_a_plural_as_s_in_brackets() -> None:
    assert [key for key, entry in catalog().items() if "(s)" in entry["en"]] == []


def test_every_counted_message_is_a_complete_pair_with_a_count() -> None:
    keys = catalog()
    for base in _counted_pairs():
        one, other = keys.get(f"{base}.one"), keys.get(f"{base}.other")
        assert one is not None and other is not None, base
        for entry in (one, other):
            assert "count" in placeholders(entry["en"]), base
        assert placeholders(one["en"]) == placeholders(other["en"]), base


def test_a_number_before_an_english_noun_is_a_counted_pair() -> None:
    pairs = _counted_pairs()
    uncounted = []
    for key, entry in catalog().items():
        for name, _word in _COUNTED_WORD.findall(entry["en"]):
            if name not in _NUMBERS:
                continue
            if name != "count" or key.rsplit(".", 1)[0] not in pairs:
                uncounted.append(f"{key}: {entry['en']}")
    assert uncounted == []


@pytest.mark.parametrize("base", sorted(_counted_pairs()))
def test_each_counted_message_reads_right_for_one_and_for_two(base: str) -> None:
    en, ja = Translator("en"), Translator("ja")
    params = {name: f"<{name}>" for name in placeholders(catalog()[f"{base}.other"]["en"])}
    one = en(base, **{**params, "count": 1})
    two = en(base, **{**params, "count": 2})
    assert one == en(f"{base}.one", **{**params, "count": 1})
    assert two == en(f"{base}.other", **{**params, "count": 2})
    assert one.replace("1", "2") != two  # the noun (or verb) changes with the number
    assert "1" in one and "2" in two
    assert ja(base, **{**params, "count": 2}) == ja(f"{base}.other", **{**params, "count": 2})


def test_the_translator_picks_the_form_by_count() -> None:
    en, ja = Translator("en"), Translator("ja")
    assert en("wizard.count.files", count=1) == "1 file"
    assert en("wizard.count.files", count=2) == "2 files"
    assert en("wizard.count.files", count=0) == "0 files"
    assert ja("wizard.count.files", count=1) == "ファイル1個"
    assert en.has("wizard.count.files")


def test_the_japanese_guides_are_set_by_the_same_rules() -> None:
    """The guides' steps appear in the wizard beside the catalog's sentences."""
    prefix = re.compile(r"(#+ |> |! |\s*\d+\. |\s*- |\s+)?")
    broken = []
    for source in sorted(resource_path("guides").glob("*.ja.md")):
        for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
            match = prefix.match(line)
            body = line[match.end() if match else 0 :]
            if problems := japanese_problems(body):
                broken.append(f"{source.name}:{number}: {problems}: {line}")
    assert broken == []
