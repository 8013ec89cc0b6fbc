"""The switch as the wizard applies it: the changes the user saw, applied to ``prefs.js``
as it is when Apply is pressed (a Thunderbird that quit meanwhile rewrote it), or
nothing when the changes themselves differ now; Undo by profile name."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.app_context import AppContext, MachineChoice
from assistant.detect.thunderbird.prefs import parse_prefs
from assistant.errors import AssistantError
from assistant.fixes.thunderbird_oauth import backups, plan_profiles
from assistant.fixes.thunderbird_switch import CHANGED_MEANWHILE, apply_shown, undo_switched
from assistant.i18n import Translator
from tests.thunderbird_samples import ACCOUNTS, write_profile, write_profiles_ini

NOW = datetime(2026, 12, 2, 9, 0).astimezone()


def linux_pc(tmp_path: Path) -> tuple[AppContext, Path]:
    folder = tmp_path / "root" / "home" / "u" / ".thunderbird"
    profile = write_profile(folder / "abcd.default-release", ACCOUNTS, version="115.6.0")
    write_profiles_ini(
        folder, "[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd.default-release\n"
    )
    machine = MachineChoice(root=str(tmp_path / "root"), platform="linux")
    return AppContext(machine, Translator("en")), profile


def auth(profile: Path) -> dict[str, object]:
    values = parse_prefs((profile / "prefs.js").read_bytes()).values()
    return {k: values.get(f"mail.{k}.authMethod") for k in ("server.server1", "smtpserver.smtp1")}


def test_the_changes_shown_are_applied_to_prefs_js_as_thunderbird_left_it(tmp_path: Path) -> None:
    context, profile = linux_pc(tmp_path)
    before = auth(profile)
    shown = plan_profiles(context.env, context.organization)
    with (profile / "prefs.js").open("a", encoding="utf-8") as f:  # Thunderbird quit
        f.write('user_pref("mail.shell.checkDefaultClient", false);\n')
    records = apply_shown(shown, context.organization, context.env, NOW)
    assert [(r.profile, r.servers) for r in records] == [("default-release", 2)]
    assert [context.env.shown_path(c) for c in backups(shown[0].profile)] == [records[0].copy]
    assert auth(profile) == {"server.server1": 10, "smtpserver.smtp1": 10}
    text = (profile / "prefs.js").read_text("utf-8")
    assert 'user_pref("mail.shell.checkDefaultClient", false);' in text  # kept
    assert undo_switched(["default-release"], context.env) == 1
    assert auth(profile) == before


def test_nothing_is_written_when_the_changes_differ_from_those_shown(tmp_path: Path) -> None:
    context, profile = linux_pc(tmp_path)
    shown = plan_profiles(context.env, context.organization)
    with (profile / "prefs.js").open("a", encoding="utf-8") as f:  # switched by hand meanwhile
        f.write('user_pref("mail.server.server1.authMethod", 10);\n')
    before = (profile / "prefs.js").read_bytes()
    with pytest.raises(AssistantError) as refused:
        apply_shown(shown, context.organization, context.env, NOW)
    assert refused.value.message.key == CHANGED_MEANWHILE
    assert (profile / "prefs.js").read_bytes() == before
    assert backups(shown[0].profile) == []  # no copy made: nothing was about to change


def test_a_profile_refused_half_way_puts_back_those_already_switched(tmp_path: Path) -> None:
    """Two profiles shown, the second refused when Apply writes it (marked read-only
    meanwhile): the first is put back, so nothing is switched that the page does not know."""
    folder = tmp_path / "root" / "home" / "u" / ".thunderbird"
    first = write_profile(folder / "aaaa.default-release", ACCOUNTS, version="115.6.0")
    second = write_profile(folder / "bbbb.work", ACCOUNTS, version="115.6.0")
    write_profiles_ini(
        folder,
        "[Profile0]\nName=default-release\nIsRelative=1\nPath=aaaa.default-release\n\n"
        "[Profile1]\nName=work\nIsRelative=1\nPath=bbbb.work\n",
    )
    context = AppContext(
        MachineChoice(root=str(tmp_path / "root"), platform="linux"), Translator("en")
    )
    shown = plan_profiles(context.env, context.organization)
    assert len(shown) == 2
    before = auth(first)
    (second / "prefs.js").chmod(0o444)
    with pytest.raises(AssistantError) as refused:
        apply_shown(shown, context.organization, context.env, NOW)
    assert refused.value.message.key == "fix.thunderbird.read_only"
    assert auth(first) == before
    assert auth(second) == before
