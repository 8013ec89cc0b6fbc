"""The wizard's small pieces: plain-text labels and colours that follow the palette
(dark mode stays readable). Cards and the error state are in ``panels.py``.

Every text from the core or the organisation profile is shown as plain text: a policy
value with HTML in it is shown as written, never rendered.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication, QLabel

# Texts can be selected with the mouse (to copy for the helpdesk); only the helpdesk
# details also take the keyboard focus: every sentence a Tab stop would bury the buttons.
# The first two are set as the labels' Qt properties by value (Qt::PlainText,
# Qt::TextSelectableByMouse): the first page is then painted before PySide builds the
# Python enums of the whole Qt namespace (about 90 of them, some 30 ms), which any
# ``Qt.…`` value would build at once. A test keeps these equal to Qt's values.
PLAIN_TEXT = 0
SELECTABLE_BY_MOUSE = 1

# Severity colours on a light and on a dark window; each pair keeps a contrast of at
# least 4.5:1 with the palette's window colour (#ffffff / #1e1e1e and near).
COLOURS = {
    "ok": ("#1b6e20", "#7ee787"),
    "change": ("#8a4b00", "#f0b429"),
    "blocked": ("#a31515", "#ff8a80"),
    "unknown": ("#4d4d4d", "#c8c8c8"),
}


def dark_palette() -> bool:
    from PySide6.QtGui import QPalette  # not before the first page: colours come later

    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colour(level: str) -> str:
    light, dark = COLOURS.get(level, COLOURS["unknown"])
    return dark if dark_palette() else light


def plain(text: str) -> str:
    """A button's text without its mnemonic (``(&N)`` in Japanese, ``&`` in English): the
    name a screen reader says."""
    return re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def label(text: str = "", *, heading: bool = False, selectable: bool = True) -> QLabel:
    """Plain, wrapped text; its accessible name is its own text (kept so by ``set_text``)."""
    widget = QLabel()
    widget.setProperty("textFormat", PLAIN_TEXT)
    widget.setWordWrap(True)
    if selectable:
        widget.setProperty("textInteractionFlags", SELECTABLE_BY_MOUSE)
    if heading:
        font = widget.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        widget.setFont(font)
    set_text(widget, text)
    return widget


def set_text(widget: QLabel, text: str) -> None:
    widget.setText(text)
    widget.setAccessibleName(text)


def set_level(widget: QLabel, level: str) -> None:
    widget.setStyleSheet(f"color: {colour(level)}; font-weight: bold;")
