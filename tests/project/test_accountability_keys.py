"""The keys of issue 13 in medsec.yaml, threats.yaml and support.yaml: read, checked, kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.domain.vocabulary import ControlStatus, Gate, PartyKind
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.project.loader import load_project
from medsec.project.register_file import (
    dump_register,
    load_register,
    register_path,
    write_register,
)
from medsec.sources.sbom import support as support_file

PARTIES = """\
parties:
  - {id: hospital, name: St. Elsewhere, kind: hospital}
policy:
  gate: all
  placeholders: [TBD, NN]
activities:
  - {activity: code-review, evidence: ci/review.md, date: 2026-08-28, by: T. Brandt,
     sha256: "sha256:0e498c31fc13a8b46d7e104d14ca98ae56e991543beba960118ab17f36efff1e", shared: true}
"""


def _with(extra: str, text: str = MINIMAL) -> str:
    return text + extra


def test_parties_operators_policy_and_pinned_evidence_load(tmp_path: Path) -> None:
    text = _with(PARTIES).replace(
        "  - {id: ward, name: Ward network, kind: network}",
        "  - {id: ward, name: Ward network, kind: network, operated_by: hospital}",
    )
    p = load_project(write_project(tmp_path, text))
    (hospital,) = p.parties
    assert (hospital.id, hospital.kind) == ("hospital", PartyKind.HOSPITAL)
    assert p.operator("tablet") == "hospital" and p.operator("pump-fw") is None
    assert p.policy.gate is Gate.ALL and p.policy.placeholders == ("TBD", "NN")
    (review,) = p.activities
    assert review.sha256 == "0e498c31fc13a8b46d7e104d14ca98ae56e991543beba960118ab17f36efff1e"
    assert review.shared


def test_defaults_keep_the_gate_mandatory_and_the_usual_placeholders(tmp_path: Path) -> None:
    p = load_project(write_project(tmp_path))
    assert p.policy.gate is Gate.MANDATORY and p.policy.placeholders == ("TBD", "TODO", "xxx")
    assert p.parties == ()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ("    boundary: ward\n", "    boundary: ward\n    operated_by: clinic\n"),
            "elements[1].operated_by: unknown party 'clinic'",
        ),
        (
            ("    verified_by: [TC-1]\n", "    verified_by: [TC-1]\n    status: superseded\n"),
            "controls[0].status: control 'ble-lesc' is superseded but does not say by what",
        ),
        (
            ("    verified_by: [TC-1]\n", "    verified_by: [TC-1]\n    superseded_by: CR-1\n"),
            "controls[0].superseded_by: control 'ble-lesc' has superseded_by but its status is "
            "implemented",
        ),
    ],
)
def test_wrong_references_are_located_errors(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    with pytest.raises(InputError) as info:
        load_project(write_project(tmp_path, MINIMAL.replace(*edit)))
    assert any(message in str(d) for d in info.value.problems), info.value.problems


def test_a_superseded_control_loads_with_what_superseded_it(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    verified_by: [TC-1]\n",
        "    verified_by: [TC-1]\n    status: superseded\n    superseded_by: CR-7 UART removed\n",
    )
    (c,) = load_project(write_project(tmp_path, text)).controls
    assert c.status is ControlStatus.SUPERSEDED and c.superseded_by == "CR-7 UART removed"


def _register(tmp_path: Path) -> Path:
    root = write_project(tmp_path, _with(PARTIES))
    project = load_project(root)
    entries, _ = merge(generate(project).threats, (), date(2026, 12, 1))
    register_path(root).write_text(dump_register(entries, None), encoding="utf-8")
    return root


def test_decision_keys_are_read_and_kept_on_rewrite_and_through_the_cache(tmp_path: Path) -> None:
    root = _register(tmp_path)
    path = register_path(root)
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: ", text.index("threats:"))
    end = text.find("\n  - id: ", first + 1)
    keys = (
        "    decision: accept\n    rationale: r\n    approver: QA\n    date: 2026-09-12\n"
        "    expires: 2027-06-30\n    benefit_risk: BRA-7\n    party: hospital\n"
    )
    path.write_text(text[: end + 1] + keys + text[end + 1 :], encoding="utf-8")
    for _ in range(2):  # the text, then the parse cache the first read wrote
        entries, document = load_register(root)
        a = entries[0].assessment
        assert (a.expires, a.benefit_risk, a.party) == (date(2027, 6, 30), "BRA-7", "hospital")
        write_register(root, entries, document)
    assert keys in path.read_text(encoding="utf-8")  # people's keys stay where they were


def test_support_acceptance_keys_are_read(tmp_path: Path) -> None:
    data = b"""format: medsec-support/1
components:
  - name: libxml2
    end_of_support: 2023-11-16
    rationale: parser of trusted files only
    approver: A. Lindqvist
    compensating_controls: [ctl-a, ctl-b]
  - purl: "pkg:pypi/*"
    level: support
"""
    first, glob = support_file.parse(data, source="support.yaml")
    assert first.approver == "A. Lindqvist" and first.compensating_controls == ("ctl-a", "ctl-b")
    assert not first.blanket and glob.blanket and glob.selector == "pkg:pypi/*"
    with pytest.raises(InputError) as info:
        support_file.parse(
            b"components:\n  - name: x\n    compensating_controls: [{a: 1}]\n", source="s"
        )
    assert "compensating_controls must be control ids" in str(info.value.problems[0])
