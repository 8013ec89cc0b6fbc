"""The backup's progress as a screen reader and a user see it: a bar and labelled figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar, QVBoxLayout

from assistant.backup.sentences import ProgressFigures

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | (
    Qt.TextInteractionFlag.TextSelectableByKeyboard
)


def selectable_label(accessible_name: str, text: str = "") -> QLabel:
    """Plain, wrapped text the user can select and copy (for the helpdesk)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(SELECTABLE)
    label.setAccessibleName(accessible_name)
    return label


class BackupProgressView(QGroupBox):
    """Bytes (bar and figures), files, speed, time left, the file being copied."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setAccessibleName(title)
        self.size_line = selectable_label(title)
        self.files_line = selectable_label(title)
        self.speed_line = selectable_label(title)
        self.time_line = selectable_label(title)
        self.current_line = selectable_label(title)
        self.current_line.setWordWrap(False)
        self.current_line.setMinimumWidth(1)  # a long file name is elided, never widens
        figures = QGridLayout()
        figures.addWidget(self.size_line, 0, 0)
        figures.addWidget(self.files_line, 0, 1)
        figures.addWidget(self.speed_line, 1, 0)
        figures.addWidget(self.time_line, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(figures)
        layout.addWidget(self.current_line)

    def reset(self) -> None:
        """A backup starts: the bar is busy until the first report (the files are being
        counted) and no figure line is shown yet. (Empty lines kept their room: a tall
        empty band under the bar until the first report, and after a backup that ended
        before one.)"""
        self.bar.setRange(0, 0)
        self.bar.setAccessibleDescription("")
        for label in self._lines:
            label.setText("")
            label.setVisible(False)

    @property
    def _lines(self) -> tuple[QLabel, ...]:
        return (self.size_line, self.files_line, *self._moving)

    @property
    def _moving(self) -> tuple[QLabel, ...]:
        return (self.speed_line, self.time_line, self.current_line)

    def show_figures(self, figures: ProgressFigures) -> None:
        self.bar.setRange(0, 100)
        self.bar.setValue(figures.percent)
        self.bar.setAccessibleDescription(figures.summary)
        self.size_line.setText(figures.size)
        self.files_line.setText(figures.files)
        self.speed_line.setText(figures.speed)
        self.time_line.setText(figures.time_left)
        elided = self.current_line.fontMetrics().elidedText(
            figures.current, Qt.TextElideMode.ElideMiddle, max(self.current_line.width(), 100)
        )
        self.current_line.setText(elided)
        self.current_line.setToolTip(figures.current)
        self.current_line.setAccessibleDescription(figures.current)
        for label in self._lines:  # a line with nothing to say takes no room
            label.setVisible(bool(figures.current) if label is self.current_line else True)

    def ended(self, completed: bool) -> None:
        """Nothing moves any more: speed, time left and the current file go; the
        figures reached stay (all of them, or where a cancel stopped)."""
        self.bar.setRange(0, 100)  # busy no more, even if no report came
        if completed:
            self.bar.setValue(100)
        for label in self._moving:
            label.setVisible(False)
