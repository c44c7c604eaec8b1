"""Pure SBOM analyses: NTIA/FDA completeness, end of support, duplicates, diff."""
