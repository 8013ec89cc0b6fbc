"""Paths as the diagnosed machine shows them (issue 11): on a Linux snapshot the backup's
destination and the backup folder read ``/home/u/Documents/…`` on Prepare, Back up,
Done and in the restore's question, never the host folder the snapshot sits in."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.journey import Step
from tests.test_wizard_backup import (
    MIB,
    choose_destination,
    linux_pc,
    pick_folder,
    restore_from_welcome,
    to_prepare,
)
from tests.wizard_support import (
    WAIT_MS,
    grab,
    make_window,
    press_primary,
    screenshot_folder,
    visible_texts,
    wait_settled,
)

pytestmark = pytest.mark.gui
pick_folder = pick_folder  # the fixture, by name


def host_paths(window, host: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """The visible texts (and the names a screen reader says) naming the host folder."""
    from PySide6.QtWidgets import QWidget

    names = [w.accessibleName() for w in window.findChildren(QWidget) if w.isVisibleTo(window)]
    return [text for text in visible_texts(window) + names if str(host) in text]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_linux_snapshots_backup_is_shown_where_the_machine_has_it(
    qtbot, tmp_path: Path, tmp_path_factory, pick_folder: list[Path], monkeypatch, lang: str
) -> None:  # type: ignore[no-untyped-def]

    context, _profile = linux_pc(tmp_path, lang, big=MIB)
    root = tmp_path / "root"
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    wait_settled(qtbot, window)
    prepare = window.pages[Step.PREPARE]
    assert Path(window.journey.destination) == root / "home/u/Documents"  # the default
    assert "/home/u/Documents" in prepare.destination.text()
    assert host_paths(window, root) == []
    assert "/home/u/.thunderbird/abcd.default-release" in prepare.what.text()
    shots = screenshot_folder(tmp_path_factory)
    grab(window, shots, f"{lang}-4-prepare-linux-snapshot")

    press_primary(qtbot, window)
    page = window.pages[Step.BACKUP]
    assert "/home/u/Documents" in page.where.text()
    assert host_paths(window, root) == []
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS):
        press_primary(qtbot, window)
    folder = Path(window.journey.backups[0].folder)
    assert folder.parent == root / "home/u/Documents" and folder.is_dir()  # where it is
    shown = "/home/u/Documents/" + folder.name
    assert shown in page.result.text()
    assert host_paths(window, root) == []
    grab(window, shots, f"{lang}-5-backup-done-linux-snapshot")

    window.journey.current = Step.DONE
    window.show_step(Step.DONE)
    done = window.pages[Step.DONE]
    assert done.texts["backup"].text() == shown
    assert host_paths(window, root) == []

    window.journey.current = Step.WELCOME
    window.show_step(Step.WELCOME)
    wait_settled(qtbot, window)
    asked, told = restore_from_welcome(qtbot, window, folder, pick_folder, monkeypatch)
    assert shown in asked[0] and str(root) not in asked[0]
    assert told, window.error_panel.sentence.text()
    assert "/home/u/.thunderbird/abcd.default-release" in told[0]  # put back there
    assert str(root) not in told[0]


def test_a_folder_outside_the_snapshot_is_shown_as_it_is(
    qtbot, tmp_path: Path, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    """A destination the user picked outside the snapshot is a real folder of this
    computer: shown whole, as it is."""
    context, _profile = linux_pc(tmp_path, "en", big=MIB)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    elsewhere = tmp_path / "elsewhere"
    choose_destination(qtbot, window, elsewhere, pick_folder)
    assert str(elsewhere) in window.pages[Step.PREPARE].destination.text()
