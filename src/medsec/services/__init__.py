"""Use cases, one module per command: options in, values out; the CLI chooses the format."""
