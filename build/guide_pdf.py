"""Lays a parsed guide out as an A4 PDF with fpdf2 (build time only, not shipped).

Japanese needs its own line breaking: fpdf2 wraps at spaces, and Japanese has none.
``break_lines`` cuts between any two Japanese characters and at spaces, keeps Latin
words whole, and follows the basic kinsoku rules (no line starts with 、。」) etc., no
line ends with 「（ etc.).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from assistant.guides.source import Bullet, GuideDocument, Heading, Paragraph, Step, Warning

FONT = "NotoSansJP"
# Lines never start with these (closing brackets, Japanese punctuation, small kana) ...
NO_LINE_START = set(
    "、。，．,.:;!?！？：；・」』）］｝〉》】〕’”)]}>ー～…‥ゝゞヽヾ々"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ%"
)
# ... and never end with these (opening brackets).
NO_LINE_END = set("「『（［｛〈《【〔‘“([{")

INK = (33, 37, 41)
ACCENT = (0, 94, 160)
MUTED = (96, 104, 112)
WARN_FILL = (255, 244, 229)
WARN_BAR = (214, 110, 0)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x30FF
        or 0x3400 <= code <= 0x9FFF
        or 0xFF00 <= code <= 0xFFEF
        or 0xF900 <= code <= 0xFAFF
    )


@dataclass
class Atom:
    text: str
    bold: bool
    space: bool = False  # a break opportunity that disappears at a line end


def atoms(text: str) -> list[Atom]:
    """Text with ``**bold**`` cut into the smallest pieces a line may break between."""
    out: list[Atom] = []
    for i, run in enumerate(text.split("**")):
        bold = i % 2 == 1
        word = ""
        for ch in run:
            if ch == " ":
                if word:
                    out.append(Atom(word, bold))
                    word = ""
                out.append(Atom(" ", bold, space=True))
            elif _is_cjk(ch):
                if word:
                    out.append(Atom(word, bold))
                    word = ""
                out.append(Atom(ch, bold))
            else:
                word += ch
        if word:
            out.append(Atom(word, bold))
    return out


def _glued(prev: Atom, nxt: Atom) -> bool:
    """No line break allowed between ``prev`` and ``nxt``."""
    if prev.space or nxt.space:
        return False
    if nxt.text[0] in NO_LINE_START or prev.text[-1] in NO_LINE_END:
        return True
    # Two Latin pieces that touch (a word split by a bold marker) stay together.
    return not _is_cjk(prev.text[-1]) and not _is_cjk(nxt.text[0])


Measure = Callable[[str, bool], float]


def break_lines(text: str, width: float, measure: Measure) -> list[list[Atom]]:
    """Lines of at most ``width``; a paragraph does not end on a line of one or two
    characters (「い。」 alone) when a slightly narrower measure avoids it."""
    lines = _greedy(text, width, measure)
    em = measure("あ", False)
    for narrower in (1, 2, 3):
        if len(lines) < 2 or len("".join(a.text for a in lines[-1]).strip()) > 2:
            break
        retry = _greedy(text, width - narrower * em, measure)
        if len(retry) == len(lines) and all(x[0].text[0] not in NO_LINE_START for x in retry[1:]):
            lines = retry
    return lines


def _greedy(text: str, width: float, measure: Measure) -> list[list[Atom]]:
    """Greedy line filling over unbreakable groups of atoms."""
    groups: list[list[Atom]] = []
    glue_next = False  # the last group ends in an opening bracket and a space
    for atom in atoms(text):
        if groups and glue_next:
            groups[-1].append(atom)
            glue_next = atom.space
        elif atom.space:
            last = groups[-1][-1] if groups else None
            if last is not None and not last.space and last.text[-1] in NO_LINE_END:
                groups[-1].append(atom)
                glue_next = True
            else:
                groups.append([atom])
        elif groups and all(a.space for a in groups[-1]) and atom.text[0] in NO_LINE_START:
            spaces: list[Atom] = []  # "word 」": the spaces may not become a line break
            while groups and all(a.space for a in groups[-1]):
                spaces = groups.pop() + spaces
            if groups:
                groups[-1].extend([*spaces, atom])
            else:
                groups.append([*spaces, atom])
        elif groups and not groups[-1][-1].space and _glued(groups[-1][-1], atom):
            groups[-1].append(atom)
        else:
            groups.append([atom])
    lines: list[list[Atom]] = [[]]
    used = 0.0
    for group in groups:
        w = sum(measure(a.text, a.bold) for a in group)
        if all(a.space for a in group):
            if lines[-1]:
                lines[-1].append(group[0])
                used += w
            continue
        if used + w > width and lines[-1]:
            while lines[-1] and lines[-1][-1].space:
                lines[-1].pop()
            lines.append([])
            used = 0.0
        if w > width:  # longer than a whole line (a long URL): cut by characters
            for atom in group:
                for ch in atom.text:
                    cw = measure(ch, atom.bold)
                    if used + cw > width and lines[-1]:
                        lines.append([])
                        used = 0.0
                    lines[-1].append(Atom(ch, atom.bold))
                    used += cw
            continue
        lines[-1].extend(group)
        used += w
    while lines[-1] and lines[-1][-1].space:
        lines[-1].pop()
    return [line for line in lines if line]


@dataclass(frozen=True)
class Labels:
    """The few words the layout adds itself, per language."""

    caution: str
    page: str  # "{page} / {pages}"
    helpdesk: str  # footer line


class GuidePdf(FPDF):
    def __init__(self, document: GuideDocument, org_line: str, labels: Labels, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        self.org_line = org_line
        self.labels = labels
        self.lang = lang
        self.line_ratio = 1.75 if lang == "ja" else 1.45
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(auto=False)

    # -- page furniture -------------------------------------------------------------
    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(self.epw * 0.8, 5, self.labels.helpdesk)
        page = self.labels.page.format(page=self.page_no(), pages="{nb}")
        self.cell(self.epw * 0.2, 5, page, align="R")

    # -- text -----------------------------------------------------------------------
    def measure(self, size: float) -> Measure:
        def width(text: str, bold: bool) -> float:
            self.set_font(FONT, "B" if bold else "", size)
            return float(self.get_string_width(text))

        return width

    def text_lines(self, text: str, width: float, size: float) -> list[list[Atom]]:
        return break_lines(text, width, self.measure(size))

    def line_height(self, size: float) -> float:
        return size * 0.3528 * self.line_ratio

    def text_height(self, text: str, width: float, size: float) -> float:
        return len(self.text_lines(text, width, size)) * self.line_height(size)

    def draw_text(
        self, text: str, x: float, width: float, size: float, color: tuple[int, int, int] = INK
    ) -> None:
        height = self.line_height(size)
        self.set_text_color(*color)
        for line in self.text_lines(text, width, size):
            self.set_x(x)
            run, bold = "", line[0].bold
            for atom in [*line, Atom("", not line[-1].bold)]:
                if atom.bold != bold and run:
                    self.set_font(FONT, "B" if bold else "", size)
                    self.cell(self.get_string_width(run), height, run)
                    run = ""
                bold = atom.bold
                run += atom.text
            self.ln(height)

    # -- blocks ---------------------------------------------------------------------
    def room(self) -> float:
        return self.h - 20 - self.get_y()

    def ensure(self, height: float) -> None:
        if height > self.room():
            self.add_page()

    def title_block(self) -> None:
        self.set_fill_color(*ACCENT)
        self.rect(0, 0, self.w, 6, style="F")
        self.set_y(14)
        self.set_font(FONT, "", 9)
        self.set_text_color(*MUTED)
        self.cell(self.epw, 5, self.org_line)
        self.ln(7)
        self.draw_text(self.document.title, self.l_margin, self.epw, 18, ACCENT)
        self.ln(2)
        if self.document.lead:
            self.draw_text(self.document.lead, self.l_margin, self.epw, 10.5, MUTED)
        self.ln(3)

    def heading(self, block: Heading, first_after: float) -> None:
        self.ensure(self.block_height(block) + first_after)
        self.ln(3)
        self.draw_text(block.text, self.l_margin, self.epw, 13, ACCENT)
        y = self.get_y() + 0.5
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.line(self.l_margin, y, self.l_margin + self.epw, y)
        self.ln(3)

    def paragraph(self, text: str, x: float, width: float, size: float = 10) -> None:
        self.ensure(min(self.text_height(text, width, size), 3 * self.line_height(size)))
        self.draw_text(text, x, width, size)
        self.ln(1.5)

    def bullet(self, text: str, x: float, width: float, size: float = 10) -> None:
        self.ensure(self.line_height(size) * 2)
        y = self.get_y()
        self.set_font(FONT, "", size)
        self.set_text_color(*ACCENT)
        self.set_xy(x, y)
        self.cell(4, self.line_height(size), "•")
        self.set_y(y)
        self.draw_text(text, x + 4, width - 4, size)
        self.ln(0.8)

    def warning(self, block: Warning) -> None:
        size, pad = 10, 3.0
        width = self.epw - 2 * pad - 2
        label_h = self.line_height(size)
        height = label_h + self.text_height(block.text, width, size) + 2 * pad
        self.ensure(height + 2)
        x, y = self.l_margin, self.get_y()
        self.set_fill_color(*WARN_FILL)
        self.rect(x, y, self.epw, height, style="F")
        self.set_fill_color(*WARN_BAR)
        self.rect(x, y, 1.5, height, style="F")
        self.set_xy(x + pad + 2, y + pad)
        self.set_font(FONT, "B", size)
        self.set_text_color(*WARN_BAR)
        self.cell(width, label_h, self.labels.caution)
        self.set_y(y + pad + label_h)
        self.draw_text(block.text, x + pad + 2, width, size)
        self.set_y(y + height + 3)

    def block_height(self, block: Heading | Paragraph | Bullet | Warning | Step) -> float:
        """The height a block needs to stay on one page (a long step: title and the
        first lines only)."""
        if isinstance(block, Step):
            width = self.epw - 10.0
            title_h = self.text_height(block.title, width, 11)
            body_h = sum(
                self.text_height(p.text, width - (4 if isinstance(p, Bullet) else 0), 10) + 1.5
                for p in block.body
            )
            whole = title_h + body_h + 3
            return whole if whole < 80 else title_h + 3 * self.line_height(10) + 3
        if isinstance(block, Warning):
            width = self.epw - 8
            return self.line_height(10) + self.text_height(block.text, width, 10) + 8
        if isinstance(block, Heading):
            return self.text_height(block.text, self.epw, 13) + 7
        return min(self.text_height(block.text, self.epw, 10), 3 * self.line_height(10))

    def section_start_height(
        self, rest: tuple[Heading | Paragraph | Bullet | Warning | Step, ...]
    ) -> float:
        """What must follow a heading on its page: the first block, or a whole run of
        bullets (a short list is not split from its heading)."""
        if not rest:
            return 0.0
        if not isinstance(rest[0], Bullet):
            return self.block_height(rest[0])
        run: list[Bullet] = []
        for block in rest:
            if not isinstance(block, Bullet):
                break
            run.append(block)
        whole = sum(self.text_height(b.text, self.epw - 4, 10) + 0.8 for b in run)
        return whole if whole < 60 else self.block_height(rest[0])

    def step(self, block: Step) -> None:
        indent, size = 10.0, 11.0
        width = self.epw - indent
        self.ensure(self.block_height(block))
        self.ln(1.5)
        y = self.get_y()
        radius = 3.2
        cx, cy = self.l_margin + radius, y + self.line_height(size) / 2
        self.set_fill_color(*ACCENT)
        self.circle(cx, cy, radius, style="F")
        self.set_font(FONT, "B", 9 if block.number < 10 else 8)
        self.set_text_color(255, 255, 255)
        self.set_xy(cx - radius, cy - radius)
        self.cell(2 * radius, 2 * radius, str(block.number), align="C")
        self.set_y(y)
        self.draw_text(f"**{block.title}**", self.l_margin + indent, width, size)
        self.ln(0.8)
        for part in block.body:
            if isinstance(part, Bullet):
                self.bullet(part.text, self.l_margin + indent, width)
            else:
                self.paragraph(part.text, self.l_margin + indent, width)

    def render(self) -> None:
        self.add_page()
        self.title_block()
        blocks = self.document.blocks
        for i, block in enumerate(blocks):
            if isinstance(block, Heading):
                self.heading(block, self.section_start_height(blocks[i + 1 :]))
            elif isinstance(block, Step):
                self.step(block)
            elif isinstance(block, Warning):
                self.warning(block)
            elif isinstance(block, Bullet):
                self.bullet(block.text, self.l_margin, self.epw)
            elif isinstance(block, Paragraph):
                self.paragraph(block.text, self.l_margin, self.epw)


def render_pdf(
    document: GuideDocument,
    *,
    font_regular: tuple[Path, int],
    font_bold: tuple[Path, int],
    org_line: str,
    author: str,
    labels: Labels,
    language: str,
    keywords: str,
    created: dt.datetime,
    out: Path,
) -> None:
    pdf = GuidePdf(document, org_line, labels, language)
    pdf.add_font(FONT, "", str(font_regular[0]), collection_font_number=font_regular[1])
    pdf.add_font(FONT, "B", str(font_bold[0]), collection_font_number=font_bold[1])
    pdf.set_lang(language)
    pdf.set_title(document.title.replace("**", ""))
    pdf.set_author(author)
    pdf.set_subject(document.lead.replace("**", ""))
    pdf.set_keywords(keywords)
    pdf.set_creator("Mail Migration Assistant (build/build_guides.py)")
    pdf.set_creation_date(created)
    pdf.alias_nb_pages()
    pdf.render()
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out))
