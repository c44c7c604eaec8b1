"""Views of the vulnerability database: ``medsec db status`` and import/update summaries."""
