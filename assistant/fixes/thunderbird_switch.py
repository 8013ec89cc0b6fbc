"""The Thunderbird switch as the wizard makes it: the plans the user saw, applied to
``prefs.js`` as it is when Apply is pressed, and undone by profile name. No Qt: the
wizard's Change page runs these off its thread and only shows what they return."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from assistant.environment import Environment
from assistant.errors import AssistantError
from assistant.fixes.thunderbird_oauth import (
    OAuthPlan,
    apply_plan,
    choose_profiles,
    plan_oauth_switch,
    thunderbird_profiles,
    undo,
)
from assistant.journey_records import SwitchRecord
from assistant.organization import Organization

CHANGED_MEANWHILE = "fix.thunderbird.changed_meanwhile"

log = logging.getLogger(__name__)


def apply_shown(
    shown: Sequence[OAuthPlan], org: Organization, env: Environment, now: datetime
) -> list[SwitchRecord]:
    """Apply exactly the changes shown, to each ``prefs.js`` as it is now.

    Each profile is planned afresh first: a Thunderbird that ran since the preview (and
    was refused, or quit) rewrote ``prefs.js``, and the preview's copy of it would be
    refused as changed meanwhile, again at every press. The fresh plan is applied when
    it makes the same changes as the one shown; otherwise nothing is written (all are
    checked before the first is written, so what is switched is always recorded)
    (AssistantError ``changed_meanwhile``: the page then shows the new preview)."""
    plans = []
    for plan_shown in shown:  # every profile checked before any is written
        plan = plan_oauth_switch(plan_shown.profile, org, env)
        if plan.changes != plan_shown.changes:
            raise AssistantError(CHANGED_MEANWHILE, file=env.shown_path(plan.prefs_path))
        plans.append(plan)
    done: list[SwitchRecord] = []
    try:
        for plan in plans:
            copy = apply_plan(plan, env, now)
            done.append(SwitchRecord(plan.profile.name, len(plan.changes), env.shown_path(copy)))
    except AssistantError:
        _put_back(plans[: len(done)], env)  # all shown, or none: nothing switched unrecorded
        raise
    return done


def _put_back(applied: Sequence[OAuthPlan], env: Environment) -> None:
    for plan in applied:
        try:
            undo(plan.profile, env)
        except AssistantError:  # its copy stays beside prefs.js; `fix thunderbird --undo`
            log.warning("could not put back %s after a refused switch", plan.profile.name)


def undo_switched(names: Sequence[str], env: Environment) -> int:
    """Put back the ``prefs.js`` of the profiles switched in this session."""
    profiles = thunderbird_profiles(env)
    for name in names:
        for profile in choose_profiles(profiles, name):
            undo(profile, env)
    return len(names)
