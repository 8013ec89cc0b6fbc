"""The wizard's Prepare and Back up pages on a Linux snapshot with Thunderbird: a backup
cancelled from its first progress report, a destination without enough space (a real
64 MiB tmpfs) or inside the mail data that blocks Next until another folder is chosen,
closing the window while a backup runs, an unexpected error, and the .ost files named as
not backed up (ported from the old backup dialog's tests)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.i18n import Translator
from assistant.journey import Step
from tests import test_backup_plan
from tests.conftest import write
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini
from tests.wizard_support import (
    WAIT_MS,
    grab,
    make_window,
    press_primary,
    screenshot_folder,
    wait_settled,
)

pytestmark = pytest.mark.gui
small_disk = test_backup_plan.small_disk  # a real 64 MiB tmpfs (the fixture, by name)
MIB = 1024 * 1024


def linux_pc(tmp_path: Path, lang: str, big: int) -> tuple[AppContext, Path]:
    """Thunderbird 115 with the university account and ``big`` bytes of mail."""
    root = tmp_path / "root"
    write(
        root / "usr/lib/thunderbird/application.ini", "[App]\nName=Thunderbird\nVersion=115.6.0\n"
    )
    folder = root / "home" / "u" / ".thunderbird"
    profile = write_profile(folder / "abcd.default-release", ACCOUNTS, version="115.6.0")
    write_profiles_ini(
        folder, "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\n"
    )
    block = os.urandom(MIB)
    with (profile / "Mail" / "Local Folders" / "Archive").open("wb") as f:
        for _ in range(big // MIB):
            f.write(block)
    machine = MachineChoice(root=str(root), platform="linux")
    return AppContext(machine, Translator(lang)), profile  # type: ignore[arg-type]


def to_prepare(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    to_prepare_of(qtbot, window, "thunderbird")


def to_prepare_of(qtbot, window, app: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):  # Welcome -> Check -> Choose (the app preselected) -> Prepare
        wait_settled(qtbot, window)
        if window.journey.current is Step.CHOOSE and app == "outlook-windows":
            window.pages[Step.CHOOSE].rules_buttons[1].click()  # "do you use rules?" no
        press_primary(qtbot, window)
    assert window.journey.current is Step.PREPARE and window.journey.chosen_app == app


def pick_destination(qtbot, window, folder: Path, pick_folder: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """On Prepare, "Change destination" picks the folder ``folder``; the plan follows."""
    pick_folder.append(folder)
    prepare = window.pages[Step.PREPARE]
    prepare.change_button.click()
    qtbot.waitUntil(lambda: prepare.plan is not None, timeout=WAIT_MS)


def choose_destination(qtbot, window, folder: Path, pick_folder: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """On Prepare, "Change destination" picks ``folder`` (made here); the plan follows."""
    folder.mkdir()
    pick_destination(qtbot, window, folder, pick_folder)


def restore_from_welcome(qtbot, window, backup: Path, pick_folder: list[Path], monkeypatch):  # type: ignore[no-untyped-def]
    """The Welcome page's Restore, ``backup`` picked and every question answered yes:
    what the user was asked, and what they were told at the end (empty: an error)."""
    from assistant.gui import dialogs

    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda p, t, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_info", lambda p, t, text: told.append(text))
    pick_folder.append(backup)
    window.pages[Step.WELCOME].restore.click()
    qtbot.waitUntil(lambda: bool(told) or window.error_panel.isVisible(), timeout=WAIT_MS)
    return asked, told


def to_backup_page(qtbot, context: AppContext, tmp_path: Path, pick_folder: list[Path]):  # type: ignore[no-untyped-def]
    """The Back up page, with a ``backups`` folder of tmp_path chosen on Prepare."""
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    dest = tmp_path / "backups"
    choose_destination(qtbot, window, dest, pick_folder)
    press_primary(qtbot, window)
    assert window.journey.current is Step.BACKUP
    return window, dest


@pytest.fixture
def pick_folder(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The folder picker answers the last folder put in the list."""
    from assistant.gui import dialogs

    answers: list[Path] = []
    monkeypatch.setattr(dialogs, "ask_folder", lambda *a: str(answers[-1]))
    yield answers


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_cancelled_backup_is_cancelled_and_can_start_again(
    qtbot, tmp_path: Path, pick_folder: list[Path], lang: str
) -> None:  # type: ignore[no-untyped-def]
    context, _profile = linux_pc(tmp_path, lang, big=192 * MIB)
    window, dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    page.progress_shown.connect(lambda _progress: page.cancel_button.click())
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        press_primary(qtbot, window)
    assert done.args[0].status == "cancelled"
    assert not window.journey.backups  # nothing recorded: the journey waits for a backup
    assert window.primary_button.text() == context.tr("gui.backup.start")
    assert window.primary_button.isEnabled() and not page.open_button.isVisible()
    assert list(dest.iterdir()) == []  # the unfinished folder is gone
    assert window.back_button.isEnabled()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_prepare_says_the_datas_size_apart_from_the_free_space_it_needs(
    qtbot, tmp_path: Path, pick_folder: list[Path], lang: str
) -> None:  # type: ignore[no-untyped-def]
    """A 1 MB profile: its size is said as the size to back up, and the free space the
    backup needs (the size and room for the file system: at least 16 MiB) apart from it,
    never as the size "needed"."""
    from assistant.backup.plan import margin_bytes
    from assistant.sizes import human_size

    context, _profile = linux_pc(tmp_path, lang, big=MIB)
    tr = context.tr
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    choose_destination(qtbot, window, tmp_path / "backups", pick_folder)
    plan = window.pages[Step.PREPARE].plan
    assert MIB < plan.bytes < 2 * MIB  # the Archive and the profile's few small files
    assert plan.needed_bytes >= plan.bytes + margin_bytes(plan.bytes)
    size, needed = human_size(plan.bytes), human_size(plan.needed_bytes)
    assert size == "1.0 MB" and needed != size
    lines = window.pages[Step.PREPARE].space.text().splitlines()
    assert lines == [
        tr("wizard.prepare.space.size", size=size),
        tr("wizard.prepare.space.needed", needed=needed),
        tr("wizard.prepare.space.free", free=human_size(plan.free_bytes)),
    ]
    if lang == "ja":
        assert lines[0] == "バックアップするデータ：1.0 MB"
        assert lines[1].startswith(f"必要な空き容量：{needed}（ファイルシステム")
    else:
        assert lines[0] == "Size to back up: 1.0 MB"
        assert lines[1] == f"Free space needed: {needed} (with room for the file system)"


