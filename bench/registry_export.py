"""How fast the .reg reader is: a synthetic regedit export (40,000 keys, 160,000
values of every common type), parsed and built into a registry. Prints MB/s.

    python bench/registry_export.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from regexport import dword, export_v5, hex_value, sz, utf16  # noqa: E402

from assistant.detect.registry.exported import ExportedRegistry  # noqa: E402
from assistant.detect.registry.regfile import parse_export  # noqa: E402


def main(keys: int = 40_000) -> None:
    sections = [
        (
            f"HKEY_LOCAL_MACHINE\\SOFTWARE\\Bench\\K{i}",
            [
                sz("Name", f"value {i} 日本語"),
                dword("N", i),
                utf16("Bin", "x" * 60),
                hex_value("Blob", bytes(range(200))),
            ],
        )
        for i in range(keys)
    ]
    data = export_v5(sections)
    start = time.perf_counter()
    operations = parse_export(data, "bench.reg")
    parsed = time.perf_counter()
    ExportedRegistry().apply(operations)
    built = time.perf_counter()
    megabytes = len(data) / 1e6
    print(
        f"{megabytes:.1f} MB, {len(operations)} operations: parse {parsed - start:.2f} s "
        f"({megabytes / (parsed - start):.1f} MB/s), build {built - parsed:.2f} s"
    )


if __name__ == "__main__":
    main()
