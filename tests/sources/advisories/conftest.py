"""Paths to the real advisory fixtures in shared/ (tests skip when shared/ is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def advisories_dir(shared: Path) -> Path:
    path = shared / "fixtures" / "advisories"
    if not path.is_dir():
        pytest.skip(f"{path} not found: real advisory fixtures not tested")
    return path


@pytest.fixture
def nvd_dir(advisories_dir: Path) -> Path:
    return advisories_dir / "nvd-cve-2.0" / "vulnfeeds" / "test_data" / "nvdcve-2.0"


@pytest.fixture
def kev_json(advisories_dir: Path) -> Path:
    return advisories_dir / "cisa-kev" / "known_exploited_vulnerabilities.json"


@pytest.fixture
def epss_csv(advisories_dir: Path) -> Path:
    return advisories_dir / "epss" / "epss_scores-current.head41.csv"
