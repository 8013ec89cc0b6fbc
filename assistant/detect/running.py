"""Which mail apps are running now (live machines only), via psutil."""

from __future__ import annotations

from assistant.detect.facts import MachineFacts, RunningApp
from assistant.environment import Environment

# Process name (lower case) -> app id, per platform.
PROCESS_NAMES: dict[str, dict[str, str]] = {
    "windows": {
        "outlook.exe": "outlook-windows",
        "olk.exe": "new-outlook-windows",
        "thunderbird.exe": "thunderbird",
    },
    "macos": {
        "mail": "apple-mail",
        "microsoft outlook": "outlook-mac",
        "thunderbird": "thunderbird",
    },
    "linux": {
        "thunderbird": "thunderbird",
        "thunderbird-bin": "thunderbird",
    },
}


def detect_running(env: Environment, facts: MachineFacts) -> None:
    names = PROCESS_NAMES[env.platform]
    for proc in env.processes():
        app = names.get(proc.name.lower())
        if app is not None:
            facts.running.append(RunningApp(app=app, pid=proc.pid, name=proc.name))
