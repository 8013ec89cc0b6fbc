"""Sentences every front end shows. Diagnosis and refusal sentences are read in the wizard
as well as on the command line: they say what is wrong and what to do, never "run this
again" (each front end adds its own next step: the command line "run it again", the wizard
its button). And no sentence names the organisation: that is data (organization.toml)."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.environment import Environment
from assistant.fixes.thunderbird_oauth import TRY_AGAIN_REFUSALS
from assistant.i18n import Message, Translator, catalog
from assistant.organization import load_organization


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


# Sentences that still name the bundled organisation's helpdesk: their callers do not have
# the organisation profile at hand yet (left for their owners; see the branch's report).
NAMES_THE_HELPDESK_STILL = frozenset(
    {
        "error.unexpected",  # the last-resort error of the GUI start-up and the CLI
        "windows.outlook.edition_unknown",  # an app note made by the registry detector
        "windows.outlook.adal_enabled_2013",
    }
)


def test_no_sentence_writes_in_the_organisations_names() -> None:
    org = load_organization(Environment.snapshot("linux", Path("/nonexistent")))
    names = {org.name_ja, org.name_en, org.helpdesk.name_ja, org.helpdesk.name_en}
    found = sorted(
        key
        for key, entry in catalog().items()
        if any(name in text for name in names for text in entry.values())
    )
    assert found == sorted(NAMES_THE_HELPDESK_STILL)
