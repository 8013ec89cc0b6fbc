"""Backup speed and memory against plain tools, measured side by side in the same run.

Three measurements, each printed with its anchors beside the ratios:

1. A mailbox of many small files (default 100,000 files of 0.2-6 KB in a few hundred
   folders, laid out like Apple Mail's ``.emlx`` files)::

     cp -r SRC DST && sync    vs  mail-migration-assistant backup --source SRC --dest DST

   Both are durable: the backup flushes to the disk before it names its folder.
2. One large file (default 1 GiB): the same pair, then ``openssl dgst -sha256`` of the
   backup's copy vs ``mail-migration-assistant verify`` of the backup.
3. The backup's peak RSS (from ``wait4``) at several file counts (default 10,000 and
   100,000; add 500,000 with ``--rss-counts 10000,100000,500000``): it should stay flat.

Honest measuring: the source is read once first, so every contender reads it from the page
cache; every run writes into a destination folder of its own that nothing was deleted from
(on ext4, creating files right after a mass delete is up to 10x slower), and all deletes
happen at the end; an untimed ``sync`` settles the disk before each run; contenders
alternate, ``--reps`` rounds, and the median and the spread (min-max) are printed.
``--baseline TREE`` adds a third contender: the backup of another source tree (e.g. an
export of ``main``), so a before/after is measured in the same run.

Run: ``make bench`` or ``python bench/backup_bench.py --dir /var/tmp [--reps 5]``.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3
MIB = 1024**2
COLD = False  # --cold: every run starts with nothing in the page cache (root)


def make_large_file(path: Path, size: int) -> None:
    """Incompressible data written in 1 MiB blocks, each block different (a small block:
    this process's peak RSS is the floor of every child's, see ``run_timed``)."""
    block = bytearray(os.urandom(MIB))
    with path.open("wb") as f:
        written = 0
        index = 0
        while written < size:
            block[:8] = index.to_bytes(8, "little")
            count = min(len(block), size - written)
            f.write(memoryview(block)[:count])
            written += count
            index += 1


def make_mail_folders(root: Path, files: int, seed: int = 15) -> int:
    """An Apple Mail-like tree: ``V10/<account>/<mailbox>.mbox/<id>/Data/<a>/<b>/Messages/
    <n>.emlx``, about 330 messages of 0.2-6 KB per Messages folder. Returns the bytes."""
    rng = random.Random(seed)
    payload = os.urandom(64 * 1024)
    per_folder = 330
    folders: list[Path] = []
    for n in range(max(1, -(-files // per_folder))):
        account, mailbox = n % 3, n // 3
        folders.append(
            root
            / "V10"
            / f"ACCOUNT-{account:04d}"
            / f"Mailbox {mailbox:03d}.mbox"
            / "3A1F0C2E-7B4D-4E8A-9C61-5D2B8F0E1A77"
            / "Data"
            / str(n % 10)
            / str(n // 10 % 10)
            / "Messages"
        )
    total = 0
    for index, folder in enumerate(folders):
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(index * per_folder, min(files, (index + 1) * per_folder)):
            size = rng.randint(200, 6000)
            offset = rng.randrange(0, len(payload) - size)
            (folder / f"{n + 10000}.emlx").write_bytes(payload[offset : offset + size])
            total += size
    return total


class Run(NamedTuple):
    seconds: float  # wall
    cpu: float  # user + system, children included (cp and sync under the shell)
    peak_kib: int


def run_timed(argv: Sequence[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Wall and CPU seconds and peak RSS of one command (a shell line when given one string).

    Linux keeps a process's peak RSS across exec, so a child's figure is at least this
    process's own peak at the fork: the bench keeps its own memory small (printed at the end).
    """
    shell = len(argv) == 1
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv[0] if shell else list(argv),
            shell=shell,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            cwd=cwd,
            env=env,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"command failed ({code}): {argv}\n{text}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def warm(path: Path) -> None:
    subprocess.run(
        f"find '{path}' -type f -print0 | xargs -0 cat > /dev/null", shell=True, check=True
    )


def settle() -> None:
    """Written data on the disk; with --cold, the page cache emptied too (needs root)."""
    subprocess.run(["sync"], check=True)
    if COLD:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


