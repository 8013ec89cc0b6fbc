from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema

from assistant.detect.facts import (
    DataStore,
    InstalledApp,
    MachineFacts,
    MailAccount,
    PlatformInfo,
    RunningApp,
)
from assistant.diagnose import diagnose
from assistant.i18n import Translator
from assistant.matrix import SupportMatrix
from assistant.organization import load_organization
from assistant.report import report_json, report_text

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs/report.schema.json").read_text("utf-8")
)


def sample_facts() -> MachineFacts:
    facts = MachineFacts(platform=PlatformInfo("linux", "12", "Debian GNU/Linux 12"))
    facts.apps.append(
        InstalledApp(
            "thunderbird", "Thunderbird", "102.1.0", "/usr/lib/thunderbird", "linux-package"
        )
    )
    facts.accounts += [
        MailAccount(
            "thunderbird",
            "pop3",
            "outlook.office365.com",
            "password",
            "taro@isc.chubu.ac.jp",
            "default",
        ),
        MailAccount(
            "thunderbird", "smtp", "smtp.office365.com", "oauth2", "taro@isc.chubu.ac.jp", "default"
        ),
        MailAccount(
            "thunderbird", "imap", "imap.gmail.com", "password", "taro@gmail.com", "default"
        ),
    ]
    facts.data_stores.append(
        DataStore("thunderbird", "thunderbird_profile", "/home/taro/.thunderbird/x.default", 1234)
    )
    facts.running.append(RunningApp("thunderbird", 4242, "thunderbird"))
    return facts


def run(now: datetime, lang: str = "en") -> tuple[dict, str]:  # type: ignore[type-arg]
    d = diagnose(sample_facts(), SupportMatrix.load(), load_organization(), now)
    tr = Translator(lang)  # type: ignore[arg-type]
    return report_json(d, tr), report_text(d, tr)


def test_json_report_matches_the_schema_in_both_languages() -> None:
    for lang in ("ja", "en"):
        data, _ = run(datetime(2026, 11, 25, tzinfo=UTC), lang)
        jsonschema.validate(data, SCHEMA)
        assert data["schema"] == 1


def test_accounts_statuses_and_actions() -> None:
    data, text = run(datetime(2026, 11, 25, tzinfo=UTC))
    statuses = [(a["host"], a["exchange_online"], a["status"]) for a in data["accounts"]]
    assert statuses == [
        ("outlook.office365.com", True, "needs_migration"),
        ("smtp.office365.com", True, "ok"),
        ("imap.gmail.com", False, "not_applicable"),
    ]
    ids = [a["id"] for a in data["actions"]]
    assert ids[0] == "backup.first"  # back up before anything changes
    assert (
        ids.index("app.close") < ids.index("thunderbird.update") < ids.index("thunderbird.migrate")
    )
    assert data["action_needed"] is True
    assert "0568-51-4371" in text and "5812" in text


def test_wording_follows_the_date() -> None:
    before, text_before = run(datetime(2022, 8, 20, tzinfo=UTC), "ja")
    after, text_after = run(datetime(2026, 11, 25, tzinfo=UTC), "ja")
    assert before["advisories"][0]["text"].startswith("@ISCメールでは2022年10月1日に基本認証")
    assert "2022年9月30日までに" in before["advisories"][0]["text"]
    assert "現在は使えません" in after["advisories"][0]["text"]
    assert "電子メールサーバーがログインを拒否しました" in after["advisories"][0]["text"]
    assert "までに" not in after["advisories"][0]["text"]
    assert text_before != text_after


def test_every_notice_fact_reaches_the_report() -> None:
    data, text = run(datetime(2026, 11, 25, tzinfo=UTC), "ja")
    advisories = " ".join(a["text"] for a in data["advisories"])
    for fact in ("https://portal.office.com", "Gmail", "同期", "バックアップ", "Google"):
        assert fact in advisories, fact
    assert "78.3.1～91.12.0、102.2.0以上" in text
