"""Detection: reads the machine through an Environment and returns facts, no verdicts."""
