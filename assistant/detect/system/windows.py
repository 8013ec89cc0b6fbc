"""The Windows version, from ``HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion``.

Windows 11 still writes "Windows 10 ..." in ``ProductName``: the build number tells
(22000 and later is Windows 11).
"""

from __future__ import annotations

from assistant.detect.facts import MachineFacts, PlatformInfo
from assistant.detect.registry import registry_for
from assistant.environment import Environment

CURRENT_VERSION = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion"
WINDOWS_11_FIRST_BUILD = 22000


def windows_name(product: str | None, build: int | None, display: str | None) -> str:
    name = product or "Windows"
    if build is not None and build >= WINDOWS_11_FIRST_BUILD and name.startswith("Windows 10"):
        name = "Windows 11" + name[len("Windows 10") :]
    return f"{name} {display}" if display else name


def detect_windows_platform(env: Environment, facts: MachineFacts) -> None:
    loaded = registry_for(env)
    facts.problems.extend(loaded.problems)
    facts.platform = PlatformInfo(os="windows", version=None, name="Windows")
    key = loaded.registry.open(CURRENT_VERSION)
    if key is None:
        return
    build_text = key.text("CurrentBuild") or key.text("CurrentBuildNumber")
    build = int(build_text) if build_text and build_text.isdigit() else None
    major = key.number("CurrentMajorVersionNumber")
    minor = key.number("CurrentMinorVersionNumber")
    base = (
        f"{major}.{minor}"
        if major is not None and minor is not None
        else key.text("CurrentVersion")
    )
    revision = key.number("UBR")
    version = None
    if build is not None:
        version = f"{base or '10.0'}.{build}" + (f".{revision}" if revision is not None else "")
    display = key.text("DisplayVersion") or key.text("ReleaseId")
    facts.platform = PlatformInfo(
        os="windows", version=version, name=windows_name(key.text("ProductName"), build, display)
    )
