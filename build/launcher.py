"""Entry point of the frozen build (PyInstaller needs a script, not a package)."""

import os
import sys

# A Windows GUI-subsystem program (mail-migration-assistant.exe) starts without standard
# streams: sys.stdout is None there, and a command given to it (instead of to
# mail-migration-assistant-cli.exe) would fail on its first write. Its output goes nowhere,
# as Windows does with every GUI program; the exit code still tells the result.
# Elsewhere a missing stdout is a user's `>&-`: the CLI says so (assistant.cli.stdout)
# instead of writing the report nowhere and exiting as if it had been printed.
for _name in ("stdout", "stderr") if sys.platform == "win32" else ("stderr",):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115, PTH123

if sys.argv[1:] == ["--copy-helper"]:  # a backup's second copying process
    from assistant.backup.copy_helper import serve

    raise SystemExit(serve())

from assistant.cli import leave, main  # noqa: E402

raise SystemExit(leave(main()))
