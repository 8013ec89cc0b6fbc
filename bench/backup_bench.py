"""Backup speed and memory against plain tools, measured side by side in the same run.

Builds two synthetic trees in a temporary folder: one ~2 GB PST-like file, and a
Thunderbird-like profile of ~20,000 small files. For each tree it times, with the source
warm in the page cache for both sides (``--cold``: emptied before every run, as for a
mailbox not read since the PC started) and a ``sync`` (untimed) between runs:

  cp -r SRC DEST            vs  mail-migration-assistant backup --source SRC --dest DEST
  cp -r SRC DEST && sync    vs  the same backup (it flushes to disk before the rename)
  cp -r SRC DEST            vs  the backup engine with the final flush turned off
  sha256sum (every file)    vs  mail-migration-assistant verify BACKUP

and reports the peak RSS of the assistant's process (from wait4). The median of --reps
runs is used. Run: ``make bench`` or ``python bench/backup_bench.py [--small-only]``.
``--dir`` on a tmpfs (``mount -t tmpfs -o size=7g tmpfs /mnt/x``) takes the disk out and
shows the CPU cost alone; on a disk shared with other work the figures vary run to run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3
MIB = 1024**2


def make_pst_like(path: Path, size: int) -> None:
    """Incompressible data written in 16 MiB blocks, each block different."""
    block = bytearray(os.urandom(16 * MIB))
    with path.open("wb") as f:
        written = 0
        index = 0
        while written < size:
            block[:8] = index.to_bytes(8, "little")
            count = min(len(block), size - written)
            f.write(memoryview(block)[:count])
            written += count
            index += 1


def make_thunderbird_like(root: Path, files: int, seed: int = 6) -> int:
    """A profile tree: prefs, ImapMail/Mail folders with mbox files, .msf indexes, caches."""
    rng = random.Random(seed)
    payload = os.urandom(256 * 1024)
    (root / "prefs.js").write_text('user_pref("mail.server.server1.hostname", "x");\n')
    folders = [root / "ImapMail" / f"outlook.office365-{i}.com" for i in range(4)]
    folders += [
        root / "Mail" / "Local Folders" / f"Archives.sbd/{year}" for year in range(2010, 2026)
    ]
    folders += [root / "cache2" / "entries" / f"{i:02X}" for i in range(48)]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(files - 1):
        folder = folders[n % len(folders)]
        size = min(int(rng.lognormvariate(7.5, 1.3)), len(payload))  # median ~1.8 KB
        name = f"msg{n:05d}" + rng.choice((".eml", ".msf", "", ".json"))
        offset = rng.randrange(0, len(payload) - size + 1)
        (folder / name).write_bytes(payload[offset : offset + size])
        total += size
    return total


def run_timed(argv: Sequence[str], shell: bool = False) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        argv if not shell else argv[0],
        shell=shell,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {argv}")
    return seconds, usage.ru_maxrss


def warm(path: Path) -> None:
    subprocess.run(
        f"find '{path}' -type f -print0 | xargs -0 cat > /dev/null", shell=True, check=True
    )


COLD = False  # --cold: every run starts with nothing in the page cache


def settle() -> None:
    """Written data on the disk; with --cold, the page cache emptied too (needs root)."""
    subprocess.run(["sync"], check=True)
    if COLD:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def interleaved(
    reps: int, runs: dict[str, Callable[[], tuple[float, int]]]
) -> dict[str, tuple[float, int]]:
    """Run every contender once per round, ``reps`` rounds: the median time, the peak RSS."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    peaks: dict[str, int] = dict.fromkeys(runs, 0)
    for _ in range(reps):
        for name, one in runs.items():
            seconds, peak = one()
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    return {name: (statistics.median(times[name]), peaks[name]) for name in runs}


