"""Switch a Thunderbird profile's Exchange Online servers to OAuth2, safely and reversibly.

Only the organisation's Exchange Online hosts change (``authMethod`` 10); the line is
added where it was absent (sorted, as Thunderbird writes), and every other byte of
``prefs.js`` stays as it was. Refuses while Thunderbird uses the profile, when
``prefs.js`` has anything it cannot read with certainty, and when ``user.js`` would
override the change. Before writing: a timestamped copy beside ``prefs.js``, named in
our record (``prefs_copies``); writing: ``user_file.replace_user_file`` (owner, group and
mode kept, a link written at its target, flushed through a writable handle, atomic);
then the file is read back and verified (on a mismatch the copy goes back).
"""

from __future__ import annotations

import difflib
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.datafile import PREFS_LIMIT, read_data_file
from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.thunderbird.accounts import (
    OAUTH2,
    ServerSetting,
    auth_method,
    incoming_settings,
    server_host,
    smtp_settings,
)
from assistant.detect.thunderbird.lock import profile_in_use
from assistant.detect.thunderbird.prefs import (
    PrefsFile,
    PrefValue,
    format_pref,
    parse_prefs,
)
from assistant.detect.thunderbird.profiles import ThunderbirdProfile, find_profiles
from assistant.environment import Environment
from assistant.errors import AssistantError, UnusableFile, UsageError
from assistant.fixes.prefs_copies import (
    UNDO_PREFIX,
    backup_copy,
    copies_in,
    read_copy,
    record_copy,
    refuse_record_link,
)
from assistant.i18n import Message
from assistant.organization import Organization
from assistant.user_file import replace_user_file

SWITCHED_TYPES = frozenset({"pop3", "imap"})
# Refusals that say what the user can sort out (quit Thunderbird, remove a line, …) and
# stop there: nothing was changed, and trying once more may work then. How to try once
# more is each front end's own word, said once: the command line "run it again", the
# wizard "press Apply again" (a sentence here that said "run this again" was read in
# the wizard, beside its own button, as advice to run a command).
TRY_AGAIN_REFUSALS = frozenset(
    {
        "fix.thunderbird.running",
        "fix.thunderbird.no_prefs",
        "fix.thunderbird.user_js_override",
        "fix.thunderbird.changed_meanwhile",
        "fix.thunderbird.read_only",
        "redteam.fix.record_link",
    }
)


@dataclass(frozen=True)
class ServerChange:
    """One server whose ``authMethod`` becomes 10."""

    setting: ServerSetting
    host: str
    protocol: str  # "imap", "pop3", "smtp"
    old_method: int
    line_present: bool


@dataclass(frozen=True)
class OAuthPlan:
    profile: ThunderbirdProfile
    prefs_path: Path
    original: bytes
    updated: bytes
    changes: tuple[ServerChange, ...]

    def diff(self) -> str:
        before = self.original.decode("utf-8", errors="replace").splitlines(keepends=True)
        after = self.updated.decode("utf-8", errors="replace").splitlines(keepends=True)
        label = str(self.prefs_path)
        return "".join(difflib.unified_diff(before, after, label, label, n=1))


def thunderbird_profiles(env: Environment) -> list[ThunderbirdProfile]:
    """The profiles the fix can work on (unreadable ones are simply not offered)."""
    return find_profiles(env, MachineFacts(platform=PlatformInfo(os=env.platform, version=None)))


def choose_profiles(
    profiles: list[ThunderbirdProfile], name: str | None
) -> list[ThunderbirdProfile]:
    """All profiles, or the one called ``name`` (a usage error naming the others if none)."""
    if name is None:
        return profiles
    chosen = [p for p in profiles if p.name == name]
    if not chosen:
        names = ", ".join(p.name for p in profiles) or "-"
        raise UsageError("fix.thunderbird.unknown_profile", profile=name, names=names)
    return chosen


def plan_profiles(env: Environment, org: Organization, name: str | None = None) -> list[OAuthPlan]:
    """The plans that change something, for every (or the named) profile."""
    return plan_switches(choose_profiles(thunderbird_profiles(env), name), env, org)


def plan_switches(
    profiles: Sequence[ThunderbirdProfile], env: Environment, org: Organization
) -> list[OAuthPlan]:
    """The plans that change something, for ``profiles`` (found once by the caller).

    All are planned before anything is written: one refusal stops the whole fix.
    """
    plans = [plan_oauth_switch(p, org, env) for p in profiles]
    return [plan for plan in plans if plan.changes]


