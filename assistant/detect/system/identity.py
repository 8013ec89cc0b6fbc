"""Who ran the diagnosis and on which machine: the account, elevation, the computer name.

Elevation is chosen by capability, not by platform name: ``os.geteuid`` where the
system has one (root = elevated), else ``shell32.IsUserAnAdmin`` through ``ctypes``
where Windows' DLLs are loadable (an administrator token), else unknown.
"""

from __future__ import annotations

import ctypes
import getpass
import os
import socket

from assistant.datafile import TEXT_LIMIT, read_data_file
from assistant.detect.facts import MachineFacts, RunAs
from assistant.detect.registry import registry_for
from assistant.environment import Environment

COMPUTER_NAME = r"HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName"
HOSTNAME_FILES = ("/etc/hostname",)


def process_user() -> str | None:
    """The account this program runs as."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name and no passwd entry
        return None


def is_elevated() -> bool | None:
    """True when running as root or with a Windows administrator token; None when unknown."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None:
        return bool(geteuid() == 0)
    windll = getattr(ctypes, "windll", None)
    if windll is not None:
        try:
            return bool(windll.shell32.IsUserAnAdmin())
        except (AttributeError, OSError):
            return None
    return None


def run_as() -> RunAs:
    return RunAs(user=process_user(), elevated=is_elevated())


def machine_name(env: Environment) -> str | None:
    """The diagnosed computer's name: this host's when live; on a snapshot, as the
    snapshot records it (Windows: the registry's ComputerName; Linux: /etc/hostname)."""
    if env.live:
        return socket.gethostname() or None
    if env.platform == "windows":
        key = registry_for(env).registry.open(COMPUTER_NAME)
        name = key.text("ComputerName") if key is not None else None
        return name.strip() or None if name else None
    for native in HOSTNAME_FILES:
        try:  # the one reader: a FIFO or a link out of the snapshot is never opened
            data = read_data_file(env.path(native), TEXT_LIMIT, within=env.bounds)
        except OSError:
            continue
        text = data[:256].decode("utf-8", "replace")
        first = text.strip().splitlines()
        if first:
            return first[0].strip() or None
    return None


def detect_identity(env: Environment, facts: MachineFacts) -> None:
    facts.machine = machine_name(env)
    facts.ran_as = run_as()
    facts.home = env.shown_path(env.home)
