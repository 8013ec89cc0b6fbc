"""Building a spec with PyInstaller and looking at the result; shared by
``build/test_dist.py`` (make test-dist) and ``bench/dist_bench.py`` (make bench-dist)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pyinstaller(spec: Path, distpath: Path, workpath: Path) -> float:
    """Build ``spec`` into ``distpath``; the wall time in seconds. Raises on failure."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--workpath",
            str(workpath),
            "--distpath",
            str(distpath),
            str(spec),
        ],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def program(folder: Path, name: str) -> Path:
    """The executable ``name`` in a one-folder build (``.exe`` on Windows)."""
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


@dataclass(frozen=True)
class BundleFile:
    path: str  # relative to the build folder, forward slashes
    size: int


def bundle_files(folder: Path, *, links: bool = False) -> list[BundleFile]:
    """Every regular file of a build folder. Symlinks (a macOS .app links its data files
    from Contents/Frameworks to Contents/Resources) are left out unless ``links``, and
    then listed with size 0, so that sizes are never counted twice."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        names = filenames + (
            [d for d in dirnames if (Path(dirpath) / d).is_symlink()] if links else []
        )
        for filename in names:
            path = Path(dirpath) / filename
            if path.is_symlink():
                if links:
                    found.extend(_linked(folder, path))
                continue
            if not path.is_file():
                continue
            found.append(BundleFile(path.relative_to(folder).as_posix(), path.stat().st_size))
    return found


def _linked(folder: Path, link: Path) -> list[BundleFile]:
    """The files reachable through one symlink, named by where the link is."""
    if link.is_file():
        return [BundleFile(link.relative_to(folder).as_posix(), 0)]
    if link.is_dir():
        return [
            BundleFile((link / p.relative_to(link.resolve())).relative_to(folder).as_posix(), 0)
            for p in link.resolve().rglob("*")
            if p.is_file()
        ]
    return []


def bundle_bytes(folder: Path) -> int:
    return sum(f.size for f in bundle_files(folder))


def largest(folder: Path, count: int) -> list[BundleFile]:
    return sorted(bundle_files(folder), key=lambda f: f.size, reverse=True)[:count]


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def frozen_environment(log_dir: Path) -> dict[str, str]:
    """The environment the frozen program runs in for tests and benchmarks: offscreen, and
    its log file in ``log_dir`` rather than the user's log folder."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["MAIL_MIGRATION_ASSISTANT_LOG_DIR"] = str(log_dir)
    env.setdefault("PYTHONUTF8", "1")
    return env
