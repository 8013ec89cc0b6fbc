from assistant.cli import leave, main

raise SystemExit(leave(main()))
