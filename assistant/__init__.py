"""Mail Migration Assistant: moves desktop mail apps from basic auth to modern auth."""

__version__ = "0.1.0"
