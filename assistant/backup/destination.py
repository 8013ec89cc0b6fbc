"""Where a backup goes by default: a dated folder under the user's Documents, private."""

# The engine works on plain strings from os_path() (speed, \\?\ long paths), not Path.
# ruff: noqa: PTH101, PTH102

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path

from assistant import platform_caps
from assistant.environment import Environment
from assistant.errors import AssistantError
from assistant.i18n import Translator

PARTIAL_SUFFIX = ".partial"


def default_backup_parent(env: Environment) -> Path:
    """The user's Documents folder (the localised one on a live machine)."""
    if env.live:
        import platformdirs

        return Path(platformdirs.user_documents_dir())
    return env.home_path("Documents")


def writable_backup_parent(env: Environment) -> Path:
    """``default_backup_parent``, unless that lies among the assistant's own bundled files
    (the ``--demo`` snapshot, a frozen build's unpacked folder): then the Documents folder
    of the user running the assistant, so a backup never lands inside the program."""
    from assistant.resources import resource_root

    parent = default_backup_parent(env)
    bundled = resource_root().resolve()
    if parent.resolve() == bundled or bundled in parent.resolve().parents:
        import platformdirs

        return Path(platformdirs.user_documents_dir())
    return parent


def backup_folder_name(tr: Translator, when: datetime) -> str:
    """``メールのバックアップ_2026-11-25_1412`` / ``Mail backup 2026-11-25 1412``."""
    return tr("mailbackup.folder_name", date=when.strftime("%Y-%m-%d"), time=when.strftime("%H%M"))


def refuse_file_as_destination(dest: Path) -> None:
    """A destination that is (or lies under) a file, a FIFO or a dangling link is said so
    before anything is created, rather than as a backup folder under it that "cannot be
    created (File exists)". A destination not made yet is created by the backup."""
    for folder in (dest, *dest.parents):
        try:
            mode = folder.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):  # not there, or under a file
            if folder.is_symlink():
                mode = 0  # a link to nothing: not a folder
            else:
                continue
        except OSError:
            return  # unreadable or unreachable: the creation of the folder says why
        if not stat.S_ISDIR(mode):
            raise AssistantError("homebound.error.dest_not_folder", dest=str(folder))
        return


def free_name(parent: Path, name: str) -> str:
    """``name``, or ``name (2)``, ... so that neither it nor its ``.partial`` exists yet."""
    candidate, number = name, 1
    while (parent / candidate).exists() or (parent / (candidate + PARTIAL_SUFFIX)).exists():
        number += 1
        candidate = f"{name} ({number})"
    return candidate


# A file system without permissions (FAT, exFAT through FUSE) answers chmod so.
_NO_PERMISSIONS = (errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM)


def make_private_folder(path: Path) -> bool:
    """Create ``path`` readable by the user only: mode 0700 on POSIX, an owner-only ACL on
    Windows. True when it is; on a file system without permissions (FAT) the folder is
    made all the same and False says it is not private."""
    os.mkdir(path, 0o700)
    if not platform_caps.CAPS.posix_modes:
        from assistant.backup.windows_acl import restrict_to_owner

        return restrict_to_owner(path)
    try:
        os.chmod(path, 0o700)
    except OSError as exc:
        if exc.errno not in _NO_PERMISSIONS:
            raise
        return False
    return True
