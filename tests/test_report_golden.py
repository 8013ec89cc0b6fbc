"""Golden files of the demo snapshot's report: text, JSON, Jamf and CSV, ja and en.

A difference is either a regression or an intended change: regenerate with
``python tests/report_goldens.py`` and read the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from report_goldens import cases, golden_path, render_demo

from assistant.report_formats import CSV_COLUMNS

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs/report.schema.json").read_text("utf-8")
)


@pytest.mark.parametrize(("form", "language", "redact"), cases())
def test_demo_report_matches_its_golden_file(form: str, language: str, redact: bool) -> None:
    expected = golden_path(form, language, redact).read_bytes().decode("utf-8")
    assert render_demo(form, language, redact) == expected


@pytest.mark.parametrize("language", ["ja", "en"])
def test_golden_json_is_valid_against_the_schema(language: str) -> None:
    data = json.loads(golden_path("json", language).read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["machine"] == "ISC-PC-0123"
    assert data["outcome"] == {"exit_code": 1, "status": "action_needed"}
    assert [s["shown_path"][:15] for s in data["data_stores"]] == ["C:\\Users\\taro\\D"] * 2 + [
        "C:\\Users\\taro\\A"
    ]


def test_golden_jamf_is_exactly_one_result_line() -> None:
    for language in ("ja", "en"):
        text = golden_path("jamf", language).read_text(encoding="utf-8")
        assert text.count("<result>") == 1 and text.count("</result>") == 1
        assert text.startswith("<result>ACTION_NEEDED ") and text.endswith("</result>\n")
        assert text.count("\n") == 1


def test_golden_csv_has_the_stable_columns_and_one_row_per_finding() -> None:
    text = golden_path("csv", "en").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    sections = [r["section"] for r in rows]
    data = json.loads(golden_path("json", "en").read_text(encoding="utf-8"))
    assert sections.count("app") == len(data["apps"])
    assert sections.count("account") == len(data["accounts"])
    assert sections.count("data_store") == len(data["data_stores"])
    assert sections.count("action") == len(data["actions"])


def test_golden_text_reads_in_the_helpdesk_order() -> None:
    for language in ("ja", "en"):
        lines = golden_path("text", language).read_text(encoding="utf-8").splitlines()
        assert lines[1].startswith(("判定：", "Verdict:"))
        order = [
            next(i for i, line in enumerate(lines) if line.startswith(head))
            for head in {
                "ja": ("■アプリとアカウント", "■メールデータ", "■実行環境", "■お問い合わせ先"),
                "en": ("■ What to do", "■ Mail data", "■ Environment", "■ Helpdesk"),
            }[language]
        ]
        assert order == sorted(order)
        text = "\n".join(lines)
        assert "outlook-2016" not in text and "thunderbird.update" not in text  # titles, not ids
        assert "/" not in text.split("■")[3]  # the data paths are C:\Users\…, not the host's
