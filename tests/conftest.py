"""Shared test helpers: the shared/ fixtures folder, small projects written to tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import write_project

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "infusion-pump"


def shared_dir() -> Path:
    env = os.environ.get("MEDSEC_SHARED")
    return Path(env) if env else (REPO.parent / "shared")


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """medsec's caches (parse caches, downloads) in a folder of this test run, never the user's."""
    previous = os.environ.get("MEDSEC_CACHE")
    os.environ["MEDSEC_CACHE"] = str(tmp_path_factory.mktemp("medsec-cache"))
    yield
    if previous is None:
        os.environ.pop("MEDSEC_CACHE", None)
    else:
        os.environ["MEDSEC_CACHE"] = previous


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
