"""The human-readable report: a view model built from domain values, rendered to HTML."""
