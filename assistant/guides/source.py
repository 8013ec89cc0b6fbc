"""Guide sources: a small Markdown subset, read into blocks for the PDF and the wizard.

The format (one file per guide and language, ``<stem>.<lang>.md``, UTF-8)::

    # Title                          the first line, exactly one
    > Lead paragraph                 who the guide is for (lines joined)
    ## Section                       a section heading
    1. Step title                    numbered steps, numbered 1, 2, 3 ... across the guide
       Detail text, indented 3 spaces; "   - " inside a step is a bullet
    - Bullet                         a bullet outside a step
    ! Warning text                   a warning box (every line starts with "! ")
    Plain text                       a paragraph (consecutive lines joined)
    <!-- comment -->                 ignored (one line)

Inline ``**bold**`` marks the labels the app shows. ``{name}`` placeholders are filled
from the organisation profile (see ``placeholders``), so re-branding needs no edit here.
``{cutover_sentence}`` says, as of the build date, that basic authentication has ended
(and what a password-only app shows) or when it ends and by when to change.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.errors import AssistantError
from assistant.guides.catalog import GuideKey, source_path
from assistant.i18n import Language, Translator, format_date
from assistant.organization import Organization


class GuideSourceError(AssistantError):
    """A guide source breaks the format: one sentence naming the file and the line."""


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullet:
    text: str


@dataclass(frozen=True)
class Warning:
    text: str


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    body: tuple[Paragraph | Bullet, ...] = ()


Block = Heading | Paragraph | Bullet | Warning | Step


@dataclass(frozen=True)
class GuideDocument:
    title: str
    lead: str
    blocks: tuple[Block, ...]
    source: Path | None = None

    def steps(self) -> list[Step]:
        return [b for b in self.blocks if isinstance(b, Step)]


@dataclass(frozen=True)
class GuideSummary:
    """What the wizard shows beside the button that opens the PDF."""

    title: str
    steps: tuple[str, ...] = field(default_factory=tuple)


PLACEHOLDERS = (
    "org_name",
    "service_name",
    "helpdesk_name",
    "helpdesk_phone",
    "helpdesk_extension",
    "helpdesk_hours",
    "portal_url",
    "change_deadline",
    "basic_auth_end",
    "refusal_message",
    "cutover_sentence",
)

Cutover = Literal["passed", "coming"]
CUTOVERS: tuple[Cutover, ...] = ("passed", "coming")


def cutover_variant(org: Organization, today: dt.date) -> Cutover:
    """Which cut-over sentence a guide built on ``today`` carries: "passed" from the day
    basic authentication ends (as ``Diagnosis.cutover_passed``), "coming" before it."""
    return "passed" if today >= org.basic_auth_end else "coming"


def cutover_sentence(org: Organization, language: Language, cutover: Cutover) -> str:
    return Translator(language)(
        f"guide.cutover.{cutover}",
        service=org.service_name(language),
        end=format_date(org.basic_auth_end, language),
        deadline=format_date(org.change_deadline, language),
        refusal=org.refusal_message(language),
    )


def placeholders(org: Organization, language: Language, cutover: Cutover) -> dict[str, str]:
    """The organisation's facts a guide may use, in the guide's language, with the
    cut-over sentence in its ``cutover`` variant."""
    return {
        "org_name": org.name(language),
        "service_name": org.service_name(language),
        "helpdesk_name": org.helpdesk.name(language),
        "helpdesk_phone": org.helpdesk.phone,
        "helpdesk_extension": org.helpdesk.extension,
        "helpdesk_hours": org.helpdesk.hours(language),
        "portal_url": org.portal_url,
        "change_deadline": format_date(org.change_deadline, language),
        "basic_auth_end": format_date(org.basic_auth_end, language),
        "refusal_message": org.refusal_message(language),
        "cutover_sentence": cutover_sentence(org, language, cutover),
    }


def plain(text: str) -> str:
    """Inline markup removed: what a reader sees."""
    return text.replace("**", "")


_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def join_lines(lines: list[str]) -> str:
    """Continuation lines joined: no space next to Japanese text, one space otherwise."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def parse_guide(text: str, values: dict[str, str], source: Path | None = None) -> GuideDocument:
    """The guide in ``text`` with its placeholders filled from ``values``."""
    name = str(source) if source else "<guide>"
    lines = text.splitlines()
    filled = [_fill(line, values, name, i + 1) for i, line in enumerate(lines)]
    return _Parser(filled, name).parse(source)


def load_guide(path: Path, values: dict[str, str]) -> GuideDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GuideSourceError("guide.source.missing", file=str(path)) from None
    except UnicodeDecodeError:
        raise GuideSourceError("guide.source.encoding", file=str(path)) from None
    return parse_guide(text, values, path)


