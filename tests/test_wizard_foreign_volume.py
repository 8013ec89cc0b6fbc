"""The wizard's Prepare page with a real FAT32 stick as the destination: what the plan
says of it (no size reported, no permissions) is on the page before the backup starts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from foreign_fs import foreign_volume

from assistant.journey import Step
from tests.test_wizard_backup import linux_pc, pick_folder, to_prepare  # noqa: F401
from tests.wizard_support import WAIT_MS, grab, make_window, screenshot_folder, wait_settled

pytestmark = pytest.mark.gui


@pytest.fixture
def fat32(tmp_path: Path) -> Iterator[Path]:
    with foreign_volume("fat32", tmp_path / "mnt") as point:
        yield point


def test_prepare_says_what_a_fat32_stick_cannot_do(
    qtbot,
    tmp_path: Path,
    tmp_path_factory,
    fat32: Path,
    pick_folder: list[Path],  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    context, _ = linux_pc(tmp_path, "ja", big=1024 * 1024)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    prepare = window.pages[Step.PREPARE]
    pick_folder.append(fat32)
    prepare.change_button.click()
    qtbot.waitUntil(
        lambda: prepare.plan is not None and prepare.plan.volume is not None, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: prepare.plan.volume.fs_type == "fat32", timeout=WAIT_MS)
    wait_settled(qtbot, window)
    text = prepare.warnings.text()
    assert "空き容量を調べられませんでした" in text
    assert "アクセス権の設定がない" in text and "FAT32" in text
    assert "不明" in prepare.space.text()  # free space: unknown, not 0 B
    grab(window, screenshot_folder(tmp_path_factory), "ja-4-prepare-fat32-stick")
