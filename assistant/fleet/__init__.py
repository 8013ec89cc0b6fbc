"""Many machines' reports -> one fleet picture (the ``summarize`` command)."""