def _read(path: Path, within: Sequence[Path] = ()) -> bytes:
    try:
        return read_data_file(path, PREFS_LIMIT, within=within)
    except FileNotFoundError:
        raise AssistantError("fix.thunderbird.no_prefs", file=str(path)) from None
    except UnusableFile as exc:
        raise AssistantError(exc.message.key, **exc.message.params) from None
    except OSError as exc:
        raise AssistantError(
            "fix.thunderbird.unreadable", file=str(path), reason=exc.strerror or str(exc)
        ) from None


def _confine(path: Path, env: Environment) -> None:
    """Refuse a ``prefs.js`` that leads out of the diagnosed user's data (a link from
    another user's profile to a system file, ``--home`` run as root): it is written and
    copied at its target, so that would be written and copied."""
    try:
        env.confine(path)
    except UnusableFile as exc:
        raise AssistantError(exc.message.key, **exc.message.params) from None


def _certain(prefs: PrefsFile, path: Path, org: Organization) -> None:
    """Refuse unless every statement of the file was read (and is a ``user_pref``)."""
    if prefs.issues:
        issue = prefs.issues[0]
        raise AssistantError(
            "fix.thunderbird.unparseable",
            file=str(path),
            line=issue.line,
            reason=Message(f"prefs_issue.{issue.reason}"),
            **org.helpdesk_params(),
        )
    for pref in prefs.prefs:
        if pref.kind != "user_pref":
            raise AssistantError(
                "fix.thunderbird.unparseable",
                file=str(path),
                line=pref.line,
                reason=Message("prefs_issue.not_user_pref"),
                **org.helpdesk_params(),
            )


def _changes(values: dict[str, PrefValue], org: Organization) -> list[ServerChange]:
    candidates: list[tuple[ServerSetting, str]] = []
    for setting, _account in incoming_settings(values):
        server_type = str(values.get(f"mail.server.{setting.key}.type", "")).lower()
        if server_type in SWITCHED_TYPES:
            candidates.append((setting, server_type))
    candidates.extend((setting, "smtp") for setting in smtp_settings(values))
    changes = []
    for setting, protocol in candidates:
        host = server_host(values, setting)
        method = auth_method(values, setting)
        if host and org.is_exchange_online_host(host) and method != OAUTH2:
            present = setting.auth_pref in values
            changes.append(ServerChange(setting, host, protocol, method, present))
    return changes


def _edit(prefs: PrefsFile, changes: list[ServerChange]) -> bytes:
    """The file with each change applied: a value replaced in place, or a line inserted."""
    data = prefs.data
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement)
    for change in changes:
        name = change.setting.auth_pref
        existing = prefs.last(name)
        if existing is not None:
            start, end = existing.value_span
            edits.append((start, end, str(OAUTH2).encode()))
            continue
        line = format_pref(name, OAUTH2).encode("utf-8") + newline
        later = [p for p in prefs.prefs if p.name.encode() > name.encode()]
        if later:
            at = min(p.span[0] for p in later)
            edits.append((at, at, line))
        elif prefs.prefs:
            end = max(p.span[1] for p in prefs.prefs)
            nl = data.find(b"\n", end)
            at = len(data) if nl < 0 else nl + 1
            prefix = b"" if nl >= 0 else newline
            edits.append((at, at, prefix + line))
        else:
            prefix = b"" if not data or data.endswith(b"\n") else newline
            edits.append((len(data), len(data), prefix + line))
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        data = data[:start] + replacement + data[end:]
    return data


def _expected(
    original: dict[str, PrefValue], changes: tuple[ServerChange, ...]
) -> dict[str, PrefValue]:
    expected = dict(original)
    for change in changes:
        expected[change.setting.auth_pref] = OAUTH2
    return expected


def plan_oauth_switch(
    profile: ThunderbirdProfile, org: Organization, env: Environment
) -> OAuthPlan:
    """What would change in this profile; raises AssistantError when it must refuse."""
    prefs_path = profile.path / "prefs.js"
    if not prefs_path.exists():  # never started: no accounts to switch
        return OAuthPlan(profile, prefs_path, b"", b"", ())
    original = _read(prefs_path, env.user_bounds)
    prefs = parse_prefs(original)
    _certain(prefs, prefs_path, org)
    values = prefs.values()
    user_js_path = profile.path / "user.js"
    user_values: dict[str, PrefValue] = {}
    if user_js_path.exists():
        user_js = parse_prefs(_read(user_js_path, env.user_bounds))
        _certain(user_js, user_js_path, org)
        user_values = user_js.values()
    changes = tuple(_changes({**values, **user_values}, org))
    if not changes:
        return OAuthPlan(profile, prefs_path, original, original, ())
    overridden = sorted(c.setting.auth_pref for c in changes if c.setting.auth_pref in user_values)
    if overridden:
        raise AssistantError(
            "fix.thunderbird.user_js_override",
            file=str(user_js_path),
            prefs=", ".join(overridden),
            **org.helpdesk_params(),
        )
    updated = _edit(prefs, list(changes))
    reread = parse_prefs(updated)
    if reread.issues or reread.values() != _expected(values, changes):  # pragma: no cover
        raise AssistantError("fix.thunderbird.plan_failed", file=str(prefs_path))
    plan = OAuthPlan(profile, prefs_path, original, updated, changes)
    _refuse_if_running(profile, env)
    return plan


