"""qrsign's version: one copy, read by the package, the manifest and ``pyproject.toml`` (dynamic version)."""

__version__ = "0.3.9"
