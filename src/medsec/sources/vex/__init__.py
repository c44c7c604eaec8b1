"""VEX documents in: CycloneDX (JSON 1.4-1.7, XML 1.4-1.6, VEX or a full BOM), OpenVEX (0.2.0
and the older 0.0.x shapes, JSON or YAML) and CSAF 2.0, each read into medsec.domain.vex."""
