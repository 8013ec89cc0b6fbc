"""The demo snapshot's report in every form, made stable for golden files.

The date is fixed, the account the test runs as is fixed (root on CI, a developer
here), and what depends on the checkout (the tool version, the folder the demo sits
in) is masked. Regenerate after an intended change with::

    python tests/report_goldens.py
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, datetime
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXED_NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
FORMATS = {"text": "txt", "json": "json", "jamf": "txt", "csv": "csv"}
LANGUAGES = ("ja", "en")


def demo_diagnosis(redact: bool = False):  # type: ignore[no-untyped-def]
    from assistant.demo import demo_environment
    from assistant.detect.facts import RunAs
    from assistant.detect.machine import detect_machine
    from assistant.diagnose import diagnose
    from assistant.matrix import SupportMatrix
    from assistant.organization import load_organization
    from assistant.redact import redact_diagnosis

    env = dataclasses.replace(demo_environment(), now=FIXED_NOW)
    facts = detect_machine(env)
    facts.ran_as = RunAs(user="taro", elevated=False)
    d = diagnose(facts, SupportMatrix.load(), load_organization(env), env.now)
    return redact_diagnosis(d, home=env.home.name) if redact else d


def masked(text: str) -> str:
    from assistant import __version__
    from assistant.resources import resource_path

    demo = str(resource_path("demo"))
    return text.replace(demo, "<demo>").replace(__version__, "<version>")


def render_demo(form: str, language: str, redact: bool = False) -> str:
    from assistant.cli.commands.report import render
    from assistant.i18n import Translator

    return masked(render(demo_diagnosis(redact), form, Translator(language)))  # type: ignore[arg-type]


def golden_path(form: str, language: str, redact: bool = False) -> Path:
    suffix = "-redacted" if redact else ""
    return GOLDEN / f"demo-report-{language}{suffix}.{form}.{FORMATS[form]}"


def cases() -> list[tuple[str, str, bool]]:
    return [(f, lang, False) for f in FORMATS for lang in LANGUAGES] + [
        ("text", "ja", True),
        ("json", "en", True),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    GOLDEN.mkdir(exist_ok=True)
    for form, language, redact in cases():
        path = golden_path(form, language, redact)
        path.write_text(render_demo(form, language, redact), encoding="utf-8", newline="")
        print(path)
