"""How fast and how small ``summarize`` is on a generated fleet.

Generates N collected reports (the demo machine's real JSON report, varied per
machine; 1 in 200 broken), then runs, interleaved, each in a fresh process:

- baseline: read every file and ``json.loads`` it, nothing else (the floor);
- summarize: ``python -m assistant summarize DIR --format F`` to /dev/null.

Prints reports/second, the ratio to the baseline, and the peak RSS of each process;
a second, smaller fleet shows whether memory grows with the number of reports.

    python bench/summarize_bench.py [--reports 10000] [--reps 3] [--format text]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from fleet_samples import write_fleet  # noqa: E402

BASELINE = """
import json, os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        with open(os.path.join(folder, name), "rb") as f:
            try:
                json.loads(f.read())
            except ValueError:
                pass
"""

# The child reports its own peak RSS (VmHWM of its own address space: ru_maxrss would
# carry the generator's peak over the exec on Linux).
PEAK = """
import runpy, sys
try:
    {body}
finally:
    with open("/proc/self/status") as status:
        peak = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    sys.stderr.write("VmHWM " + (peak[0] if peak else "0") + "\\n")
"""


def child(body: str, argv: list[str]) -> list[str]:
    code = PEAK.replace("{body}", body)
    return [sys.executable, "-c", code, *argv]


def run(argv: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one child process."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("VmHWM ")]
    if not peaks or done.returncode not in (0, 1):
        raise SystemExit(f"{argv[3:]} failed ({done.returncode}): {done.stderr[-500:]}")
    return elapsed, int(peaks[-1])


def measure(folder: Path, reports: int, reps: int, form: str) -> None:
    baseline = child(f"exec({BASELINE!r})", [str(folder)])
    as_main = (
        "sys.argv = ['assistant', *sys.argv[1:]]; "
        "runpy.run_module('assistant', run_name='__main__')"
    )
    summarize = child(
        as_main,
        ["--lang", "en", "summarize", str(folder), "--format", form],
    )
    times: dict[str, list[float]] = {"baseline": [], "summarize": []}
    rss: dict[str, int] = {"baseline": 0, "summarize": 0}
    for _ in range(reps):
        for name, argv in (("baseline", baseline), ("summarize", summarize)):
            elapsed, peak = run(argv)
            times[name].append(elapsed)
            rss[name] = max(rss[name], peak)
    base, summ = statistics.median(times["baseline"]), statistics.median(times["summarize"])
    print(f"{reports:>6} reports  baseline (read + json.loads): {reports / base:8.0f} reports/s,"
          f" peak RSS {rss['baseline'] / 1024:6.1f} MiB")  # fmt: skip
    print(f"{reports:>6} reports  summarize --format {form:<5}: {reports / summ:8.0f} reports/s,"
          f" peak RSS {rss['summarize'] / 1024:6.1f} MiB,"
          f" {summ:.2f} s, {summ / base:.2f}x the baseline's time")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--format", default="text", choices=("text", "csv", "html"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
        for count in (args.reports // 10, args.reports):
            folder = Path(tmp) / f"fleet-{count}"
            start = time.perf_counter()
            broken = write_fleet(folder, count, broken_every=200)
            print(f"generated {count} reports ({broken} broken) in "
                  f"{time.perf_counter() - start:.1f} s under {folder}")  # fmt: skip
            measure(folder, count, args.reps, args.format)
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(the generator itself peaked at {self_rss:.1f} MiB)")


if __name__ == "__main__":
    main()
