"""The checklist of a small written project, as every checklist renderer receives it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.helpers import write_project

from medsec.outputs.checklist import ChecklistView
from medsec.services.check import CheckOptions, run

TODAY = date(2026, 11, 27)


@pytest.fixture
def check_view(tmp_path: Path) -> ChecklistView:
    result = run(CheckOptions(write_project(tmp_path / "p"), TODAY))
    return ChecklistView(result.checklist, result.context.project.device, TODAY)
