"""How the prefs.js reader copes with damaged files: seconds and peak memory for a
baseline (a real-looking prefs.js) and for garbage of the same size (";" only, "a;"
repeated), side by side, with the ratio to the baseline. Parsing must stay linear:
garbage may not cost much more than real statements.

    python bench/prefs_hostile.py [MEGABYTES]
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from assistant.detect.thunderbird.prefs import parse_prefs  # noqa: E402


def measure(data: bytes) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    parse_prefs(data)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak


def main(megabytes: int = 4) -> None:
    size = megabytes * 1024 * 1024
    line = b'user_pref("mail.server.server1.hostname", "outlook.office365.com");\n'
    cases = {
        "baseline (real statements)": line * (size // len(line)),
        "';' only": b";" * size,
        "'a;' repeated": b"a;" * (size // 2),
    }
    base_s = base_mem = 0.0
    for name, data in cases.items():
        seconds, peak = measure(data)
        if not base_s:
            base_s, base_mem = seconds, peak
        print(
            f"{name:28} {megabytes} MB: {seconds:7.2f} s ({seconds / base_s:5.2f}x)"
            f"  peak {peak / 2**20:7.1f} MB ({peak / base_mem:5.2f}x)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
