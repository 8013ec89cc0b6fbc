"""A snapshot is a boundary: a path read for it must resolve inside the snapshot.

Registry values, ``profiles.ini`` paths and symbolic links inside a snapshot are
written by whoever made the snapshot. ``C:\\..\\..\\etc\\shadow`` or a ``.thunderbird``
that links to ``/home/someone`` would otherwise make a diagnosis of a folder read (and a
backup copy) the files of the machine it runs on. Every read of a snapshot goes through
:func:`confine`: the path with ``..`` and links resolved must stay under the snapshot's
folders; else :class:`OutsideSnapshot`, which the callers report as a finding.

The live machine has no such boundary (``within`` is empty), except around another
user's home (``--home`` on the live machine, an administrator diagnosing a lab PC's
user): what that user's own files name (``profiles.ini`` paths, links in a profile,
PSTs in their hive) must stay inside their home, a :class:`HomeBoundary`, whose
escapes are worded for a home (:class:`OutsideHome`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import UnusableFile
from assistant.i18n import Message

OUTSIDE_SNAPSHOT = "hostile.problem.outside_snapshot"  # the message key of the finding
OUTSIDE_HOME = "homebound.problem.outside_home"  # the same, around another user's home
OUTSIDE = frozenset({OUTSIDE_SNAPSHOT, OUTSIDE_HOME})  # every escape's finding


class OutsideSnapshot(UnusableFile):
    """A path of a snapshot that resolves outside it."""

    def __init__(self, path: Path, target: Path) -> None:
        super().__init__(
            errno.EXDEV,
            path,
            Message(OUTSIDE_SNAPSHOT, {"file": str(path), "target": str(target)}),
        )
        self.target = target


class OutsideHome(UnusableFile):
    """A path named by another user's files (``--home`` on the live machine) that
    resolves outside that user's home."""

    def __init__(self, path: Path, target: Path, home: Path) -> None:
        super().__init__(
            errno.EXDEV,
            path,
            Message(OUTSIDE_HOME, {"file": str(path), "home": str(home), "target": str(target)}),
        )
        self.target = target


class HomeBoundary(tuple[Path, ...]):
    """The boundary of another user's home on the live machine: ``(home,)``, whose
    escapes are :class:`OutsideHome` rather than :class:`OutsideSnapshot`."""

    def __new__(cls, home: Path) -> HomeBoundary:
        return super().__new__(cls, (home,))


def confine(path: Path, within: Sequence[Path]) -> Path:
    """``path`` with links and ``..`` resolved, checked to lie under one of ``within``.

    ``within`` empty: no boundary, ``path`` is returned as it is. Raises
    :class:`OutsideSnapshot` (:class:`OutsideHome` for a :class:`HomeBoundary`) when the
    resolved path leaves every folder of ``within``.
    """
    if not within:
        return path
    real = Path(os.path.realpath(path))
    for folder in within:
        base = Path(os.path.realpath(folder))
        if real == base or real.is_relative_to(base):
            return real
    if isinstance(within, HomeBoundary):
        raise OutsideHome(path, real, within[0])
    raise OutsideSnapshot(path, real)
