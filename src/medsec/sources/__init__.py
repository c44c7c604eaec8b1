"""Input adapters: one pure ``parse(bytes) -> domain`` module per format."""
