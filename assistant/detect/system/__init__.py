"""Which operating system and version the machine runs."""
