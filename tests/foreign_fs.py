"""Real FAT32, exFAT and NTFS file systems for the tests, in user space (FUSE), each
mounted from an image file under the test's temporary folder and unmounted afterwards.

- FAT32: ``mkfs.vfat -F 32`` + ``fusefat`` (dosfstools, fusefat). fusefat 0.1a stores
  only ASCII long names (a Japanese one is refused with EPERM) and reports no size
  (``statvfs`` answers zero blocks).
- exFAT: ``mkfs.exfat`` + ``mount.exfat-fuse`` (exfatprogs, exfat-fuse); run as root it
  wants a block device, so the image is attached to a loop device first (``losetup``).
- NTFS: ``mkntfs`` + ``ntfs-3g -o windows_names`` (ntfs-3g): refuses what Windows
  refuses (``CON``, ``a:b``, a trailing dot or space).

``.ci/run`` installs these packages. Where FUSE or a loop device is not available the
tests that need them are skipped, saying which.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

IMAGE_BYTES = 64 * 1024 * 1024
KINDS = ("fat32", "exfat", "ntfs")


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)


def _start_daemon(log: Path, *argv: str) -> str:
    """A FUSE daemon: its output to a file, not a pipe (a daemon that keeps the pipe
    open, as ntfs-3g does, would make us wait for it to end); what it said."""
    with log.open("w") as out:
        subprocess.run(argv, stdout=out, stderr=out, check=False, timeout=60)
    return log.read_text(errors="replace")


def _need(*tools: str) -> None:
    if not os.path.exists("/dev/fuse"):
        pytest.skip("no /dev/fuse here: FUSE file systems cannot be mounted")
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (.ci/run installs it)")


def _unmount(point: Path) -> None:
    for argv in (("fusermount", "-u", str(point)), ("umount", str(point))):
        if shutil.which(argv[0]) and _run(*argv).returncode == 0:
            return


def _mounted(point: Path) -> bool:
    real = os.path.realpath(point)
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        return any(line.split()[4] == real for line in f)


@contextmanager
def foreign_volume(kind: str, base: Path) -> Iterator[Path]:
    """A freshly made ``kind`` file system mounted at ``base/KIND``; unmounted after."""
    image, point, log = base / f"{kind}.img", base / kind, base / f"{kind}.log"
    point.mkdir(parents=True)
    with image.open("wb") as f:
        f.truncate(IMAGE_BYTES)
    with ExitStack() as stack:
        if kind == "fat32":
            _need("mkfs.vfat", "fusefat")
            _check(_run("mkfs.vfat", "-F", "32", str(image)), kind)
            said = _start_daemon(log, "fusefat", "-o", "rw+", str(image), str(point))
        elif kind == "exfat":
            _need("mkfs.exfat", "mount.exfat-fuse")
            _check(_run("mkfs.exfat", str(image)), kind)
            device = str(image)
            if os.geteuid() == 0:  # as root exfat-fuse wants a block device
                if shutil.which("losetup") is None:
                    pytest.skip("losetup is not installed: exFAT needs a loop device as root")
                attached = _run("losetup", "-f", "--show", str(image))
                if attached.returncode != 0:
                    pytest.skip(f"no loop device for the exFAT image: {attached.stderr.strip()}")
                device = attached.stdout.strip()
                stack.callback(_run, "losetup", "-d", device)
            said = _start_daemon(log, "mount.exfat-fuse", device, str(point))
        elif kind == "ntfs":
            _need("mkntfs", "ntfs-3g")
            _check(_run("mkntfs", "-F", "-Q", str(image)), kind)
            said = _start_daemon(log, "ntfs-3g", "-o", "windows_names", str(image), str(point))
        else:  # pragma: no cover - a typo in a test
            raise ValueError(kind)
        if not _mounted(point):
            pytest.skip(f"{kind} could not be mounted here: {said.strip()[-300:]}")
        stack.callback(_unmount, point)
        yield point


def _check(made: subprocess.CompletedProcess[str], kind: str) -> None:
    if made.returncode != 0:
        pytest.fail(f"making the {kind} image failed: {made.stderr.strip()}")
