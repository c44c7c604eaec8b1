"""Device SBOM exporters: CycloneDX (JSON, XML), SPDX 2.3 (JSON, tag-value), SPDX 3 JSON-LD."""
