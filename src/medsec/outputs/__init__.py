"""Renderers: turn domain values and engine results into files people and tools read."""