def test_not_enough_space_blocks_next_until_another_folder(
    qtbot, tmp_path: Path, tmp_path_factory, small_disk: Path, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    context, _profile = linux_pc(tmp_path, "en", big=80 * MIB)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    prepare = window.pages[Step.PREPARE]
    pick_folder.append(small_disk)
    prepare.change_button.click()
    qtbot.waitUntil(lambda: prepare.refusal is not None, timeout=WAIT_MS)
    refused = window.error_sentence(prepare.refusal)
    assert "not enough" in refused.lower() or "space" in refused.lower()
    assert window.error_panel.sentence.text() == refused
    assert not window.primary_button.isEnabled()
    assert window.error_panel.isVisible()
    assert "0568-51-4371" in window.error_panel.contact.text()
    grab(window, screenshot_folder(tmp_path_factory), "en-4-prepare-not-enough-space")
    roomy = tmp_path / "roomy"
    roomy.mkdir()
    pick_folder.append(roomy)
    prepare.change_button.click()
    qtbot.waitUntil(window.primary_button.isEnabled, timeout=WAIT_MS)
    assert not window.error_panel.isVisible()


def test_restore_from_the_welcome_page_puts_the_backup_back(
    qtbot, tmp_path: Path, pick_folder: list[Path], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    context, profile = linux_pc(tmp_path, "en", big=MIB)
    window, _dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS):
        press_primary(qtbot, window)
    backup = Path(window.journey.backups[0].folder)
    original = (profile / "prefs.js").read_bytes()
    (profile / "prefs.js").write_text("// broken by a bad change\n", encoding="utf-8")

    for _ in range(4):  # back to the Welcome page
        window.back_button.click()
    assert window.journey.current is Step.WELCOME
    asked, told = restore_from_welcome(qtbot, window, backup, pick_folder, monkeypatch)
    assert told and not window.busy, window.error_panel.sentence.text()
    assert "/home/u/.thunderbird/abcd.default-release" in asked[0]  # shown before asked
    assert (profile / "prefs.js").read_bytes() == original
    aside = [p for p in profile.parent.iterdir() if p.name.startswith(profile.name + ".")]
    assert aside  # what was there is kept, moved aside


def test_closing_while_backing_up_asks_then_cancels_and_closes(
    qtbot, tmp_path: Path, pick_folder: list[Path], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import dialogs
    from tests.backup_support import snapshot

    context, profile = linux_pc(tmp_path, "ja", big=192 * MIB)
    before = snapshot(profile)
    window, dest = to_backup_page(qtbot, context, tmp_path, pick_folder)
    page = window.pages[Step.BACKUP]
    answers = iter([False, True])  # "No" keeps it running; then "Yes"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_yes_no", lambda p, t, text: asked.append(text) or next(answers)
    )

    def close_window(_progress: object) -> None:
        if not asked:  # from the first report: No, then Yes
            window.close()
            assert window.isVisible() and window.busy  # never gone while the backup runs
            window.close()
            assert window.isVisible()  # gone once the cancelled backup has cleaned up

    page.progress_shown.connect(close_window)
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        press_primary(qtbot, window)
    assert len(asked) == 2 and "中止して終了しますか" in asked[0]
    assert done.args[0].status == "cancelled"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert list(dest.iterdir()) == []  # the unfinished folder is gone
    assert snapshot(profile) == before


def test_a_destination_inside_the_mail_data_is_refused_with_the_sentence(
    qtbot, tmp_path: Path, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    context, profile = linux_pc(tmp_path, "en", big=MIB)
    window = make_window(qtbot, context, tmp_path)
    to_prepare(qtbot, window)
    prepare = window.pages[Step.PREPARE]
    pick_folder.append(profile / "Mail")
    prepare.change_button.click()
    qtbot.waitUntil(lambda: prepare.refusal is not None, timeout=WAIT_MS)
    refused = window.error_sentence(prepare.refusal)
    assert "is inside the source" in refused and "Traceback" not in refused
    assert window.error_panel.isVisible() and not window.primary_button.isEnabled()


def test_an_unexpected_backup_error_names_the_log(
    qtbot, tmp_path: Path, pick_folder: list[Path], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from assistant.gui import backup_run
    from assistant.logsetup import log_file

    context, _profile = linux_pc(tmp_path, "en", big=MIB)
    window, dest = to_backup_page(qtbot, context, tmp_path, pick_folder)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(backup_run, "plan_backup", broken)
    press_primary(qtbot, window)
    page = window.pages[Step.BACKUP]
    qtbot.waitUntil(lambda: page.error.isVisible() and not window.busy, timeout=WAIT_MS)
    sentence = page.error.sentence.text()
    assert str(log_file()) in sentence and "a bug" not in sentence
    assert not window.journey.backups and list(dest.iterdir()) == []


def test_the_osts_are_named_as_not_backed_up(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from assistant.detect.facts import DataStore

    context = AppContext(MachineChoice(demo=True), Translator("ja"))
    real_diagnose = context.diagnose
    ost = tmp_path / "taro@example.ost"
    ost.write_bytes(b"!BDN" + bytes(4092))

    def with_an_ost(backed_up=()):  # type: ignore[no-untyped-def]
        d = real_diagnose(backed_up)
        d.facts.data_stores.append(DataStore("outlook-windows", "ost", str(ost), 4096))
        return d

    context.diagnose = with_an_ost  # type: ignore[method-assign]
    window = make_window(qtbot, context, tmp_path)
    to_prepare_of(qtbot, window, "outlook-windows")
    what = window.pages[Step.PREPARE].what.text()
    assert "（.ost）はサーバー上のメールのコピーのため、バックアップしません" in what
    assert ".pst" in what and str(ost) not in what


def test_a_destination_the_onedrive_client_syncs_is_warned_about_whatever_its_name(
    qtbot, tmp_path: Path, pick_folder: list[Path]
) -> None:  # type: ignore[no-untyped-def]
    """The synced-folder warning is the backup plan's verdict (OneDrive's own variable
    names its folder, here one not called OneDrive), not the page's guess from names."""
    from dataclasses import replace

    context = AppContext(MachineChoice(demo=True), Translator("en"))
    window = make_window(qtbot, context, tmp_path)
    to_prepare_of(qtbot, window, "outlook-windows")
    prepare = window.pages[Step.PREPARE]
    home = tmp_path / "home"
    synced, plain = home / "Work Sync" / "Backups", home / "Backups"
    for folder in (synced, plain):
        folder.mkdir(parents=True)
    context.env = replace(  # the user's OneDrive client keeps its folder at %USERPROFILE%\Work Sync
        context.env, home=home, environ=(("OneDriveCommercial", "%USERPROFILE%\\Work Sync"),)
    )
    pick_destination(qtbot, window, synced, pick_folder)
    assert prepare.synced.isVisible()
    assert prepare.synced.text() == context.tr("wizard.prepare.synced", service="OneDrive")
    assert "OneDrive" not in prepare.warnings.text()  # said once, above
    pick_destination(qtbot, window, plain, pick_folder)
    assert not prepare.synced.isVisible()