def _refuse_if_running(profile: ThunderbirdProfile, env: Environment) -> None:
    if profile_in_use(profile.path, env):
        raise AssistantError("fix.thunderbird.running", profile=profile.name)


def refuse_read_only(path: Path) -> None:
    """A ``prefs.js`` marked read-only is not replaced: Windows would refuse the replace
    half-way, and whoever marked it so (an administrator locking settings) meant it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & stat.S_IWUSR:  # Windows' read-only attribute clears this bit
        raise AssistantError("fix.thunderbird.read_only", file=str(path))


def apply_plan(plan: OAuthPlan, env: Environment, now: datetime) -> Path:
    """Write the change; returns the backup copy. Refuses if anything moved meanwhile."""
    _refuse_if_running(plan.profile, env)
    if _read(plan.prefs_path, env.user_bounds) != plan.original:
        raise AssistantError("fix.thunderbird.changed_meanwhile", file=str(plan.prefs_path))
    refuse_read_only(plan.prefs_path)
    refuse_record_link(plan.prefs_path.parent)
    try:
        backup = backup_copy(plan.prefs_path, now)
        record_copy(backup)
        replace_user_file(plan.prefs_path, plan.updated)
    except OSError as exc:
        raise AssistantError(
            "fix.thunderbird.write_failed",
            file=str(plan.prefs_path),
            reason=exc.strerror or str(exc),
        ) from None
    written = _read(plan.prefs_path)
    reread = parse_prefs(written)
    expected = _expected(parse_prefs(plan.original).values(), plan.changes)
    if written != plan.updated or reread.issues or reread.values() != expected:
        replace_user_file(plan.prefs_path, read_copy(backup))
        raise AssistantError(
            "fix.thunderbird.verify_failed", file=str(plan.prefs_path), backup=str(backup)
        )
    return backup


def backups(profile: ThunderbirdProfile) -> list[Path]:
    """This assistant's copies of ``prefs.js`` in a profile, oldest first (by our record)."""
    return copies_in(profile.path)


def profile_to_undo(env: Environment, name: str | None = None) -> ThunderbirdProfile:
    """The profile ``--undo`` works on: the named one, or the only one with a copy."""
    profiles = choose_profiles(thunderbird_profiles(env), name)
    with_copies = [p for p in profiles if backups(p)]
    if name is None and len(with_copies) > 1:
        names = ", ".join(p.name for p in with_copies)
        raise UsageError("fix.thunderbird.choose_profile", names=names)
    if with_copies:
        return with_copies[0]
    if profiles:
        raise AssistantError("fix.thunderbird.no_backup", profile=profiles[0].name)
    raise AssistantError("fix.thunderbird.no_profiles_to_undo")


def undo(profile: ThunderbirdProfile, env: Environment) -> Path:
    """Put the newest copy back as ``prefs.js``; returns the copy used. The prefs.js it
    replaces is kept too (``prefs.js.before-undo-<time>``): undo loses nothing either."""
    found = backups(profile)
    if not found:
        raise AssistantError("fix.thunderbird.no_backup", profile=profile.name)
    _refuse_if_running(profile, env)
    copy = found[-1]
    prefs_path = profile.path / "prefs.js"
    _confine(prefs_path, env)
    refuse_read_only(prefs_path)
    data = read_copy(copy)
    try:
        if prefs_path.exists():
            backup_copy(prefs_path, env.now.astimezone(), UNDO_PREFIX)
        replace_user_file(prefs_path, data)
    except OSError as exc:
        raise AssistantError(
            "fix.thunderbird.write_failed", file=str(prefs_path), reason=exc.strerror or str(exc)
        ) from None
    if _read(prefs_path) != data:  # pragma: no cover - the file system lied
        raise AssistantError(
            "fix.thunderbird.verify_failed", file=str(prefs_path), backup=str(copy)
        )
    return copy
