"""Thunderbird.app on macOS: the version from its bundle (``org.mozilla.thunderbird``).

Its profiles (``~/Library/Thunderbird``) are found by the Thunderbird profile code.
"""

from __future__ import annotations

from assistant.detect.apple.bundles import bundle_app, find_bundles
from assistant.detect.facts import MachineFacts
from assistant.environment import Environment

APP_ID = "thunderbird"
BUNDLE_ID = "org.mozilla.thunderbird"
BUNDLE_NAMES = ("Thunderbird.app", "Thunderbird Beta.app", "Thunderbird Daily.app")


def detect_mac_thunderbird(env: Environment, facts: MachineFacts) -> None:
    for bundle in find_bundles(env, [BUNDLE_ID], BUNDLE_NAMES):
        bundle_app(bundle, facts, APP_ID, "Thunderbird", build_key="buildid")
