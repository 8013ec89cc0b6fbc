"""What this operating system can do, as named capabilities rather than ``sys.platform``.

Code that behaves differently on Windows, macOS and Linux asks one of these flags, read
at call time (``platform_caps.CAPS.positioned_read``), never a copy taken at import. The
tests replace ``CAPS`` with the flags of another system, so the Windows and macOS branches
run, and are proved, on Linux as well:

    monkeypatch.setattr(platform_caps, "CAPS", platform_caps.WINDOWS)

Only what a flag can stand for is chosen this way: a branch that calls a Windows or macOS
API (ctypes into kernel32, ``statfs``) still needs that system, and is type-checked here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Capabilities:
    # ``os.pread``: a read at an offset that leaves the file position alone. Without it a
    # read-back must use a handle of its own (Windows has none).
    positioned_read: bool
    # ``fsync`` on a handle opened read-only fails (Windows: FlushFileBuffers needs write
    # access, EBADF); a file is flushed through a writable handle there.
    fsync_needs_writable: bool
    # ``fsync`` stops at the drive's cache; ``fcntl(F_FULLFSYNC)`` reaches the medium
    # (macOS: fsync alone does not survive a power cut on external disks).
    full_fsync: bool
    # ``os.utime`` on an open descriptor; elsewhere on the path once the file is closed
    # (on Windows closing a written file may set its time again).
    utime_on_descriptor: bool
    # A folder can be opened and flushed (POSIX); Windows cannot open a folder for that.
    flush_folders: bool
    # A file marked read-only can neither be deleted nor replaced (Windows); POSIX asks
    # only for a writable folder.
    read_only_blocks_replace: bool
    # The system copies a range from file to file in the kernel (Linux copy_file_range).
    kernel_copy: bool
    # Linux's control of writeback: start it early on a written range (posix_fadvise
    # DONTNEED), flush one file system at once (syncfs).
    writeback_control: bool
    # Modes mean something: chmod 0700 makes a folder private (POSIX). On Windows privacy
    # is an ACL matter.
    posix_modes: bool
    # How a volume's type and free space are read: "mountinfo" (Linux /proc), "statfs"
    # (macOS), "win32" (GetVolumeInformationW, GetDiskFreeSpaceExW).
    volume_api: str


WINDOWS = Capabilities(
    positioned_read=False,
    fsync_needs_writable=True,
    full_fsync=False,
    utime_on_descriptor=False,
    flush_folders=False,
    read_only_blocks_replace=True,
    kernel_copy=False,
    writeback_control=False,
    posix_modes=False,
    volume_api="win32",
)
MACOS = Capabilities(
    positioned_read=True,
    fsync_needs_writable=False,
    full_fsync=True,
    utime_on_descriptor=True,
    flush_folders=True,
    read_only_blocks_replace=False,
    kernel_copy=False,
    writeback_control=False,
    posix_modes=True,
    volume_api="statfs",
)
LINUX = Capabilities(
    positioned_read=True,
    fsync_needs_writable=False,
    full_fsync=False,
    utime_on_descriptor=True,
    flush_folders=True,
    read_only_blocks_replace=False,
    kernel_copy=True,
    writeback_control=True,
    posix_modes=True,
    volume_api="mountinfo",
)


def of_this_system() -> Capabilities:
    """The flags of the system running now, from what it offers where that can be seen."""
    if sys.platform == "win32":
        return WINDOWS
    base = MACOS if sys.platform == "darwin" else LINUX
    import fcntl

    return Capabilities(
        positioned_read=hasattr(os, "pread") and hasattr(os, "preadv"),
        fsync_needs_writable=False,
        full_fsync=base.full_fsync and hasattr(fcntl, "F_FULLFSYNC"),
        utime_on_descriptor=os.utime in os.supports_fd,
        flush_folders=True,
        read_only_blocks_replace=False,
        kernel_copy=base.kernel_copy and hasattr(os, "copy_file_range"),
        writeback_control=base.writeback_control and hasattr(os, "posix_fadvise"),
        posix_modes=True,
        volume_api=base.volume_api,
    )


CAPS = of_this_system()