class Contender:
    """One way of doing the work: a command line made for the run's fresh destination."""

    def __init__(
        self, name: str, command: Callable[[Path], tuple[list[str], Path, dict[str, str] | None]]
    ) -> None:
        self.name = name
        self.command = command
        self.runs: list[Run] = []

    def run(self, dest: Path) -> None:
        argv, cwd, env = self.command(dest)
        self.runs.append(run_timed(argv, cwd=cwd, env=env))

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_kib(self) -> int:
        return max(r.peak_kib for r in self.runs)

    def summary(self) -> str:
        t = sorted(self.times)
        rss = f"  peak RSS {self.peak_kib / 1024:6.1f} MB" if self.is_ours else ""
        return (
            f"{statistics.median(t):7.2f} s  (min {t[0]:.2f}, max {t[-1]:.2f}, n={len(t)})"
            f"  CPU {self.cpu:6.2f} s{rss}"
        )

    def ratios(self, anchor: Contender) -> str:
        """Against ``anchor``: medians, the median of each round's pair, and CPU."""
        paired = statistics.median(a / b for a, b in zip(self.times, anchor.times, strict=True))
        return (
            f"{self.median / anchor.median:5.2f}x  (paired by round {paired:.2f}x,"
            f" CPU {self.cpu / anchor.cpu:.2f}x)"
        )

    @property
    def is_ours(self) -> bool:
        return self.name.startswith(("backup", "verify"))

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def interleaved(reps: int, contenders: Sequence[Contender], dests: Path) -> None:
    """Every contender once per round, ``reps`` rounds, each into a folder of its own."""
    for rep in range(reps):
        # Alternate who goes first, so neither always follows the other.
        order = contenders if rep % 2 == 0 else list(reversed(contenders))
        for contender in order:
            settle()
            contender.run(dests / f"{contender.name.replace(' ', '_')}-{rep}")


def backup_command(
    tree: Path, source: Path
) -> Callable[[Path], tuple[list[str], Path, dict[str, str] | None]]:
    """The backup CLI of the source tree ``tree`` (this checkout, or a baseline export)."""
    env = dict(os.environ, PYTHONPATH=str(tree))

    def command(dest: Path) -> tuple[list[str], Path, dict[str, str] | None]:
        dest.mkdir(parents=True)
        cli = [sys.executable, "-m", "assistant", "--lang", "en"]
        return [*cli, "backup", "--source", str(source), "--dest", str(dest), "--json"], tree, env

    return command


def cp_sync_command(
    source: Path,
) -> Callable[[Path], tuple[list[str], Path, dict[str, str] | None]]:
    def command(dest: Path) -> tuple[list[str], Path, dict[str, str] | None]:
        dest.parent.mkdir(parents=True, exist_ok=True)
        return [f"cp -r '{source}' '{dest}' && sync"], ROOT, None

    return command


def copy_contenders(source: Path, baseline: Path | None) -> list[Contender]:
    contenders = [
        Contender("cp -r && sync", cp_sync_command(source)),
        Contender("backup", backup_command(ROOT, source)),
    ]
    if baseline is not None:
        contenders.append(Contender("backup (baseline)", backup_command(baseline, source)))
    return contenders


