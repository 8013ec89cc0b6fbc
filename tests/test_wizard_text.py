"""The wizard's own sentences: Japanese typography and English plurals."""

from __future__ import annotations

import re
import tomllib

import pytest

from assistant.i18n import flatten
from assistant.resources import resource_path

FILES = ("wizard.toml", "wizard_pages.toml")


def entries() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name in FILES:
        found.update(flatten(tomllib.loads(resource_path(f"i18n/{name}").read_text("utf-8"))))
    return found


@pytest.mark.parametrize("key", sorted(entries()))
def test_japanese_has_no_half_width_space_around_values_or_sentences(key: str) -> None:
    ja = re.sub(r"\(&\w\)", "", entries()[key]["ja"])  # "(&A)": the Windows mnemonic form
    assert not re.search(r" \{|\} ", ja), ja  # around an inserted value
    assert not re.search(r"[。、：！？] | [。、：！？]", ja), ja  # between sentences
    assert not re.search(r"[ぁ-んァ-ヶ一-龠][,.:!?;()]", ja), ja  # half-width punctuation


def test_counted_sentences_have_one_and_other() -> None:
    keys = entries()
    counted = {k.rsplit(".", 1)[0] for k in keys if k.endswith((".one", ".other"))}
    for base in counted:
        assert f"{base}.one" in keys and f"{base}.other" in keys, base
        assert "{count}" in keys[f"{base}.other"]["en"]
        assert keys[f"{base}.one"]["en"] != keys[f"{base}.other"]["en"]


def test_no_mnemonic_in_titles() -> None:
    keys = entries()
    titles = [k for k in keys if k.startswith(("wizard.title.", "wizard.done.section."))]
    assert titles and not [k for k in titles if "&" in keys[k]["ja"] + keys[k]["en"]]
