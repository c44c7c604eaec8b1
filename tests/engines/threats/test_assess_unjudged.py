"""The short way ``assess`` takes for entries nobody judged gives what the full way gives."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from tests.helpers import write_project

from medsec.domain.threat import Assessment, RegisterEntry
from medsec.engines.threats.assess import assess_all
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import UNASSESSED, merge
from medsec.project.loader import load_project

REPO = Path(__file__).resolve().parents[3]
D1 = date(2026, 1, 1)


def synthetic(tmp_path: Path) -> Path:
    """A generated model of 60 elements and flows (varied protocols, functions, data)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic_model import model

    return write_project(tmp_path / "synthetic", model(60))


@pytest.mark.parametrize("which", ["example", "synthetic"])
def test_unassessed_entries_assess_as_the_full_way_does(tmp_path: Path, which: str) -> None:
    root = REPO / "examples" / "infusion-pump" if which == "example" else synthetic(tmp_path)
    project = load_project(root)
    entries, _ = merge(generate(project).threats, (), D1)
    entries = tuple(replace(e, obsolete=i % 7 == 0) for i, e in enumerate(entries))
    assert all(e.assessment is UNASSESSED for e in entries)
    # an equal assessment that is not the shared one takes the full way
    full: tuple[RegisterEntry, ...] = tuple(replace(e, assessment=Assessment()) for e in entries)
    assert assess_all(project, entries, D1) == assess_all(project, full, D1)
