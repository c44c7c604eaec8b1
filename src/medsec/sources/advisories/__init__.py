"""Vulnerability data sources: OSV, NVD CVE API 2.0, CISA KEV, FIRST EPSS (parse, collect, download)."""