def summarize(document: GuideDocument) -> GuideSummary:
    return GuideSummary(plain(document.title), tuple(plain(s.title) for s in document.steps()))


def guide_summary(
    key: GuideKey, language: Language, org: Organization, today: dt.date | None = None
) -> GuideSummary:
    """The wizard's short version of a guide: its title and numbered step titles, read
    from the same source as the PDF (as of ``today``, by default the current date)."""
    cutover = cutover_variant(org, today or dt.date.today())
    return summarize(load_guide(source_path(key, language), placeholders(org, language, cutover)))


def _fill(line: str, values: dict[str, str], name: str, number: int) -> str:
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(line) if f is not None]
    except ValueError:
        raise GuideSourceError("guide.source.braces", file=name, line=number) from None
    for f in fields:
        if f not in values:
            raise GuideSourceError("guide.source.placeholder", file=name, line=number, name=f)
    return line.format_map(values) if fields else line.replace("{{", "{").replace("}}", "}")


class _Parser:
    def __init__(self, lines: list[str], name: str) -> None:
        self.lines = lines
        self.name = name
        self.blocks: list[Block] = []
        self.pending: list[str] = []  # lines of the paragraph being read
        self.pending_kind: str | None = None  # "para", "warning", "lead"
        self.step: tuple[int, str, list[Paragraph | Bullet], list[str]] | None = None

    def error(self, key: str, line: int, **params: object) -> GuideSourceError:
        return GuideSourceError(key, file=self.name, line=line, **params)

    def parse(self, source: Path | None) -> GuideDocument:
        title: str | None = None
        lead: list[str] = []
        for number, raw in enumerate(self.lines, start=1):
            line = raw.rstrip()
            stripped = line.strip()
            if stripped.startswith("<!--") and stripped.endswith("-->"):
                continue
            if number == 1 or title is None:
                if not stripped:
                    continue
                if not line.startswith("# "):
                    raise self.error("guide.source.no_title", number)
                title = line[2:].strip()
                continue
            if line.startswith("# "):
                raise self.error("guide.source.second_title", number)
            if line.startswith("> "):
                if self.blocks or self.step or self.pending:
                    raise self.error("guide.source.lead_late", number)
                lead.append(line[2:])
                continue
            if line.startswith("   ") and self.step is not None and stripped:
                self._step_line(stripped)
                continue
            if not stripped:
                self._flush_step_text()
                self._flush()
                continue
            if line.startswith(" "):
                raise self.error("guide.source.indent", number)
            self._flush_step_text()
            if line.startswith("## "):
                self._close()
                self.blocks.append(Heading(line[3:].strip()))
            elif match := _NUMBERED.match(line):
                self._close()
                expected = len([b for b in self.blocks if isinstance(b, Step)]) + 1
                if int(match.group(1)) != expected:
                    raise self.error("guide.source.step_number", number, expected=expected)
                self.step = (expected, match.group(2).strip(), [], [])
            elif line.startswith("- "):
                self._close()
                self.blocks.append(Bullet(line[2:].strip()))
            elif line.startswith("! ") or line == "!":
                self._close_step()
                if self.pending_kind not in (None, "warning"):
                    self._flush()
                self.pending_kind = "warning"
                self.pending.append(line[2:])
            else:
                self._close_step()
                if self.pending_kind not in (None, "para"):
                    self._flush()
                self.pending_kind = "para"
                self.pending.append(line)
        self._close()
        if title is None:
            raise self.error("guide.source.no_title", 1)
        return GuideDocument(title, join_lines(lead), tuple(self.blocks), source)

    def _step_line(self, stripped: str) -> None:
        assert self.step is not None
        _, _, body, text = self.step
        if stripped.startswith("- "):
            self._flush_step_text()
            body.append(Bullet(stripped[2:].strip()))
        else:
            text.append(stripped)

    def _flush_step_text(self) -> None:
        if self.step is None:
            return
        _, _, body, text = self.step
        if text:
            body.append(Paragraph(join_lines(text)))
            text.clear()

    def _close_step(self) -> None:
        if self.step is None:
            return
        self._flush_step_text()
        number, title, body, _ = self.step
        self.blocks.append(Step(number, title, tuple(body)))
        self.step = None

    def _flush(self) -> None:
        if self.pending:
            text = join_lines(self.pending)
            self.blocks.append(Warning(text) if self.pending_kind == "warning" else Paragraph(text))
        self.pending = []
        self.pending_kind = None

    def _close(self) -> None:
        self._close_step()
        self._flush()
