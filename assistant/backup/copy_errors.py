"""The sentences a copy fails with: a source it cannot read, a destination it cannot write
(full, or another error), and a copy that is not what was read."""

from __future__ import annotations

import errno

from assistant.errors import AssistantError

_SPACE_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})


class CopyMismatch(AssistantError):
    """What was read back from the destination is not what was written."""


def out_of_space(error: OSError) -> bool:
    return error.errno in _SPACE_ERRNOS


def source_unreadable(path: str, error: OSError) -> AssistantError:
    """The one sentence for a source file or folder that cannot be read."""
    reason = error.strerror or str(error)
    return AssistantError("mailbackup.error.source_unreadable", file=path, reason=reason)


def write_error(error: OSError, dest: str) -> AssistantError:
    if out_of_space(error):
        return AssistantError("mailbackup.error.disk_full", file=dest)
    reason = error.strerror or str(error)
    return AssistantError("mailbackup.error.write_failed", file=dest, reason=reason)


def copy_mismatch(dest: str) -> CopyMismatch:
    return CopyMismatch("mailbackup.error.copy_mismatch", file=dest)


# The engine reads and writes for the backup and for the restore; its sentences say
# "so the backup cannot be made". A restore says what failed in its own words.
_RESTORE_WORDS = {
    "mailbackup.error.source_unreadable": "hostile.restore.backup_file_unreadable",
    "mailbackup.error.source_not_regular": "hostile.restore.backup_file_not_regular",
}


def in_restore_words(error: AssistantError) -> AssistantError:
    """An engine error as the restore says it (the others are the same for both)."""
    key = _RESTORE_WORDS.get(error.message.key)
    if key is None:
        return error
    return AssistantError(key, **error.message.params)