def print_copy(label: str, contenders: Sequence[Contender], target: float) -> None:
    anchor = contenders[0]
    print(f"\n== {label} ==  (interleaved, {'cold' if COLD else 'warm'} cache, load {load()})")
    for c in contenders:
        print(f"  {c.name:22s}{c.summary()}")
    for c in contenders[1:]:
        note = f"  target <= {target}" if c.name == "backup" else ""
        print(f"  {c.name} / {anchor.name}: {c.ratios(anchor)}{note}")
    print(flush=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_small(work: Path, files: int, reps: int, baseline: Path | None) -> None:
    source = work / f"mail-{files}"
    total = make_mail_folders(source, files)
    warm(source)
    dests = work / f"dests-small-{files}"
    contenders = copy_contenders(source, baseline)
    interleaved(reps, contenders, dests)
    print_copy(f"{files} small files, {total / MIB:.0f} MB", contenders, 1.3)


def bench_large(work: Path, size: int, reps: int, baseline: Path | None) -> Path:
    source = work / "large"
    source.mkdir()
    make_large_file(source / "Outlook.pst", size)
    warm(source)
    dests = work / "dests-large"
    contenders = copy_contenders(source, baseline)
    interleaved(reps, contenders, dests)
    print_copy(f"one {size / GIB:g} GiB file", contenders, 1.0)
    # Verify one of the backups against openssl on the same copy, both read warm.
    backup_dir = next((dests / "backup-0").iterdir())
    copy = backup_dir / "large" / "Outlook.pst"
    warm(backup_dir)
    cli = [sys.executable, "-m", "assistant", "--lang", "en"]
    checks = [
        Contender(
            "openssl dgst -sha256", lambda _d: ([f"openssl dgst -sha256 '{copy}'"], ROOT, None)
        ),
        Contender("verify", lambda _d: ([*cli, "verify", str(backup_dir)], ROOT, None)),
    ]
    if baseline is not None:
        env = dict(os.environ, PYTHONPATH=str(baseline))
        checks.append(
            Contender(
                "verify (baseline)", lambda _d: ([*cli, "verify", str(backup_dir)], baseline, env)
            )
        )
    for rep in range(reps):
        for c in checks if rep % 2 == 0 else list(reversed(checks)):
            c.run(Path())
    print(f"== verify the {size / GIB:g} GiB copy ==  (interleaved, warm cache, load {load()})")
    for c in checks:
        print(f"  {c.name:22s}{c.summary()}")
    for c in checks[1:]:
        note = "  target <= 1.2" if c.name == "verify" else ""
        print(f"  {c.name} / openssl dgst -sha256: {c.ratios(checks[0])}{note}")
    print(flush=True)
    return dests


def bench_rss(work: Path, counts: Sequence[int], baseline: Path | None) -> None:
    """Peak RSS of one durable backup, then of a verify of it, at each file count (and of
    the baseline tree's backup, when given)."""
    rows: list[str] = []
    for count in counts:
        source = work / f"mail-rss-{count}"
        make_mail_folders(source, count)
        warm(source)
        row = f"  {count:>8,} files"
        for name, tree in (("backup", ROOT), ("baseline", baseline)):
            if tree is None:
                continue
            dest = work / f"dests-rss-{count}-{name}"
            argv, cwd, env = backup_command(tree, source)(dest)
            settle()
            backup = run_timed(argv, cwd=cwd, env=env)
            row += f"   {name} {backup.peak_kib / 1024:6.1f} MB ({backup.seconds:5.1f} s)"
            if tree == ROOT:
                cli = [sys.executable, "-m", "assistant", "--lang", "en", "verify"]
                verify = run_timed([*cli, str(next(dest.iterdir()))], cwd=cwd, env=env)
                row += f"   verify {verify.peak_kib / 1024:6.1f} MB ({verify.seconds:5.1f} s)"
        rows.append(row)
        print(row, flush=True)
    print(f"== peak RSS by file count ==  (load {load()})")
    print("\n".join(rows))
    print("  (target: backup <= 150 MB at 100,000 files, flat as the count grows)\n", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="where to build the trees (default: a temporary folder)")
    parser.add_argument("--large-gib", type=float, default=1.0)
    parser.add_argument("--small-files", type=int, default=100_000)
    parser.add_argument("--rss-counts", default="10000,100000", help="comma-separated file counts")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another source tree to run alongside")
    parser.add_argument("--only", choices=("small", "large", "rss"), action="append")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the page cache before every run (Linux, root)",
    )
    args = parser.parse_args(argv)
    global COLD
    COLD = args.cold
    if COLD and not os.access("/proc/sys/vm/drop_caches", os.W_OK):
        parser.error("--cold needs root on Linux (it writes /proc/sys/vm/drop_caches)")
    parts = set(args.only or ("small", "large", "rss"))
    baseline = None if args.baseline is None else args.baseline.resolve()
    if args.dir is not None:  # made when missing (a folder on the disk to measure)
        Path(args.dir).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="backup-bench-", dir=args.dir))
    print(
        f"working in {work} ({os.cpu_count()} CPUs, load {load()}); python {sys.version.split()[0]}"
    )
    if baseline is not None:
        print(f"baseline tree: {baseline}")
    # An installed or frozen app runs from compiled bytecode; this machine's environment may
    # say PYTHONDONTWRITEBYTECODE, which would make every run compile the app again.
    for tree in (ROOT, baseline):
        if tree is not None:
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(tree / "assistant")], check=True
            )
    try:
        if "small" in parts:
            bench_small(work, args.small_files, args.reps, baseline)
        if "large" in parts:
            bench_large(work, int(args.large_gib * GIB), args.reps, baseline)
        if "rss" in parts:
            counts = [int(x) for x in args.rss_counts.split(",") if x]
            bench_rss(work, counts, baseline)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(the bench's own peak RSS, the floor of every figure above: {own:.1f} MB)")
    finally:
        # All deletes at the end, after every timed run.
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