def bench_tree(label: str, source: Path, work: Path, reps: int) -> dict[str, float]:
    python = sys.executable
    cli = [python, "-m", "assistant", "--lang", "en"]
    warm(source)
    settle()

    def fresh(name: str) -> Path:
        dest = work / name
        if dest.exists():
            shutil.rmtree(dest)
        settle()
        return dest

    def cp_once(with_sync: bool) -> tuple[float, int]:
        dest = fresh("cp-dest")
        command = f"cp -r '{source}' '{dest}'" + (" && sync" if with_sync else "")
        result = run_timed([command], shell=True)
        fresh("cp-dest")
        return result

    def backup_once() -> tuple[float, int]:
        dest = fresh("backup-dest")
        dest.mkdir()
        result = run_timed([*cli, "backup", "--source", str(source), "--dest", str(dest), "--json"])
        fresh("backup-dest")
        return result

    def engine_once() -> tuple[float, int]:
        """The same backup without the final flush to disk (what cp -r alone compares to)."""
        dest = fresh("engine-dest")
        code = (
            "import sys; from pathlib import Path\n"
            "from assistant.backup.plan import SourceRequest, plan_backup\n"
            "from assistant.backup.job import BackupJob\n"
            "plan = plan_backup([SourceRequest(Path(sys.argv[1]))], Path(sys.argv[2]), 'b')\n"
            "assert BackupJob(plan, durable=False).run().status == 'completed'\n"
        )
        result = run_timed([python, "-c", code, str(source), str(dest)])
        fresh("engine-dest")
        return result

    copy = interleaved(
        reps,
        {
            "cp": lambda: cp_once(False),
            "backup": backup_once,
            "cp_sync": lambda: cp_once(True),
            "engine": engine_once,
        },
    )
    # One backup kept for the verify comparison, read once so both sides start warm.
    keep = work / "kept"
    keep.mkdir()
    run_timed([*cli, "backup", "--source", str(source), "--dest", str(keep)])
    backup_dir = next(keep.iterdir())
    warm(backup_dir)
    sha_cmd = f"find '{backup_dir}' -type f ! -name manifest.json -print0 | xargs -0 sha256sum"
    check = interleaved(
        reps,
        {
            "sha256sum": lambda: (settle(), run_timed([sha_cmd], shell=True))[1],
            "verify": lambda: (settle(), run_timed([*cli, "verify", str(backup_dir)]))[1],
        },
    )
    shutil.rmtree(keep)
    settle()
    (cp_s, _), (cp_sync_s, _) = copy["cp"], copy["cp_sync"]
    (backup_s, backup_rss), (engine_s, engine_rss) = copy["backup"], copy["engine"]
    (sha_s, _), (verify_s, verify_rss) = check["sha256sum"], check["verify"]
    cache = "cold cache" if COLD else "warm cache"
    print(f"\n== {label} ==  (median of {reps}, interleaved, {cache})")
    print(f"  cp -r            {cp_s:8.2f} s")
    print(f"  cp -r && sync    {cp_sync_s:8.2f} s")
    print(f"  backup           {backup_s:8.2f} s   peak RSS {backup_rss / 1024:6.1f} MB")
    print(f"  backup, no flush {engine_s:8.2f} s   peak RSS {engine_rss / 1024:6.1f} MB")
    print(f"  sha256sum        {sha_s:8.2f} s")
    print(f"  verify           {verify_s:8.2f} s   peak RSS {verify_rss / 1024:6.1f} MB")
    print(f"  backup / cp -r          {backup_s / cp_s:5.2f}x   (target <= 1.3)")
    print(f"  backup / cp -r && sync  {backup_s / cp_sync_s:5.2f}x   (both flushed to disk)")
    print(f"  no-flush / cp -r        {engine_s / cp_s:5.2f}x   (neither flushed)")
    print(f"  verify / sha256sum      {verify_s / sha_s:5.2f}x   (target <= 1.2)", flush=True)
    return {"peak_mb": max(backup_rss, verify_rss, engine_rss) / 1024}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="where to build the trees (default: a temporary folder)")
    parser.add_argument("--pst-gb", type=float, default=2.0)
    parser.add_argument("--small-files", type=int, default=20_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--small-only", action="store_true")
    parser.add_argument("--pst-only", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the page cache before every run (Linux, root): a mailbox not read "
        "since the computer started, as on a user's PC",
    )
    args = parser.parse_args(argv)
    global COLD
    COLD = args.cold
    if COLD and not os.access("/proc/sys/vm/drop_caches", os.W_OK):
        parser.error("--cold needs root on Linux (it writes /proc/sys/vm/drop_caches)")
    work = Path(tempfile.mkdtemp(prefix="backup-bench-", dir=args.dir))
    try:
        print(f"building trees in {work} ({os.cpu_count()} CPUs) ...", flush=True)
        peaks = []
        if not args.small_only:
            pst_dir = work / "pst"
            pst_dir.mkdir()
            make_pst_like(pst_dir / "Outlook.pst", int(args.pst_gb * GIB))
            peaks.append(
                bench_tree(f"one {args.pst_gb:g} GB PST-like file", pst_dir, work, args.reps)
            )
            shutil.rmtree(pst_dir)
        if not args.pst_only:
            profile = work / "abcd1234.default-release"
            profile.mkdir()
            total = make_thunderbird_like(profile, args.small_files)
            label = f"Thunderbird-like profile, {args.small_files} files, {total / MIB:.0f} MB"
            peaks.append(bench_tree(label, profile, work, args.reps))
        peak = max(p["peak_mb"] for p in peaks)
        print(f"\npeak RSS of the assistant: {peak:.1f} MB (target <= 150)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
