"""Every message box and file dialog behind one small module, so tests can replace them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

_open_boxes: list[QMessageBox] = []  # boxes without a parent, kept alive while shown


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A warning box showing ``text`` as plain text (file names and policy values are
    never markup). It does not block: the caller carries on (an offscreen smoke test
    ends instead of waiting for a click that never comes)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _open_boxes.append(box)
        box.finished.connect(lambda _result: _open_boxes.remove(box))
    box.open()


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str, filters: str
) -> tuple[str, str]:
    """(path, chosen filter); path is empty when the user cancelled."""
    return QFileDialog.getSaveFileName(parent, title, suggested, filters)


def ask_folder(parent: QWidget | None, title: str, start: str) -> str:
    """A folder the user picked; empty when they cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, start)


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """True when the user answered Yes (No is the default: Enter does not confirm)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)
