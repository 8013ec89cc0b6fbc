"""Entry point of the frozen build (PyInstaller needs a script, not a package)."""

from assistant.cli import main

raise SystemExit(main())
