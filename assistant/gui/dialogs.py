"""Every message box and file dialog behind one small module, so tests can replace them."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def ask_save_path(
    parent: QWidget | None, title: str, suggested: str, filters: str
) -> tuple[str, str]:
    """(path, chosen filter); path is empty when the user cancelled."""
    return QFileDialog.getSaveFileName(parent, title, suggested, filters)
