"""The last step of a backup: ``NAME.partial`` gets its final name, ``NAME``.

On Windows an indexer, an antivirus or a sync client often holds a file of the new folder
open for a moment, and the rename is refused (sharing violation): it is tried again, a few
times, waiting a little longer each time. If it still fails, the folder stays as it is:
it is complete and verified, and the user is told where it is. A verified backup is never
deleted because it could not be renamed.

After the rename the folder must still hold its manifest: a file-system driver that loses
a folder's contents on rename (fusefat 0.1a does) is caught here, not at the next restore.
"""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH113

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from assistant.backup.longpath import os_path
from assistant.backup.manifest import MANIFEST_NAME

log = logging.getLogger(__name__)

# Seconds between attempts: about 6 s in all, longer than an indexer usually holds a file.
RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2)

Outcome = Literal["renamed", "kept", "lost"]


def give_final_name(
    partial: Path,
    final: Path,
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    rename: Callable[[str, str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """``renamed``; ``kept`` (still ``partial``, whole); ``lost`` (renamed, but the
    folder came out without its manifest)."""
    for attempt, delay in enumerate((*delays, None)):
        if os.path.lexists(os_path(final)):
            log.warning("%s appeared meanwhile; the backup stays in %s", final, partial)
            return "kept"
        try:
            (rename or os.rename)(os_path(partial), os_path(final))
        except OSError:
            if delay is None:
                tries = attempt + 1
                log.warning("could not rename %s (%d tries)", partial, tries, exc_info=True)
                return "kept"
            sleep(delay)
            continue
        break
    if not os.path.isfile(os_path(final / MANIFEST_NAME)):
        log.error("%s has no manifest after the rename: the file system lost its contents", final)
        return "lost"
    return "renamed"
