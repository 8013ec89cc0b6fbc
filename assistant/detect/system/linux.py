"""The Linux distribution, from os-release."""

from __future__ import annotations

from assistant.datafile import TEXT_LIMIT, read_data_file
from assistant.detect.facts import MachineFacts, PlatformInfo, unreadable
from assistant.environment import Environment


def parse_os_release(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        values[key.strip()] = value
    return values


def detect_linux_platform(env: Environment, facts: MachineFacts) -> None:
    for native in ("/etc/os-release", "/usr/lib/os-release"):
        path = env.path(native)
        try:
            text = read_data_file(path, TEXT_LIMIT, within=env.bounds).decode("utf-8", "replace")
        except FileNotFoundError:
            continue
        except OSError as exc:
            facts.problems.append(unreadable(path, exc))
            continue
        values = parse_os_release(text)
        facts.platform = PlatformInfo(
            os="linux",
            version=values.get("VERSION_ID"),
            name=values.get("PRETTY_NAME") or values.get("NAME"),
        )
        return
