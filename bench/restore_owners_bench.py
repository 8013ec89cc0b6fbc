"""What keeping owners, groups and modes costs a restore, measured side by side.

Builds a Thunderbird-like tree of ``--files`` small files (default 20,000) in a temporary
folder, backs it up once, then restores it ``--reps`` times each way, interleaved:
the restore as it is (``owners_like`` walks the restored copy against what it replaces:
one lstat per entry on each side, chown/chmod only where they differ) and the same
restore with that step turned into a no-op. Prints the median seconds and the ratio.
Run: ``python bench/restore_owners_bench.py [--files N] [--reps N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from assistant.backup import restore as restore_module
from assistant.backup.job import BackupJob
from assistant.backup.plan import SourceRequest, plan_backup
from assistant.backup.restore import RestoreJob


def make_tree(top: Path, files: int) -> None:
    for n in range(files):
        folder = top / f"Mail{n // 500:03d}"
        if n % 500 == 0:
            folder.mkdir(parents=True)
        (folder / f"msg{n:06d}.eml").write_bytes(os.urandom(1500 + n % 3000))


def restore_once(backup: Path, to: Path, keep_owners: bool) -> float:
    """Seconds for one restore over an existing copy (so there is something to match)."""
    original = restore_module.owners_like
    if not keep_owners:
        restore_module.owners_like = lambda _new, _old: None  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        result = RestoreJob(backup, to=to).run()
        seconds = time.perf_counter() - started
    finally:
        restore_module.owners_like = original
    assert result.status == "completed", result.error
    for item in result.restored:
        if item.moved_aside is not None:
            shutil.rmtree(item.moved_aside)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="restore-owners-") as tmp:
        base = Path(tmp)
        make_tree(base / "src" / "abcd.default", args.files)
        plan = plan_backup([SourceRequest(base / "src" / "abcd.default")], base / "b", "backup")
        assert BackupJob(plan).run().status == "completed"
        to = base / "restored"
        restore_once(plan.final_dir, to, True)  # the first one has nothing to replace
        kept: list[float] = []
        plain: list[float] = []
        for _ in range(args.reps):
            kept.append(restore_once(plan.final_dir, to, True))
            plain.append(restore_once(plan.final_dir, to, False))
        with_owners, without = statistics.median(kept), statistics.median(plain)
        print(f"files: {args.files}, runs each: {args.reps}")
        print(f"restore keeping owners and modes: {with_owners:.2f} s (median)")
        print(f"restore without that step:        {without:.2f} s (median)")
        print(f"ratio: {with_owners / without:.3f}")


if __name__ == "__main__":
    main()
