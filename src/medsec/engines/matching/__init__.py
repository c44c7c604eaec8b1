"""Matching components to advisories: per-ecosystem version order, OSV ranges, CPE, findings."""
