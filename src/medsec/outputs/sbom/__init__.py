"""Renderers of ``medsec sbom`` (``registry.py``: one registry per command) and the SBOM
sections of the report.

The package imports nothing itself: the SBOM report sections, which every check loads, do not
pull in the CycloneDX and SPDX writers (70 ms of imports).
"""
