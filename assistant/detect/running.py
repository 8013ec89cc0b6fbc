"""Which mail apps are running now (live machines only), via psutil."""

from __future__ import annotations

from assistant.detect.facts import MachineFacts, RunningApp
from assistant.environment import Environment, RunningProcess

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


# macOS: the app bundle an executable lives in (``.../Mail.app/Contents/MacOS/Mail``)
# -> app id. The kernel cuts process names to 16 characters ("Microsoft Outloo"), so
# the bundle is the surer sign.
MAC_BUNDLES: dict[str, str] = {
    "mail.app": "apple-mail",
    "microsoft outlook.app": "outlook-mac",
    "thunderbird.app": "thunderbird",
    "thunderbird beta.app": "thunderbird",
    "thunderbird daily.app": "thunderbird",
}
_MAC_EXECUTABLE = "/Contents/MacOS/"


def app_for_process(platform: str, proc: RunningProcess) -> str | None:
    app = PROCESS_NAMES[platform].get(proc.name.lower())
    if app is None and platform == "macos" and _MAC_EXECUTABLE in proc.exe:
        bundle = proc.exe.split(_MAC_EXECUTABLE, 1)[0].rsplit("/", 1)[-1]
        app = MAC_BUNDLES.get(bundle.lower())
    return app


def running_now(env: Environment) -> list[RunningApp]:
    """The mail apps running right now (none on a snapshot): checked again just before a
    backup or a restore."""
    running = []
    for proc in env.processes():
        app = app_for_process(env.platform, proc)
        if app is not None:
            running.append(RunningApp(app=app, pid=proc.pid, name=proc.name))
    return running


def detect_running(env: Environment, facts: MachineFacts) -> None:
    facts.running.extend(running_now(env))
