"""Load and save a device security project; pydantic lives at this boundary only."""
