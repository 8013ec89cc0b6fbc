"""Time to the first page of the wizard against a bare QWizard script, side by side.

Each run starts a fresh interpreter and times it from the start of the process to the
moment the first page is on screen (the child prints "shown" after the window's first
round of events, then exits at once). Wall time and the child's CPU time (user + system,
which a loaded machine disturbs less) are both taken. The two programs alternate in one
run, so load slows both alike; the medians and their ratios are printed. Target: <= 1.3.

The assistant starts as the desktop's shortcut, the Start menu and the macOS app start it:
no words on its command line, the language from the environment (``LANG``) and no
language remembered from an earlier run (an empty settings folder, ``XDG_CONFIG_HOME``).

Run: ``make bench-startup`` or ``python bench/startup_bench.py [--reps N] [--lang ja]``.
Offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set. ``--same-page`` adds a third
program to the alternation (``startup/bare_same_page.py``: plain Qt showing the same widgets
and Japanese texts as the first page): its ratio is what the page's content alone costs,
the gap to the assistant's is what the program around the page costs.

Then the first Next (``startup/first_next.py``, ``--next-reps`` runs, 0 for none): the
Welcome page read for 1.5 s, Next pressed; the time from the click to the Check page
painted (the Check page is built while the user reads, so Next does not stall).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent / "startup"


def first_page_seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds to "shown", CPU seconds of the child, which exits right after)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, env=env) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        child.wait(timeout=60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if line.strip() != b"shown":
        raise SystemExit(f"{command[1]} did not show its first page (exit {child.returncode})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=15, help="runs of each (default 15)")
    parser.add_argument("--lang", default="ja", choices=("ja", "en"))
    parser.add_argument(
        "--same-page", action="store_true", help="also time the same page in plain Qt"
    )
    parser.add_argument(
        "--next-reps", type=int, default=5, help="runs timing the first Next (default 5)"
    )
    args = parser.parse_args()
    env = dict(os.environ)
    # As installed (pip compiles on install, the frozen build carries bytecode): the
    # untimed first run of each leaves the compiled modules in __pycache__.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["MAIL_MIGRATION_ASSISTANT_LOG_DIR"] = env.get(
        "MAIL_MIGRATION_ASSISTANT_LOG_DIR", str(Path("/tmp") / "mma-bench-logs")
    )
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):  # the user's language is LANG's
        env.pop(name, None)
    env["LANG"] = "ja_JP.UTF-8" if args.lang == "ja" else "en_US.UTF-8"
    with tempfile.TemporaryDirectory(prefix="mma-bench-settings-") as settings:
        env["XDG_CONFIG_HOME"] = settings  # no language remembered from an earlier run
        return compare(args, env)


def compare(args: argparse.Namespace, env: dict[str, str]) -> int:
    bare = [sys.executable, str(HERE / "bare_qwizard.py"), args.lang]
    ours = [sys.executable, str(HERE / "first_page.py")]  # no words, as a shortcut starts it
    commands = {"bare": bare, "ours": ours}
    labels = {"bare": "bare QWizard script", "ours": "the assistant (gui)"}
    if args.same_page:  # Japanese texts whatever --lang: an analysis, not the target
        commands["same"] = [sys.executable, str(HERE / "bare_same_page.py")]
        labels["same"] = "same page in plain Qt (ja)"
    for command in commands.values():  # one untimed run each: page cache warm, bytecode written
        first_page_seconds(command, env)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.reps):
        for name, command in commands.items():
            runs[name].append(first_page_seconds(command, env))
    print(f"time to the first page, median of {args.reps} alternated runs ({sys.platform}):")
    print(f"{'':28s} {'wall ms':>9s} {'CPU ms':>9s}")
    medians = {}
    for name, label in labels.items():
        wall = statistics.median(r[0] for r in runs[name])
        cpu = statistics.median(r[1] for r in runs[name])
        medians[name] = (wall, cpu)
        print(f"{label:28s} {wall * 1000:9.1f} {cpu * 1000:9.1f}")
    if args.same_page:
        wall_same = medians["same"][0] / medians["bare"][0]
        cpu_same = medians["same"][1] / medians["bare"][1]
        print(f"{'ratio same page / bare':28s} {wall_same:9.2f} {cpu_same:9.2f}")
    wall_ratio = medians["ours"][0] / medians["bare"][0]
    cpu_ratio = medians["ours"][1] / medians["bare"][1]
    print(f"{'ratio assistant / bare':28s} {wall_ratio:9.2f} {cpu_ratio:9.2f}   (target <= 1.3)")
    if args.next_reps > 0:
        print_first_next(args.next_reps, env)
    return 0


def print_first_next(reps: int, env: dict[str, str]) -> None:
    """Median ms from the first Next click to the Check page painted."""
    command = [sys.executable, str(HERE / "first_next.py")]
    walls, cpus = [], []
    for _ in range(reps):
        out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        words = out.stdout.split()
        if len(words) != 4 or words[0] != "next" or words[3] != "check":
            raise SystemExit(f"first_next.py did not reach the Check page (exit {out.returncode})")
        walls.append(float(words[1]))
        cpus.append(float(words[2]))
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"{'first Next -> Check page':28s} {wall:9.1f} {cpu:9.1f}   (median of {reps}, ms)")


if __name__ == "__main__":
    sys.exit(main())
