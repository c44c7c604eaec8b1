"""VEX documents out: CycloneDX 1.6, OpenVEX 0.2.0 and CSAF 2.0 (profile csaf_vex)."""
