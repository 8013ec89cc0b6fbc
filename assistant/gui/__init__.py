"""PySide6 front end over the core: shows and asks, never decides."""
