"""The guide source format: blocks, numbering, placeholders, errors, the wizard summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.guides.catalog import all_guides
from assistant.guides.source import (
    Bullet,
    GuideSourceError,
    Heading,
    Paragraph,
    Step,
    Warning,
    guide_summary,
    join_lines,
    load_guide,
    parse_guide,
    placeholders,
)
from assistant.i18n import LANGUAGES, Translator
from assistant.organization import load_organization

VALUES = {"service_name": "@ISCメール", "helpdesk_phone": "0568-51-4371"}

SAMPLE = """\
# Title for {service_name}
> Lead line one
> and two.

! Back up
! first.

## Section
1. First step
   Detail **label** text
   - a bullet in the step
2. Second step
Paragraph after
- loose bullet
<!-- a comment -->
"""


def test_blocks_are_read() -> None:
    doc = parse_guide(SAMPLE, VALUES)
    assert doc.title == "Title for @ISCメール"
    assert doc.lead == "Lead line one and two."
    assert doc.blocks == (
        Warning("Back up first."),
        Heading("Section"),
        Step(1, "First step", (Paragraph("Detail **label** text"), Bullet("a bullet in the step"))),
        Step(2, "Second step"),
        Paragraph("Paragraph after"),
        Bullet("loose bullet"),
    )


def test_japanese_lines_join_without_space() -> None:
    assert join_lines(["作業の前に、", "必ず"]) == "作業の前に、必ず"
    assert join_lines(["click", "Next"]) == "click Next"
    assert join_lines(["「OK」を", "click"]) == "「OK」をclick"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("No title\n", "guide.source.no_title"),
        ("# A\n# B\n", "guide.source.second_title"),
        ("# A\n1. one\n3. three\n", "guide.source.step_number"),
        ("# A\n2. two\n", "guide.source.step_number"),
        ("# A\n{unknown}\n", "guide.source.placeholder"),
        ("# A\n{broken\n", "guide.source.braces"),
        ("# A\n  two spaces\n", "guide.source.indent"),
        ("# A\ntext\n> late lead\n", "guide.source.lead_late"),
    ],
)
def test_format_errors_name_the_file_and_line(text: str, key: str, tmp_path: Path) -> None:
    path = tmp_path / "x.ja.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideSourceError) as err:
        load_guide(path, VALUES)
    assert err.value.message.key == key
    assert err.value.message.params["file"] == str(path)
    sentence = Translator("en").render(err.value.message)
    assert str(path) in sentence and "{" not in sentence.replace("{{", "").split("“")[0]


def test_missing_and_non_utf8_sources(tmp_path: Path) -> None:
    with pytest.raises(GuideSourceError) as err:
        load_guide(tmp_path / "none.md", VALUES)
    assert err.value.message.key == "guide.source.missing"
    bad = tmp_path / "sjis.md"
    bad.write_bytes("# 題名\n".encode("shift_jis"))
    with pytest.raises(GuideSourceError) as err:
        load_guide(bad, VALUES)
    assert err.value.message.key == "guide.source.encoding"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_source_parses_and_summarises(language) -> None:  # type: ignore[no-untyped-def]
    org = load_organization()
    for key in all_guides():
        summary = guide_summary(key, language, org)
        assert summary.title == Translator(language)(f"guide.title.{key.stem}")
        assert 5 <= len(summary.steps) <= 16
        assert all(s and "**" not in s and "{" not in s for s in summary.steps)


def test_rules_variant_adds_the_rules_steps() -> None:
    org = load_organization()
    plain_steps = guide_summary(all_guides()[0], "en", org).steps
    rules_steps = guide_summary(all_guides()[1], "en", org).steps
    assert "Open the rules" in rules_steps and "Open the rules" not in plain_steps
    assert set(plain_steps) < set(rules_steps)


def test_placeholders_come_from_the_organisation(tmp_path: Path) -> None:
    config = tmp_path / "org.toml"
    config.write_text(
        '[helpdesk]\nname_ja = "情報基盤センター"\nphone = "011-222-3333"\n', encoding="utf-8"
    )
    org = load_organization(config=config)
    values = placeholders(org, "ja", "passed")
    assert values["helpdesk_phone"] == "011-222-3333"
    assert values["basic_auth_end"] == "2022年10月1日"
    doc = load_guide(Path("resources/guides/troubleshooting.ja.md"), values)
    text = " ".join(getattr(b, "text", "") for b in doc.blocks)
    assert "011-222-3333" in text and "情報基盤センター" in text and "0568" not in text
