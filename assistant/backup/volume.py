"""The file system a backup goes to: its type, its free space, its allocation unit.

USB sticks and external disks are FAT32, exFAT or NTFS; Macs write APFS or HFS+; a
network share is SMB. What differs and matters to a backup:

- FAT32 cannot hold a file of 4 GiB or more (a large PST): refused before copying.
- Every file takes whole clusters: the space check rounds each size up to one.
- Some file systems (FUSE ones, some network ones) report no size at all: the free
  space is then unknown, not zero; the copy goes on and a full disk is caught as it comes.
- On Windows the free space that counts is the caller's (disk quotas).

Read from ``/proc/self/mountinfo`` on Linux, ``statfs`` on macOS and
``GetVolumeInformationW`` / ``GetDiskFreeSpaceExW`` on Windows, chosen by capability.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant import platform_caps

log = logging.getLogger(__name__)

FAT32_LIMIT = 4 * 1024**3  # a FAT32 file is at most 4 GiB - 1 byte
DEFAULT_CLUSTER = 4096

# File-system type names as each system reports them -> ours.
_LINUX_TYPES = {
    "vfat": "fat32",
    "msdos": "fat32",
    "fuse.fusefat": "fat32",
    "exfat": "exfat",
    "fuse.exfat": "exfat",
    "ntfs": "ntfs",
    "ntfs3": "ntfs",
    "fuse.ntfs-3g": "ntfs",
    "cifs": "smb",
    "smb3": "smb",
    "hfsplus": "hfs+",
    "apfs": "apfs",
    "fuse.apfs-fuse": "apfs",
}
_MACOS_TYPES = {
    "msdos": "fat32",
    "exfat": "exfat",
    "ntfs": "ntfs",
    "smbfs": "smb",
    "hfs": "hfs+",
    "apfs": "apfs",
}
_WINDOWS_TYPES = {"fat32": "fat32", "fat": "fat32", "exfat": "exfat", "ntfs": "ntfs"}
# Where a FAT/exFAT/NTFS boot sector names itself (a FUSE mount names only "fuse").
_SIGNATURES = ((3, b"NTFS    ", "ntfs"), (3, b"EXFAT   ", "exfat"), (82, b"FAT32   ", "fat32"))


@dataclass(frozen=True)
class Volume:
    fs_type: str  # fat32, exfat, ntfs, apfs, hfs+, smb, or the system's own name
    free_bytes: int | None  # None: the file system reports no size
    cluster_bytes: int = DEFAULT_CLUSTER
    via_fuse: bool = False  # served by a user-space driver (Linux FUSE)

    @property
    def display_name(self) -> str:
        """The type as people write it: FAT32, exFAT, NTFS, APFS, HFS+, SMB."""
        names = {"fat32": "FAT32", "exfat": "exFAT", "ntfs": "NTFS", "apfs": "APFS"}
        return {**names, "hfs+": "HFS+", "smb": "SMB"}.get(self.fs_type, self.fs_type)

    @property
    def max_file_bytes(self) -> int | None:
        return FAT32_LIMIT - 1 if self.fs_type == "fat32" else None

    @property
    def windows_names(self) -> bool:
        """Names follow Windows' rules: no ``CON``, no ``:``, no trailing dot or space."""
        return self.fs_type in ("fat32", "exfat", "ntfs", "smb")

    @property
    def case_insensitive(self) -> bool:
        return self.fs_type in ("fat32", "exfat", "smb", "apfs", "hfs+")

    @property
    def time_step_ns(self) -> int:
        """How finely the file system keeps a modification time."""
        return {"fat32": 2_000_000_000, "exfat": 10_000_000, "smb": 100, "ntfs": 100}.get(
            self.fs_type, 1
        )

    @property
    def has_permissions(self) -> bool:
        """Whether a mode (0700) can make a folder private (FAT and exFAT have none)."""
        return self.fs_type not in ("fat32", "exfat")

    @property
    def read_back_apart(self) -> bool:
        """Whether a copy is read back through a handle of its own, opened for the read.
        User-space drivers may answer the writing handle from their own buffer (fusefat
        returns zeros for a tail just written), and a network client from its cache; a
        handle opened after the write reads what a later reader will."""
        return self.via_fuse or self.fs_type == "smb"

    def space_for(self, size: int) -> int:
        """What a file of ``size`` bytes takes: whole clusters."""
        cluster = self.cluster_bytes
        return -(-size // cluster) * cluster


def volume_of(path: Path) -> Volume:
    """The volume holding ``path`` (or its nearest existing parent)."""
    folder = existing_ancestor(path)
    api = platform_caps.CAPS.volume_api
    if api == "win32":
        return _windows_volume(folder)
    if api == "statfs":
        return _macos_volume(folder)
    return _linux_volume(folder)


def existing_ancestor(path: Path) -> Path:
    """``path``, or its nearest parent that exists (a place not made yet is on its volume)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


# ---- Linux ---------------------------------------------------------------------------


def _linux_volume(folder: Path) -> Volume:
    fs_type, fuse = "other", False
    found = mount_of(os.path.realpath(folder))
    if found is not None:
        kind, source = found
        fs_type = _LINUX_TYPES.get(kind, kind)
        fuse = kind in ("fuse", "fuseblk") or kind.startswith("fuse.")
        if fuse:
            fs_type = _from_boot_sector(source) or fs_type
    return _with_statvfs(folder, fs_type, fuse)


def _with_statvfs(folder: Path, fs_type: str, fuse: bool = False) -> Volume:
    if sys.platform == "win32":  # the type checker's test: Windows has no statvfs
        return Volume(fs_type, None)
    try:
        st = os.statvfs(folder)
    except OSError:
        return Volume(fs_type, None, via_fuse=fuse)
    unit = st.f_frsize or st.f_bsize
    cluster = unit if unit > 0 else DEFAULT_CLUSTER
    if st.f_blocks == 0:  # no size reported (fusefat, some network file systems)
        return Volume(fs_type, None, cluster, fuse)
    return Volume(fs_type, st.f_bavail * unit, cluster, fuse)


def mount_of(real_path: str, mountinfo: str = "/proc/self/mountinfo") -> tuple[str, str] | None:
    """(file-system type, source) of the mount holding ``real_path``: the longest mount
    point above it."""
    try:
        with open(mountinfo, encoding="utf-8", errors="surrogateescape") as f:  # noqa: PTH123
            lines = f.read().splitlines()
    except OSError:
        return None
    best: tuple[int, str, str] | None = None
    for line in lines:
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 2:
            continue
        point = _unescape(fields[4])
        inside = real_path == point or real_path.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), tail[0], _unescape(tail[1]))
    return None if best is None else (best[1], best[2])


def _unescape(text: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        text = text.replace(code, char)
    return text


def _from_boot_sector(source: str) -> str | None:
    """A FUSE mount of an image or a device: the boot sector says FAT32, exFAT or NTFS."""
    if not source.startswith("/"):
        return None
    try:
        with open(source, "rb") as f:  # noqa: PTH123
            head = f.read(512)
    except OSError:  # a device only root may read: the type stays "fuse"
        return None
    for offset, signature, fs_type in _SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return fs_type
    return None


# ---- macOS ---------------------------------------------------------------------------


def _macos_volume(folder: Path) -> Volume:
    """``statfs``: ``f_fstypename`` (apfs, hfs, msdos, exfat, smbfs, ...), ``f_bsize``."""
    name = _statfs_type_name(folder)
    fs_type = _MACOS_TYPES.get(name, name or "other")
    return _with_statvfs(folder, fs_type)


def _statfs_type_name(folder: Path) -> str:
    if sys.platform != "darwin":  # the type checker's test; the flag chose this branch
        return ""
    import ctypes

    class StatFs(ctypes.Structure):  # <sys/mount.h>, 64-bit inodes
        _fields_ = (
            ("f_bsize", ctypes.c_uint32),
            ("f_iosize", ctypes.c_int32),
            ("f_blocks", ctypes.c_uint64),
            ("f_bfree", ctypes.c_uint64),
            ("f_bavail", ctypes.c_uint64),
            ("f_files", ctypes.c_uint64),
            ("f_ffree", ctypes.c_uint64),
            ("f_fsid", ctypes.c_int32 * 2),
            ("f_owner", ctypes.c_uint32),
            ("f_type", ctypes.c_uint32),
            ("f_flags", ctypes.c_uint32),
            ("f_fssubtype", ctypes.c_uint32),
            ("f_fstypename", ctypes.c_char * 16),
            ("f_mntonname", ctypes.c_char * 1024),
            ("f_mntfromname", ctypes.c_char * 1024),
            ("f_flags_ext", ctypes.c_uint32),
            ("f_reserved", ctypes.c_uint32 * 7),
        )

    libc = ctypes.CDLL(None, use_errno=True)
    try:
        statfs = libc["statfs$INODE64"]  # Intel Macs: the 64-bit-inode variant by name
    except AttributeError:
        statfs = libc.statfs  # Apple silicon has only that one
    result = StatFs()
    if statfs(os.fsencode(folder), ctypes.byref(result)) != 0:
        return ""
    return bytes(result.f_fstypename).split(b"\0", 1)[0].decode("ascii", "replace").lower()


# ---- Windows -------------------------------------------------------------------------


def _windows_volume(folder: Path) -> Volume:
    """``GetVolumeInformationW`` for the type, ``GetDiskFreeSpaceExW`` for the space the
    caller may use (quotas), ``GetDiskFreeSpaceW`` for the cluster."""
    if sys.platform != "win32":  # the type checker's test; the flag chose this branch
        return Volume("other", None)
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    path = str(folder)
    root = ctypes.create_unicode_buffer(261)
    if not kernel32.GetVolumePathNameW(path, root, len(root)):
        return Volume("other", None)
    name = ctypes.create_unicode_buffer(261)
    got = kernel32.GetVolumeInformationW(root, None, 0, None, None, None, name, len(name))
    fs_type = _WINDOWS_TYPES.get(name.value.lower(), name.value.lower()) if got else "other"
    if kernel32.GetDriveTypeW(root) == 4:  # DRIVE_REMOTE: a network share
        fs_type = "smb"
    caller_free = ctypes.c_ulonglong()
    free: int | None = None
    if kernel32.GetDiskFreeSpaceExW(path, ctypes.byref(caller_free), None, None):
        free = caller_free.value
    sectors, sector_bytes = wintypes.DWORD(), wintypes.DWORD()
    clusters_free, clusters = wintypes.DWORD(), wintypes.DWORD()
    cluster = DEFAULT_CLUSTER
    if kernel32.GetDiskFreeSpaceW(
        root,
        ctypes.byref(sectors),
        ctypes.byref(sector_bytes),
        ctypes.byref(clusters_free),
        ctypes.byref(clusters),
    ):
        cluster = sectors.value * sector_bytes.value or DEFAULT_CLUSTER
    return Volume(fs_type, free, cluster)
