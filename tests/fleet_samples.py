"""Fleets of collected reports for tests and bench/summarize_bench.py.

Every report starts from the real JSON report of the demo machine (built by the core,
not typed by hand) and varies what differs across a lab: the computer name, the
Thunderbird version and its verdict, how many accounts are still on basic auth, and
an incomplete diagnosis now and then. Broken files (cut short, another tool's JSON, not
UTF-8) are mixed in at a fixed rate.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

THUNDERBIRD = (
    ("91.13.0", "update_required"),
    ("102.2.0", "supported"),
    ("115.3.0", "supported"),
    ("78.2.0", "update_required"),
)
BROKEN_KINDS = ("cut", "foreign", "not_utf8")


@lru_cache(maxsize=2)
def demo_report(lang: str = "ja") -> str:
    """The demo machine's JSON report, as the CLI writes it (fixed date)."""
    from assistant.demo import demo_environment
    from assistant.detect.machine import detect_machine
    from assistant.diagnose import diagnose
    from assistant.i18n import Translator
    from assistant.matrix import SupportMatrix
    from assistant.organization import load_organization
    from assistant.report import report_json

    env = demo_environment()
    now = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    d = diagnose(detect_machine(env), SupportMatrix.load(), load_organization(env), now)
    return json.dumps(report_json(d, Translator(lang)), ensure_ascii=False)  # type: ignore[arg-type]


def machine_report(i: int, base: dict[str, Any]) -> dict[str, Any]:
    """Machine number ``i`` of the fleet."""
    report = copy.deepcopy(base)
    report["machine"] = f"LAB-PC-{i:05d}"
    version, verdict = THUNDERBIRD[i % len(THUNDERBIRD)]
    for app in report["apps"]:
        if app["id"] == "thunderbird":
            app["version"], app["verdict"] = version, verdict
    migrated = i % 3 == 0  # a third of the lab already switched
    for account in report["accounts"]:
        account["email"] = f"s{i:05d}@isc.chubu.ac.jp"
        if migrated:
            account["auth"], account["status"] = "oauth2", "ok"
    incomplete = i % 50 == 7
    report["problems"] = [{"app": None, "text": "x"}] if incomplete else []
    status = "incomplete" if incomplete else "nothing_to_do" if migrated else "action_needed"
    report["outcome"] = {"exit_code": {"incomplete": 3, "nothing_to_do": 0}.get(status, 1),
                         "status": status}  # fmt: skip
    report["action_needed"] = status == "action_needed"
    return report


def broken_file(kind: str, text: str) -> bytes:
    if kind == "cut":
        return text.encode("utf-8")[: len(text) // 2]
    if kind == "foreign":
        return b'{"computer": "x", "status": "ok"}'
    return text.encode("shift_jis", "replace")  # not UTF-8 once it holds Japanese


def write_fleet(folder: Path, count: int, broken_every: int = 0, per_folder: int = 1000) -> int:
    """``count`` report files under ``folder`` (sub-folders of ``per_folder``, as a
    collector leaves them); every ``broken_every``-th is broken. Returns how many are."""
    base = json.loads(demo_report())
    broken = 0
    for i in range(count):
        sub = folder / f"batch-{i // per_folder:03d}"
        if i % per_folder == 0:
            sub.mkdir(parents=True, exist_ok=True)
        text = json.dumps(machine_report(i, base), ensure_ascii=False)
        path = sub / f"LAB-PC-{i:05d}.json"
        if broken_every and i % broken_every == broken_every - 1:
            path.write_bytes(broken_file(BROKEN_KINDS[broken % len(BROKEN_KINDS)], text))
            broken += 1
        else:
            path.write_text(text, encoding="utf-8")
    return broken
