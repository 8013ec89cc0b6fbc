"""Diagnosis and refusal sentences are read in the wizard as well as on the command line:
they say what is wrong and what to do, never "run this again" (each front end adds its own
next step: the command line "run it again", the wizard its button)."""

from __future__ import annotations

import re

from assistant.fixes.thunderbird_oauth import TRY_AGAIN_REFUSALS
from assistant.i18n import Message, Translator, catalog


def shared_sentence_keys() -> list[str]:
    keys = [key for key in catalog() if ".problem." in key]
    return sorted({*keys, *TRY_AGAIN_REFUSALS, "fix.thunderbird.unparseable"})


def test_no_diagnosis_or_refusal_sentence_tells_the_user_to_run_anything() -> None:
    keys = shared_sentence_keys()
    assert "fleet.problem.hive_not_loaded" in keys and len(keys) > 10
    texts = catalog()
    for key in keys:
        assert "実行" not in texts[key]["ja"], key
        assert not re.search(r"\brun\b", texts[key]["en"], re.IGNORECASE), key


def test_an_unloaded_hive_says_when_it_can_be_checked() -> None:
    message = Message("fleet.problem.hive_not_loaded", {"home": r"C:\Users\hanako", "sid": "S-1"})
    ja, en = Translator("ja").render(message), Translator("en").render(message)
    assert ja.endswith("そのユーザーがサインインしている間に、もう一度確認してください。")
    assert en.endswith("Check again while that user is signed in.")
