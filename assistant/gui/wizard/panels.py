"""The wizard's larger pieces, built when a page first needs them: an app card, a
collapsible section, the red error state (icon, sentence, contact, Details)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.gui.wizard.widgets import colour, label, set_level, set_text


class Collapsible(QWidget):
    """A button that shows or hides its content (the helpdesk details, an error's details)."""

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.button = QToolButton()
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setArrowType(Qt.ArrowType.RightArrow)
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.toggled.connect(self._toggled)
        self.body = label()
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.body.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.body)
        self.set_title(title)

    def set_title(self, title: str) -> None:
        self.button.setText(title)
        self.button.setAccessibleName(title)

    def set_body(self, text: str) -> None:
        set_text(self.body, text)
        self.setVisible(bool(text))

    def _toggled(self, shown: bool) -> None:
        self.body.setVisible(shown)
        self.button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)


class Card(QFrame):
    """One app: a mark and a word in the severity's colour, what happens, the details."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = label(heading=True)
        self.verdict = label()
        self.verdict.setWordWrap(False)  # the short word stays whole; the title wraps
        self.text = label()
        self.details = Collapsible()
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.verdict, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.text)
        layout.addWidget(self.details)

    def show_card(
        self,
        title: str,
        level: str,
        word: str,
        sentences: list[str],
        details_title: str,
        details: list[str],
    ) -> None:
        set_text(self.title, title)
        set_text(self.verdict, word)
        set_level(self.verdict, level)
        set_text(self.text, "\n".join(sentences))
        self.text.setVisible(bool(sentences))
        self.details.set_title(details_title)
        self.details.set_body("\n".join(details))
        self.setAccessibleName(f"{title}: {word}")
        self.setAccessibleDescription("\n".join(sentences))
        self.setStyleSheet(
            f"Card {{ border: 1px solid {colour(level)}; border-left: 6px solid {colour(level)}; }}"
        )


class ErrorPanel(QFrame):
    """The red state: an icon, one sentence, what to do now (when a page says it), the
    helpdesk contact, a Details expander. A screen reader reads each once, from its own
    label: the box is not named after them (that said the sentence twice)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        style = QApplication.style()
        icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        self.icon.setPixmap(icon.pixmap(32, 32))
        self.sentence = label()
        self.then = label()  # what to do now: the page's own box says it under the sentence
        self.then.setVisible(False)
        self.contact = label()
        self.details = Collapsible()
        text = QVBoxLayout()
        text.addWidget(self.sentence)
        text.addWidget(self.then)
        text.addWidget(self.contact)
        text.addWidget(self.details)
        layout = QHBoxLayout(self)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self.setVisible(False)

    def show_error(self, sentence: str, contact: str, details_title: str, details: str) -> None:
        set_text(self.sentence, sentence)
        set_level(self.sentence, "blocked")
        set_text(self.contact, contact)
        self.details.set_title(details_title)
        self.details.set_body(details)
        self.setStyleSheet(f"ErrorPanel {{ border: 2px solid {colour('blocked')}; }}")
        self.setVisible(True)

    def show_then(self, text: str) -> None:
        """What the user can do now, under the sentence ("" for nothing)."""
        set_text(self.then, text)
        self.then.setVisible(bool(text))

    def clear(self) -> None:
        self.setVisible(False)
