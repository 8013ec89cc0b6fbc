"""Thunderbird.app on macOS: the version from its bundle (``org.mozilla.thunderbird``).

Its profiles (``~/Library/Thunderbird``) are found by the Thunderbird profile code.
"""

from __future__ import annotations

from assistant.detect.facts import InstalledApp, MachineFacts
from assistant.detect.mac_bundles import bundle_findings, find_bundles
from assistant.environment import Environment

APP_ID = "thunderbird"
BUNDLE_ID = "org.mozilla.thunderbird"
BUNDLE_NAMES = ("Thunderbird.app", "Thunderbird Beta.app", "Thunderbird Daily.app")


def detect_mac_thunderbird(env: Environment, facts: MachineFacts) -> None:
    for bundle in find_bundles(env, [BUNDLE_ID], BUNDLE_NAMES):
        problems, notes = bundle_findings(bundle, APP_ID)
        facts.problems += problems
        details = {"bundle_id": bundle.identifier} if bundle.identifier else {}
        if bundle.build_version:
            details["buildid"] = bundle.build_version
        facts.apps.append(
            InstalledApp(
                app_id=APP_ID,
                name="Thunderbird",
                version=bundle.short_version,
                install_path=str(bundle.path),
                source="app-bundle",
                notes=notes,
                details=details,
            )
        )
