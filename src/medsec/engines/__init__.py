"""Pure functions over domain values: threats, matching, SBOM, VEX, pentest, surface, compliance."""
