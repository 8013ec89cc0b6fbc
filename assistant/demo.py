"""The bundled sample snapshot (``--demo``): a described machine that shows every finding."""

from __future__ import annotations

from datetime import UTC, datetime

from assistant.datafile import load_toml, optional, require
from assistant.environment import PLATFORMS, Environment, Platform
from assistant.errors import DataFileError
from assistant.resources import resource_path


def demo_environment() -> Environment:
    """The snapshot described by ``resources/demo/snapshot.toml``."""
    path = resource_path("demo/snapshot.toml")
    data = load_toml(path)
    base = path.parent
    platform: Platform = require(data, "platform", str, file=path)
    if platform not in PLATFORMS:
        raise DataFileError(
            "error.data_file_key_value", file=str(path), key="platform", value=platform
        )
    root = base / require(data, "root", str, file=path)
    home = base / require(data, "home", str, file=path)
    registry = tuple(base / name for name in optional(data, "registry", list, [], file=path))
    return Environment.snapshot(
        platform=platform,
        root=root,
        home=home,
        registry_files=registry,
        now=datetime.now(UTC),
    )
