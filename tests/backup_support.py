"""Shared by the backup tests: a realistic source tree, a byte-for-byte snapshot of it, an
Apple Mail-like tree of many small files, and second copying processes that fail."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import sys
from pathlib import Path

from portability import CAN_FIFO, CAN_SYMLINK, CAN_UNIX_SOCKET, DEEP_PATH_LENGTH

from assistant.backup.manifest import Manifest, load_manifest

JAPANESE = "受信トレイ"
EMOJI = "📧 メモ 🗂️.eml"


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` (links not followed): kind, size, mtime_ns, SHA-256 or target."""
    found: dict[str, tuple[object, ...]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                found[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
                found[rel] = ("file", st.st_size, st.st_mtime_ns, digest, stat.S_IMODE(st.st_mode))
            elif stat.S_ISDIR(st.st_mode):
                found[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                found[rel] = ("special", stat.S_IFMT(st.st_mode))
    if root.is_file():
        st = root.stat()
        found["."] = ("file", st.st_size, st.st_mtime_ns, sha256_of(root))
    return found


def files_only(tree: dict[str, tuple[object, ...]]) -> dict[str, tuple[object, ...]]:
    """Regular files: what a restore brings back (lock files, FIFOs, sockets are not)."""
    locks = {"lock", ".parentlock", "parent.lock"}
    return {k: v[:4] for k, v in tree.items() if v[0] == "file" and k not in locks}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def deep_folder(base: Path, min_length: int = DEEP_PATH_LENGTH) -> Path:
    """A folder nested deep enough that its path is ``min_length`` characters or more."""
    path = base
    level = 0
    while len(str(path)) < min_length:
        path = path / f"階層{level:02d}-{'x' * 40}"
        level += 1
    path.mkdir(parents=True)
    return path


def thunderbird_like_profile(root: Path, *, with_socket: bool = True) -> Path:
    """A profile tree with what a real one has, and the awkward cases."""
    profile = root / "abcd1234.default-release"
    mail = profile / "ImapMail" / "outlook.office365.com"
    mail.mkdir(parents=True)
    (profile / "prefs.js").write_text(
        'user_pref("mail.server.server1.hostname", "outlook.office365.com");\n', encoding="utf-8"
    )
    (mail / "INBOX").write_bytes(b"From - Mon Jan 1 00:00:00 2024\r\nSubject: hi\r\n\r\nbody\r\n")
    (mail / "INBOX.msf").write_bytes(os.urandom(3000))
    (mail / JAPANESE).write_bytes(("件名: テスト\n" * 200).encode("utf-8"))
    (mail / EMOJI).write_bytes(b"emoji")
    (mail / "empty").write_bytes(b"")
    (deep_folder(profile / "deep") / "last.eml").write_bytes(b"deep mail")
    # Thunderbird's lock on Linux: a symlink to "IP:+PID" (dangling once Thunderbird quit).
    # (Symbolic links, FIFOs and sockets only where the system makes them: see portability.)
    if CAN_SYMLINK:
        os.symlink("127.0.1.1:+4194303", profile / "lock")
        os.symlink("prefs.js", profile / "prefs-link.js")
    (profile / ".parentlock").write_bytes(b"")
    if CAN_FIFO:
        os.mkfifo(profile / "a-fifo")
    if with_socket and CAN_UNIX_SOCKET:
        # Bound by a relative name: a socket path is limited to ~100 characters.
        cwd = os.getcwd()
        sock = socket.socket(socket.AF_UNIX)
        try:
            os.chdir(profile)
            sock.bind("a-socket")
        finally:
            os.chdir(cwd)
            sock.close()
    old = 1_500_000_000_000_000_000
    os.utime(mail / "INBOX", ns=(old, old))
    return profile


def backup_folder(dest: Path) -> Path:
    """The one backup made under ``dest``."""
    (found,) = [p for p in dest.iterdir() if p.is_dir()]
    assert not found.name.endswith(".partial")
    return found


def manifest_of(dest: Path) -> Manifest:
    return load_manifest(backup_folder(dest))


def mail_folders(root: Path, files: int, per_folder: int = 50) -> Path:
    """Apple Mail-like: ``Messages`` folders of ``per_folder`` small ``.emlx`` files."""
    for n in range(files):
        folder = root / f"Mailbox {n // per_folder:03d}.mbox" / "Messages"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{n + 100}.emlx").write_bytes(b"Subject: %d\n\n" % n + b"x" * (n % 700))
    return root


# A stand-in for the second process that says it is ready, then copies nothing: it
# answers every batch "stopped at the first file" (as at a file it cannot read).
STOPS_AT_ONCE = """
import json, sys
print("ready", flush=True)
for line in sys.stdin:
    print(json.dumps({"done": []}), flush=True)
"""
# One that starts copying the first batch (creates three of its files, half written),
# then dies without answering.
DIES_HALFWAY = """
import json, sys
print("ready", flush=True)
for name in [f[4] for f in json.loads(sys.stdin.readline())["files"][:3]]:
    with open(name, "xb") as half:
        half.write(b"Subject: half")
sys.exit(9)
"""
BROKEN_SECOND_PROCESSES = [
    "stops at the first file",
    "dies halfway through a batch",
    "ends after saying it is ready",
    "says something else",
    "cannot start",
]


def broken_second_process(kind: str, tmp_path: Path) -> list[str]:
    """The command of a second copying process that fails as ``kind`` says."""
    return {
        "stops at the first file": [sys.executable, "-c", STOPS_AT_ONCE],
        "dies halfway through a batch": [sys.executable, "-c", DIES_HALFWAY],
        "ends after saying it is ready": [sys.executable, "-c", "print('ready', flush=True)"],
        "says something else": [sys.executable, "-c", "print('hello', flush=True)"],
        "cannot start": [str(tmp_path / "no-such-program")],
    }[kind]
