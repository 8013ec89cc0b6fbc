"""Runs every detector for the diagnosed platform; one failing detector never stops the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from assistant.detect.apple.mail import detect_apple_mail
from assistant.detect.facts import MachineFacts, PlatformInfo, Problem, unreadable
from assistant.detect.outlook.data_files import detect_outlook_data_files
from assistant.detect.outlook.mac import detect_outlook_mac
from assistant.detect.outlook.new_outlook import detect_new_outlook
from assistant.detect.outlook.profiles import detect_outlook_accounts
from assistant.detect.outlook.windows import detect_outlook_windows
from assistant.detect.running import detect_running
from assistant.detect.system.identity import detect_identity
from assistant.detect.system.linux import detect_linux_platform
from assistant.detect.system.macos import detect_macos_platform
from assistant.detect.system.windows import detect_windows_platform
from assistant.detect.thunderbird.linux_install import detect_linux_thunderbird
from assistant.detect.thunderbird.mac import detect_mac_thunderbird
from assistant.detect.thunderbird.profiles import detect_thunderbird_profiles
from assistant.detect.thunderbird.windows import detect_windows_thunderbird
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
        ("platform", detect_windows_platform),  # also reports unreadable registry exports
        ("outlook", detect_outlook_windows),
        ("new-outlook", detect_new_outlook),
        ("outlook-accounts", detect_outlook_accounts),
        ("outlook-data-files", detect_outlook_data_files),
        ("thunderbird", detect_windows_thunderbird),
        ("thunderbird-profiles", detect_thunderbird_profiles),
        ("running", detect_running),
    ],
    "macos": [
        ("platform", detect_macos_platform),
        ("apple-mail", detect_apple_mail),
        ("outlook-mac", detect_outlook_mac),
        ("thunderbird", detect_mac_thunderbird),
        ("thunderbird-profiles", detect_thunderbird_profiles),
        ("running", detect_running),
    ],
}


def detect_machine(env: Environment) -> MachineFacts:
    env = env.afresh()  # what the detectors share (the registry) is read once, now
    facts = MachineFacts(platform=PlatformInfo(os=env.platform, version=None))
    facts.snapshot_root = None if env.live else str(env.root)
    for name, detector in [*DETECTORS[env.platform], ("identity", detect_identity)]:
        try:
            detector(env, facts)
        except Exception:
            log.exception("detector %s failed", name)
            facts.problems.append(Problem(Message("problem.detector_failed", {"part": name})))
    _keep_stores_inside(env, facts)
    return facts


def _keep_stores_inside(env: Environment, facts: MachineFacts) -> None:
    """A data store that leads out of the snapshot is a finding, never something to back
    up: whatever a detector found, the backup only ever sees stores inside the root."""
    if not env.user_bounds:
        return
    kept = []
    for store in facts.data_stores:
        try:
            env.confine(Path(store.path))
        except OSError as exc:
            facts.problems.append(unreadable(store.path, exc, store.app))
            continue
        kept.append(store)
    facts.data_stores = kept
