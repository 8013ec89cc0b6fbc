"""The frozen build against a bare QWizard frozen by the same PyInstaller (make bench-dist).

    .venv/bin/python bench/dist_bench.py [--reps N] [--no-build] [--top N]

Builds both one-folder programs (installer.spec, and bench/bare_qwizard/bare_qwizard.spec
with PyInstaller's defaults), then prints:
  - each folder's size and the ratio (the target: the assistant at most 70 % of the bare),
  - each one's time to first window, offscreen, alternating assistant and bare in one run,
  - the assistant's command-line start to exit (``check``), which loads no Qt,
  - the largest files left in the assistant's folder.

Time to first window is measured from outside: from starting the process to the moment
its window was shown. Both programs print one JSON line with ``window_shown_s`` and
``total_s`` (the assistant's ``smoke-test`` prints it after its diagnosis, the bare one right
away), so the time is: when the line arrived, minus what the program did after showing the
window (``total_s - window_shown_s``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))

import frozen_build as fb  # noqa: E402

APP = "mail-migration-assistant"
BARE = "bare-qwizard"


def first_window_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    arrived = time.perf_counter()
    process.stdout.read()
    if process.wait(timeout=120) != 0:
        raise SystemExit(f"{command[0]} failed (exit {process.returncode})")
    timings = json.loads(line)
    if not timings.get("ok"):
        raise SystemExit(f"{command[0]}: not ok: {line.strip()}")
    after_window = float(timings["total_s"]) - float(timings["window_shown_s"])
    return arrived - started - after_window


def run_seconds(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, env=env, check=False, timeout=120)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10, help="runs of each program (alternated)")
    parser.add_argument("--no-build", action="store_true", help="reuse the last builds")
    parser.add_argument("--top", type=int, default=15, help="how many of the largest files")
    args = parser.parse_args(argv)

    out = ROOT / "build" / "work" / "bench"
    app_dist, bare_dist = out / "dist-app", out / "dist-bare"
    if not args.no_build:
        app_s = fb.pyinstaller(ROOT / "installer.spec", app_dist, out / "work-app")
        bare_s = fb.pyinstaller(
            ROOT / "bench" / "bare_qwizard" / "bare_qwizard.spec", bare_dist, out / "work-bare"
        )
        print(f"build time: assistant {app_s:.1f} s, bare QWizard {bare_s:.1f} s")
    app_folder, bare_folder = app_dist / APP, bare_dist / BARE

    app_size, bare_size = fb.bundle_bytes(app_folder), fb.bundle_bytes(bare_folder)
    print(
        f"size: assistant {fb.mb(app_size)}, bare QWizard {fb.mb(bare_size)}, "
        f"ratio {app_size / bare_size:.2f} (target <= 0.70)"
    )

    with tempfile.TemporaryDirectory() as logs:
        env = fb.frozen_environment(Path(logs))
        app_cmd = [str(fb.program(app_folder, APP)), "smoke-test"]
        bare_cmd = [str(fb.program(bare_folder, BARE))]
        # One warm-up each (the page cache), then alternate so load changes hit both alike.
        first_window_seconds(app_cmd, env)
        first_window_seconds(bare_cmd, env)
        check_cmd = [str(fb.program(app_folder, APP)), "check", "thunderbird", "102.2.0"]
        app_times, bare_times, check_times = [], [], []
        for _ in range(args.reps):
            app_times.append(first_window_seconds(app_cmd, env))
            bare_times.append(first_window_seconds(bare_cmd, env))
            check_times.append(run_seconds(check_cmd, env))

    def summary(times: list[float]) -> str:
        return (
            f"median {statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"
        )

    ratio = statistics.median(app_times) / statistics.median(bare_times)
    print(f"time to first window, offscreen, {args.reps} alternated runs each:")
    print(f"  assistant     {summary(app_times)}")
    print(f"  bare QWizard  {summary(bare_times)}")
    print(f"  ratio of medians {ratio:.2f}")
    print(f"command line (check thunderbird 102.2.0, start to exit): {summary(check_times)}")

    print(f"largest files in the assistant's folder ({app_folder}):")
    for f in fb.largest(app_folder, args.top):
        print(f"  {f.size / 1_000_000:6.1f} MB  {f.path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
