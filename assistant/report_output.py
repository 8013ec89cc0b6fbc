"""Where a report may not be written: over the mail data it describes, or over a file the
diagnosis reads.

``report --output`` replaces the file it names. Named by mistake (a tab completion, a
script's variable), that file could be the user's PST, a Thunderbird ``prefs.js`` or
``profiles.ini``, the organisation's policy file or a registry export: the mail data
would be lost, or the next run would fail on a report where its settings were. Such an
output is refused before anything is written, whatever spelling, link or hard link
names it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import UsageError

if TYPE_CHECKING:
    from assistant.diagnose import Diagnosis
    from assistant.environment import Environment

# Thunderbird's own lists of profiles, beside the profiles (not inside any of them).
_PROFILE_LISTS = ("profiles.ini", "installs.ini")


def refuse_output_over_inputs(
    output: Path, env: Environment, diagnosis: Diagnosis | None, config: Path | None
) -> None:
    """Raise a usage error when ``output`` is a file the diagnosis read or mail data
    (a data-store file, or anything inside a data-store folder, new or not).
    ``diagnosis`` is None when it failed: the files named on the command line still count."""
    files: list[Path] = [*env.registry_files]
    if config is not None:
        files.append(config)
    folders: list[Path] = []
    if diagnosis is not None:
        files.extend(diagnosis.organization.sources)
        files.extend(_profile_lists(env))
        for store in diagnosis.facts.data_stores:
            place = Path(store.path)
            (folders if place.is_dir() else files).append(place)
    written = _identity(output)
    where = Path(os.path.realpath(output))
    for path in files:
        if (written is not None and _identity(path) == written) or _real(path) == where:
            raise UsageError("report.error.output_is_input", file=str(output))
    for folder in folders:
        if where.is_relative_to(_real(folder)):
            raise UsageError("report.error.output_in_mail_data", file=str(output))


def _profile_lists(env: Environment) -> Iterable[Path]:
    from assistant.detect.thunderbird.profiles import profile_roots

    for root, _ in profile_roots(env):
        for name in _PROFILE_LISTS:
            yield root / name


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino
