"""A snapshot is a boundary: a path read for it must resolve inside the snapshot.

Registry values, ``profiles.ini`` paths and symbolic links inside a snapshot are
written by whoever made the snapshot. ``C:\\..\\..\\etc\\shadow`` or a ``.thunderbird``
that links to ``/home/someone`` would otherwise make a diagnosis of a folder read (and a
backup copy) the files of the machine it runs on. Every read of a snapshot goes through
:func:`confine`: the path with ``..`` and links resolved must stay under the snapshot's
folders; else :class:`OutsideSnapshot`, which the callers report as a finding.

The live machine has no such boundary (``within`` is empty).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import UnusableFile
from assistant.i18n import Message

OUTSIDE_SNAPSHOT = "hostile.problem.outside_snapshot"  # the message key of the finding


class OutsideSnapshot(UnusableFile):
    """A path of a snapshot that resolves outside it."""

    def __init__(self, path: Path, target: Path) -> None:
        super().__init__(
            errno.EXDEV,
            path,
            Message(OUTSIDE_SNAPSHOT, {"file": str(path), "target": str(target)}),
        )
        self.target = target


def confine(path: Path, within: Sequence[Path]) -> Path:
    """``path`` with links and ``..`` resolved, checked to lie under one of ``within``.

    ``within`` empty: no boundary, ``path`` is returned as it is. Raises
    :class:`OutsideSnapshot` when the resolved path leaves every folder of ``within``.
    """
    if not within:
        return path
    real = Path(os.path.realpath(path))
    for folder in within:
        base = Path(os.path.realpath(folder))
        if real == base or real.is_relative_to(base):
            return real
    raise OutsideSnapshot(path, real)
