"""Restore speed of a mailbox of many small files against ``cp -r && sync``, side by side.

Builds an Apple Mail-like tree (default 100,000 files of 0.2-6 KB in a few hundred
folders, ``backup_bench.make_mail_folders``), backs it up once, then restores that backup
``--reps`` rounds, interleaved (who goes first alternates)::

    cp -r BACKUP/SOURCE DST && sync   vs   mail-migration-assistant restore BACKUP --to DST

Both are durable: the restore flushes each source to the disk before it takes its place.
``--baseline TREE`` adds the restore of another source tree (e.g. ``git archive`` of
``main``), so a before/after is measured in the same run; ``--in-process`` adds this
tree's restore with the second copying process turned off (two lanes in one process).

Honest measuring as in ``backup_bench``: the backup is read once first, so every contender
reads it from the page cache; every run writes into a fresh folder that nothing was
deleted from (on ext4, creating files right after a mass delete is much slower), and all
deletes happen at the end; an untimed ``sync`` settles the disk before each run. Wall
time, CPU time (user + system, the second process and ``cp``/``sync`` included) and the
load average are printed: other work on the machine shows in the spread.

Run: ``python bench/restore_bench.py --dir /var/tmp [--files 100000] [--reps 5]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from backup_bench import (
    MIB,
    ROOT,
    Contender,
    backup_command,
    interleaved,
    load,
    make_mail_folders,
    run_timed,
    warm,
)

Command = Callable[[Path], tuple[list[str], Path, dict[str, str] | None]]

# This tree's restore job with the second copying process turned off (no CLI option).
IN_PROCESS = """
import sys
from pathlib import Path
from assistant.backup.restore import RestoreJob
result = RestoreJob(Path(sys.argv[1]), to=Path(sys.argv[2]), second_process=False).run()
sys.exit(result.status != "completed")
"""


def restore_command(tree: Path, backup: Path) -> Command:
    """The restore CLI of the source tree ``tree`` (this checkout, or a baseline export)."""
    env = dict(os.environ, PYTHONPATH=str(tree))

    def command(dest: Path) -> tuple[list[str], Path, dict[str, str] | None]:
        dest.mkdir(parents=True)
        cli = [sys.executable, "-m", "assistant", "--lang", "en"]
        return [*cli, "restore", str(backup), "--to", str(dest), "--json"], tree, env

    return command


def in_process_command(backup: Path) -> Command:
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def command(dest: Path) -> tuple[list[str], Path, dict[str, str] | None]:
        dest.mkdir(parents=True)
        return [sys.executable, "-c", IN_PROCESS, str(backup), str(dest)], ROOT, env

    return command


def cp_sync_command(source: Path) -> Command:
    def command(dest: Path) -> tuple[list[str], Path, dict[str, str] | None]:
        dest.mkdir(parents=True)
        return [f"cp -r '{source}' '{dest}/' && sync"], ROOT, None

    return command


def report(label: str, contenders: Sequence[Contender], loads: tuple[str, str]) -> None:
    anchor = contenders[0]
    print(f"\n== {label} ==  (interleaved; load before {loads[0]}, after {loads[1]})")
    for c in contenders:
        print(f"  {c.name:26s}{c.summary()}")
    for c in contenders[1:]:
        print(f"  {c.name} / {anchor.name}: {c.ratios(anchor)}")
    ours = {c.name: c for c in contenders}
    new, old = ours.get("restore"), ours.get("restore (baseline)")
    if new is not None and old is not None:
        print(f"  restore / restore (baseline): {new.ratios(old)}")
    print(flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="where to build the trees (default: a temporary folder)")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another source tree to run alongside")
    parser.add_argument(
        "--in-process", action="store_true", help="also this restore without a second process"
    )
    args = parser.parse_args(argv)
    baseline = None if args.baseline is None else args.baseline.resolve()
    work = Path(tempfile.mkdtemp(prefix="restore-bench-", dir=args.dir))
    print(
        f"working in {work} ({os.cpu_count()} CPUs, load {load()}); python {sys.version.split()[0]}"
    )
    if baseline is not None:
        print(f"baseline tree: {baseline}")
    for tree in (ROOT, baseline):  # run from compiled bytecode, as an installed app does
        if tree is not None:
            subprocess.run(
                [sys.executable, "-m", "compileall", "-q", str(tree / "assistant")], check=True
            )
    try:
        source = work / "Mail"
        total = make_mail_folders(source, args.files)
        argv_, cwd, env = backup_command(ROOT, source)(work / "backup")
        made = run_timed(argv_, cwd=cwd, env=env)
        backup = next((work / "backup").iterdir())
        print(f"backed up {args.files} files, {total / MIB:.0f} MB in {made.seconds:.1f} s")
        warm(backup)
        contenders = [
            Contender("cp -r && sync", cp_sync_command(backup / source.name)),
            Contender("restore", restore_command(ROOT, backup)),
        ]
        if args.in_process:
            contenders.append(Contender("restore, one process", in_process_command(backup)))
        if baseline is not None:
            contenders.append(Contender("restore (baseline)", restore_command(baseline, backup)))
        before = load()
        interleaved(args.reps, contenders, work / "dests")
        for contender in contenders[1:]:  # each restored the whole tree
            restored = work / "dests" / f"{contender.name.replace(' ', '_')}-0" / source.name
            count = sum(len(files) for _, _, files in os.walk(restored))
            if count != args.files:
                raise SystemExit(f"{contender.name} restored {count} files of {args.files}")
        label = f"restore {args.files} small files, {total / MIB:.0f} MB"
        report(label, contenders, (before, load()))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # all deletes at the end
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
