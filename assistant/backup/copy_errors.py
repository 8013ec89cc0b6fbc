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
