"""The Windows registry, read live (``winreg``) or from ``regedit`` exports (``.reg``).

Detectors ask :func:`registry_for` for the registry of the diagnosed machine and read
it through :class:`Registry`: the same code works on a live Windows PC and on a
snapshot diagnosed on any platform.
"""

from assistant.detect.registry.model import (
    REG_BINARY,
    REG_DWORD,
    REG_EXPAND_SZ,
    REG_MULTI_SZ,
    REG_NONE,
    REG_QWORD,
    REG_SZ,
    Registry,
    RegistryKey,
    RegistryValue,
    View,
)
from assistant.detect.registry.source import registry_for

__all__ = [
    "REG_BINARY",
    "REG_DWORD",
    "REG_EXPAND_SZ",
    "REG_MULTI_SZ",
    "REG_NONE",
    "REG_QWORD",
    "REG_SZ",
    "Registry",
    "RegistryKey",
    "RegistryValue",
    "View",
    "registry_for",
]
