"""Shared test helpers: the shared/ fixtures folder, small projects written to tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import write_project

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "infusion-pump"


def shared_dir() -> Path:
    env = os.environ.get("MEDSEC_SHARED")
    return Path(env) if env else (REPO.parent / "shared")


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if not path.is_dir():
        pytest.skip(
            f"shared fixtures not found at {path} (set MEDSEC_SHARED); real-world inputs not tested"
        )
    return path


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj")
