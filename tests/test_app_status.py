"""One word per app for what it needs, the same in the wizard's cards and in every report:
the demo's Outlook 2016 is a supported version whose POP accounts must change, so it is
"accounts must change" everywhere — never "supported" next to it."""

from __future__ import annotations

import json

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.app_status import APP_STATUSES, app_status, status_level
from assistant.cli.commands.report import render
from assistant.i18n import LANGUAGES, Language, Translator
from assistant.journey_cards import app_cards


@pytest.fixture(scope="module")
def demo() -> AppContext:
    return AppContext(MachineChoice(demo=True), Translator("en"))


def test_the_demos_outlook_is_supported_but_its_accounts_must_change(demo: AppContext) -> None:
    d = demo.diagnose()
    statuses = {f.app.app_id: (f.verdict.verdict.value, app_status(d, f)) for f in d.apps}
    assert statuses == {
        "outlook-windows": ("supported", "change"),
        "thunderbird": ("update_required", "update_required"),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_report_uses_the_cards_words(demo: AppContext, language: Language) -> None:
    tr = Translator(language)
    d = demo.diagnose()
    text = render(d, "text", tr)
    app_lines = [line for line in text.splitlines() if line.startswith("  ") and " — " in line]
    app_lines = [line for line in app_lines if not line.startswith("   ")]
    cards = app_cards(d, tr)
    assert [line.rsplit(" — ", 1)[1] for line in app_lines] == [c.verdict for c in cards]
    outlook = next(line for line in app_lines if "Outlook 2016" in line)
    assert outlook.endswith(" — " + tr("app_status.change"))
    assert not outlook.endswith(" — " + tr("verdict.supported"))


def test_the_json_report_keeps_the_verdict_and_adds_the_status(demo: AppContext) -> None:
    data = json.loads(render(demo.diagnose(), "json", Translator("en")))
    outlook = next(a for a in data["apps"] if a["id"] == "outlook-windows")
    assert outlook["verdict"] == "supported"  # the contract: the version's support
    assert outlook["status"] == "change"


def test_every_status_has_a_word_and_a_look() -> None:
    for language in LANGUAGES:
        tr = Translator(language)
        assert all(tr.has(f"app_status.{s}") for s in APP_STATUSES)
    looks = {s: status_level(s) for s in APP_STATUSES}
    assert looks == {
        "ok": "ok",
        "change": "change",
        "update_required": "blocked",
        "unsupported": "blocked",
        "contact_helpdesk": "blocked",
        "unknown": "unknown",
    }


def test_the_csv_keeps_its_columns_and_adds_the_status_at_the_end(demo: AppContext) -> None:
    import csv
    import io

    text = render(demo.diagnose(), "csv", Translator("en")).lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[-1] == "app_status"
    outlook = next(r for r in rows if r["section"] == "app" and r["app"] == "outlook-windows")
    assert (outlook["status"], outlook["app_status"]) == ("supported", "change")
    assert {r["app_status"] for r in rows if r["section"] != "app"} == {""}
