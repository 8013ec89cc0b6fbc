"""Runs every detector for the diagnosed platform; one failing detector never stops the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable

from assistant.detect.facts import MachineFacts, PlatformInfo, Problem
from assistant.detect.linux import detect_linux_platform
from assistant.detect.running import detect_running
from assistant.detect.thunderbird_install import detect_linux_thunderbird
from assistant.detect.thunderbird_profiles import detect_thunderbird_profiles
from assistant.environment import Environment, Platform
from assistant.i18n import Message

log = logging.getLogger(__name__)

Detector = Callable[[Environment, MachineFacts], None]

# (name, detector) per platform, run in order. Platform info comes first, running apps last.
DETECTORS: dict[Platform, list[tuple[str, Detector]]] = {
    "linux": [
        ("platform", detect_linux_platform),
        ("thunderbird", detect_linux_thunderbird),
        ("thunderbird-profiles", detect_thunderbird_profiles),
        ("running", detect_running),
    ],
    "windows": [
        ("thunderbird-profiles", detect_thunderbird_profiles),
        ("running", detect_running),
    ],
    "macos": [
        ("thunderbird-profiles", detect_thunderbird_profiles),
        ("running", detect_running),
    ],
}


def detect_machine(env: Environment) -> MachineFacts:
    facts = MachineFacts(platform=PlatformInfo(os=env.platform, version=None))
    for name, detector in DETECTORS[env.platform]:
        try:
            detector(env, facts)
        except Exception:
            log.exception("detector %s failed", name)
            facts.problems.append(Problem(Message("problem.detector_failed", {"part": name})))
    return facts
