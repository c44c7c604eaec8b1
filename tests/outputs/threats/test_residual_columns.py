"""Every threat-register format shows inherent → residual, and which control set which metric."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.engines.threats.assess import assess_all
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.outputs.threats import ThreatsView, markdown, text
from medsec.outputs.threats import json as json_format
from medsec.project.loader import load_project

TODAY = date(2026, 11, 27)
FAIL_SAFE = (
    "  - id: fail-safe\n    name: Fail-safe\n    category: resilience\n"
    "    applies_to: [pump-fw]\n    requirement: SR-2\n    verified_by: [TC-2]\n"
)


@pytest.fixture
def view(tmp_path: Path) -> ThreatsView:
    text_ = MINIMAL.replace("    verified_by: [TC-1]\n", "    verified_by: [TC-1]\n" + FAIL_SAFE)
    project = load_project(write_project(tmp_path, text_))
    entries, _ = merge(generate(project, rules=()).threats, (), TODAY)
    dos = [e for e in entries if e.threat.id == "STRIDE-D@pump-fw"]
    return ThreatsView(assess_all(project, dos), (), "pump")


def test_json_names_the_control_behind_each_lowered_metric(view: ThreatsView) -> None:
    (t,) = json.loads(json_format.render(view))["threats"]
    assert t["cvss"]["v3_1"]["vector"].endswith("/A:H")
    residual = t["residual"]
    assert residual["v3_1"]["vector"].endswith("/A:L")
    assert residual["v3_1"]["score"] < t["cvss"]["v3_1"]["score"]
    assert residual["stated"] == [] and residual["no_effect"] == []
    assert residual["changes"] == [
        {
            "version": "3.1",
            "metric": "A",
            "from": "H",
            "to": "L",
            "control": "fail-safe",
            "basis": "default: resilience on D",
        },
        {
            "version": "4.0",
            "metric": "VA",
            "from": "H",
            "to": "L",
            "control": "fail-safe",
            "basis": "default: resilience on D",
        },
    ]


def test_markdown_and_text_show_inherent_beside_residual(view: ThreatsView) -> None:
    (t,) = view.threats
    assert t.v3_1 and t.residual_v3_1 and t.risk and t.residual_risk
    pair = f"{t.v3_1.score:.1f} → {t.residual_v3_1.score:.1f}"
    risk = f"{t.risk.value} → {t.residual_risk.value}"
    md = markdown.render(view).splitlines()
    assert md[0].startswith(
        "| id | title | crosses | CVSS 3.1 → residual | vector set by | risk → residual "
        "| residual set by |"
    )
    assert f"| {pair} | AV:" in md[2]
    assert f"| {risk} | A:H→L, VA:H→L by fail-safe (default: resilience on D) |" in md[2]
    txt = text.render(view).splitlines()
    row = next(x for x in txt if x.startswith("STRIDE-D@pump-fw"))
    assert "cvss → residual" in txt[0] and pair in row and risk in row
