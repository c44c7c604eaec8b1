"""Pentest and scanner report readers: one module per format, each a pure ``parse(bytes)``."""
