"""The wizard's own sentences. Japanese typography and English plurals are checked over
the whole catalog in test_i18n_typography.py."""

from __future__ import annotations

import tomllib

from assistant.i18n import flatten
from assistant.resources import resource_path

FILES = ("wizard.toml", "wizard_pages.toml")


def entries() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for name in FILES:
        found.update(flatten(tomllib.loads(resource_path(f"i18n/{name}").read_text("utf-8"))))
    return found


def test_no_mnemonic_in_titles() -> None:
    keys = entries()
    titles = [k for k in keys if k.startswith(("wizard.title.", "wizard.done.section."))]
    assert titles and not [k for k in titles if "&" in keys[k]["ja"] + keys[k]["en"]]
