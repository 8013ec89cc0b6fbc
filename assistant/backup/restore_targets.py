"""Where a restore may write: decided before anything is written, shown to the user first.

A backup's ``manifest.json`` is not authenticated: anyone can hand the user a folder that
says its PST came from ``~/.ssh/authorized_keys``. So a restore without ``--to`` puts a
source back only at a place where the assistant itself finds that kind of mail data,
inside the home folder of the user running it (or of the snapshot):

- ``thunderbird_profile``: a folder directly in a Thunderbird profile folder
  (``~/.thunderbird/``, the snap and flatpak ones, ``%APPDATA%\\Thunderbird\\Profiles\\``,
  ``~/Library/Thunderbird/Profiles/``);
- ``pst``: a file whose name ends in ``.pst``, anywhere in the home folder;
- ``apple_mail``: ``~/Library/Mail/V<n>``;
- ``outlook_mac_profile``: a folder in ``Outlook 15 Profiles`` or ``Office 2011 Identities``,
  or ``Documents/Microsoft User Data`` itself.

A source recorded without a kind (``backup --source``) may go to the place of any of
these kinds. Links are resolved first: a place reached through a link that leaves the
home folder is not inside it. Anything else needs ``--to``. With or
without ``--to``, nothing is ever restored into the assistant's own files (the ``--demo``
snapshot ships inside them).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

import assistant
from assistant.backup.manifest import Manifest, ManifestSource
from assistant.backup.plan import BACKED_UP_KINDS, inside
from assistant.detect.outlook.mac import IDENTITIES_2011, PROFILES, USER_DATA_2011
from assistant.detect.thunderbird.profiles import profile_roots
from assistant.environment import Environment
from assistant.errors import AssistantError
from assistant.i18n import Translator
from assistant.resources import resource_root

_APPLE_MAIL_VERSION = re.compile(r"V\d+")


@dataclass(frozen=True)
class RestoreTarget:
    source: ManifestSource
    path: Path  # where the source goes
    occupied: bool  # something is there now: it will be moved aside, never deleted


def own_folders() -> list[Path]:
    """The assistant's own files: its resources (the ``--demo`` snapshot), its code, and a
    frozen build's unpacked folder."""
    folders = [resource_root(), Path(assistant.__file__).parent]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen is not None:  # pragma: no cover - frozen build only
        folders.append(Path(frozen))
    return [Path(os.path.realpath(f)) for f in folders]


def _real(path: Path) -> Path:
    """``path`` with every link in its folders resolved (the last name itself kept, so a
    link there is moved aside like anything else, never followed)."""
    return Path(os.path.realpath(path.parent)) / path.name


def _known_place(env: Environment, source: ManifestSource, real: Path) -> bool:
    """Is ``real`` (links resolved) where the assistant finds this kind of data? A source
    of no recorded kind (``backup --source``) may go to the place of any kind."""
    home = Path(os.path.realpath(env.home))
    if not inside(real, home) or real == home:
        return False
    kinds = BACKED_UP_KINDS if source.kind is None else (source.kind,)
    return any(_place_of(kind, env, source, real) for kind in kinds)


def _place_of(kind: str, env: Environment, source: ManifestSource, real: Path) -> bool:
    parent = real.parent
    if kind == "pst":
        return not source.is_folder and real.suffix.lower() == ".pst"
    if not source.is_folder:
        return False
    if kind == "thunderbird_profile":
        roots = [Path(os.path.realpath(root)) for root, _ in profile_roots(env)]
        return any(parent in (root, root / "Profiles") for root in roots)
    if kind == "apple_mail":
        mail = Path(os.path.realpath(env.home_path("Library", "Mail")))
        return parent == mail and _APPLE_MAIL_VERSION.fullmatch(real.name) is not None
    if kind == "outlook_mac_profile":
        folders = (env.home_path(*PROFILES), env.home_path(*IDENTITIES_2011))
        if any(parent == Path(os.path.realpath(f)) for f in folders):
            return True
        return real == Path(os.path.realpath(env.home_path(*USER_DATA_2011)))
    return False


def _origin(source: ManifestSource) -> Path | None:
    """The recorded origin as a path here; None when it is not a plain absolute path."""
    text = source.origin
    if not text or "\x00" in text:
        return None
    path = Path(text)
    if not path.is_absolute() or ".." in PurePath(text).parts:
        return None
    return path


def restore_targets(
    manifest: Manifest,
    to: Path | None,
    env: Environment,
    own: list[Path] | None = None,
) -> list[RestoreTarget]:
    """Where each source of ``manifest`` goes; one sentence refusing the first that may not
    go where it asks to (nothing is written before this has passed for every source)."""
    own = own_folders() if own is None else own
    if to is not None and os.path.lexists(to) and not to.is_dir():
        # Said before anything is planned: the plan listed "(new)" places under a file,
        # then the copy failed on "NAME.restoring (Not a directory)".
        raise AssistantError("redteam.restore.to_not_folder", to=str(to))
    targets: list[RestoreTarget] = []
    for source in manifest.sources:
        if to is not None:
            path = to / source.name
        else:
            origin = _origin(source)
            if origin is None or not _known_place(env, source, _real(origin)):
                raise AssistantError(
                    "restore.error.needs_to", name=source.name, origin=source.origin
                )
            path = origin
        real = _real(path.absolute())
        if any(inside(real, folder) for folder in own):
            raise AssistantError("restore.error.own_files", name=source.name, target=str(path))
        for earlier in targets:
            other = _real(earlier.path.absolute())
            if inside(real, other) or inside(other, real):
                raise AssistantError(
                    "restore.error.same_place", name=source.name, other=earlier.source.name
                )
        targets.append(RestoreTarget(source, path, os.path.lexists(path)))
    if not env.live and to is None:
        root = Path(os.path.realpath(env.root))
        for target in targets:
            if not inside(_real(target.path), root):  # a --home outside the --root
                raise AssistantError(
                    "restore.error.needs_to", name=target.source.name, origin=target.source.origin
                )
    return targets


def describe_targets(targets: list[RestoreTarget], tr: Translator) -> list[str]:
    """One line per item, for the user to read before confirming (terminal or GUI):
    ``NAME → PATH (new)`` or ``… (what is there now is moved aside, not deleted)``."""
    return [
        tr(
            "restore.plan.replace" if target.occupied else "restore.plan.new",
            name=target.source.name,
            target=str(target.path),
        )
        for target in targets
    ]
