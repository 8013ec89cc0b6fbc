"""The macOS version, from SystemVersion.plist under the diagnosed machine's root.

Not ``platform.mac_ver()``: that describes the machine we run on (not a snapshot),
and a Python built against an old SDK is told "10.16" on macOS 11 and later.
"""

from __future__ import annotations

from assistant.detect.apple.plist_file import PlistProblem, load_plist, text_value
from assistant.detect.facts import MachineFacts, PlatformInfo, Problem, unreadable
from assistant.environment import Environment
from assistant.i18n import Message
from assistant.versions import normalise_version

SYSTEM_VERSION = "/System/Library/CoreServices/SystemVersion.plist"
# On macOS 11 and later, processes in "compatibility mode" read 10.16 from
# SystemVersion.plist; this hidden file keeps the real version for them.
SYSTEM_VERSION_PLATFORM = "/System/Library/CoreServices/.SystemVersionPlatform.plist"
COMPAT_VERSION = "10.16"

# The page of System Settings (System Preferences) that grants Full Disk Access.
FULL_DISK_ACCESS_URL = "x-apple.systempreferences:com.apple.preference.security?Privacy_AllFiles"


def detect_macos_platform(env: Environment, facts: MachineFacts) -> None:
    facts.platform = PlatformInfo(os="macos", version=None, name="macOS")
    path = env.path(SYSTEM_VERSION)
    try:
        data = load_plist(path, within=env.bounds)
    except FileNotFoundError:
        facts.problems.append(
            Problem(Message("macos.problem.no_system_version", {"file": str(path)}))
        )
        return
    except PermissionError as exc:
        facts.problems.append(unreadable(path, exc))
        return
    except PlistProblem as problem:
        facts.problems.append(Problem(problem.message))
        return
    version = text_value(data, "ProductVersion")
    name = text_value(data, "ProductName") or "macOS"
    if version == COMPAT_VERSION:
        version = _real_version(env) or version
    if version is None:
        facts.problems.append(
            Problem(Message("macos.problem.no_product_version", {"file": str(path)}))
        )
        facts.platform = PlatformInfo(os="macos", version=None, name=name)
        return
    facts.platform = PlatformInfo(os="macos", version=version, name=f"{name} {version}")


def _real_version(env: Environment) -> str | None:
    try:
        data = load_plist(env.path(SYSTEM_VERSION_PLATFORM), within=env.bounds)
    except (OSError, PlistProblem):
        return None
    return text_value(data, "ProductVersion")


def full_disk_access_steps(macos_version: str | None) -> Message:
    """Where Full Disk Access is granted, in the words of this macOS version's settings:
    System Settings since macOS 13, System Preferences before (both when unknown)."""
    version = normalise_version(macos_version) if macos_version else None
    if version is None:
        return Message("macos.full_disk_access.steps_either")
    if version.major >= 13:
        return Message("macos.full_disk_access.steps_settings")
    return Message("macos.full_disk_access.steps_preferences")
