"""The one accessor for bundled data files (works from the source tree and a frozen build)."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath


class ResourceError(ValueError):
    """A resource name that could escape the resources folder."""


def resource_root() -> Path:
    """The folder holding `support_matrix.toml`, `organization.toml`, guides, ..."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """Path of a bundled resource given as a relative POSIX name, e.g. ``"i18n/messages.toml"``.

    Absolute names and names with ``..`` are refused, so no caller can read outside the
    resources folder through this accessor.
    """
    pure = PurePosixPath(name)
    if not name or pure.is_absolute() or "\\" in name or ".." in pure.parts or ":" in name:
        raise ResourceError(f"refused resource name {name!r}")
    return resource_root().joinpath(*pure.parts)
