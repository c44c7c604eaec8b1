from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.helpers import MINIMAL, write_project

from medsec.domain.threat import Assessment
from medsec.domain.vocabulary import Decision
from medsec.engines.threats.engine import generate
from medsec.engines.threats.register import merge
from medsec.project.loader import load_project
from medsec.project.register_file import dump_register, load_register, save_register

D1 = date(2026, 1, 1)
D2 = date(2026, 2, 1)


def test_merge_keeps_assessments_and_marks_obsolete(minimal: Path) -> None:
    project = load_project(minimal)
    first, summary = merge(generate(project, rules=()).threats, (), D1)
    assert len(summary.new) == len(first) and not summary.obsolete
    decided = tuple(
        replace(e, assessment=Assessment(decision=Decision.AVOID, rationale="by design"))
        for e in first
    )
    smaller = [t for t in generate(project, rules=()).threats if t.target.id != "tablet-to-pump"]
    second, summary = merge(smaller, decided, D2)
    assert summary.obsolete == tuple(
        sorted(e.threat.id for e in first if e.threat.target.id == "tablet-to-pump")
    )
    assert len(second) == len(first)  # nothing deleted
    assert all(e.assessment.decision is Decision.AVOID for e in second)
    assert all(e.first_seen == D1 for e in second)
    third, summary = merge(generate(project, rules=()).threats, second, D2)
    assert summary.revived and not any(e.obsolete for e in third)


def test_register_file_round_trip_keeps_human_edits_and_comments(minimal: Path) -> None:
    project = load_project(minimal)
    entries, _ = merge(generate(project, rules=()).threats, (), D1)
    save_register(minimal, dump_register(entries, None))
    path = minimal / "threats.yaml"
    text = path.read_text()
    target = "  - id: STRIDE-E@pump-fw\n"
    assert target in text
    text = text.replace(
        target,
        target
        + "    # reviewed with the safety team\n    decision: accept\n    rationale: low exposure\n"
        "    approver: QA lead\n    date: 2026-03-01\n",
    )
    path.write_text(text)
    stored, doc = load_register(minimal)
    e = next(x for x in stored if x.threat.id == "STRIDE-E@pump-fw")
    assert e.assessment.decision is Decision.ACCEPT and e.assessment.approver == "QA lead"
    # re-run with a changed model: a flow disappears
    text2 = MINIMAL.replace("  - id: tablet-to-pump", "  - id: tablet-link")
    text2 = text2.replace("applies_to: [tablet-to-pump]", "applies_to: [tablet-link]")
    write_project(minimal, text2)
    project2 = load_project(minimal)
    merged, _summary = merge(generate(project2, rules=()).threats, stored, D2)
    save_register(minimal, dump_register(merged, doc))
    out = path.read_text()
    assert "# reviewed with the safety team" in out
    assert "approver: QA lead" in out
    assert out.count("    obsolete: true\n") == 3
    again, _ = load_register(minimal)
    assert {e.threat.id for e in again} >= {e.threat.id for e in stored}


def test_register_typo_is_a_located_error(minimal: Path) -> None:
    import pytest

    from medsec.domain.errors import InputError

    (minimal / "threats.yaml").write_text(
        "format: medsec-threats/1\nthreats:\n  - id: X@y\n    rule: X\n    target: {kind: flow, id: y}\n"
        "    decison: accept\n"
    )
    with pytest.raises(InputError) as info:
        load_register(minimal)
    msg = str(info.value.problems[0])
    assert "threats.yaml:6" in msg and "did you mean 'decision'?" in msg


def test_rewriting_the_register_changes_nothing_a_person_wrote(minimal: Path) -> None:
    project = load_project(minimal)
    entries, _ = merge(generate(project, rules=()).threats, (), D1)
    save_register(minimal, dump_register(entries, None))
    path = minimal / "threats.yaml"
    target = "  - id: STRIDE-E@pump-fw\n"
    path.write_text(
        path.read_text().replace(
            target, target + "    decision: avoid\n    rationale: by design\n    date: 2026-03-01\n"
        )
    )
    first = path.read_text()
    stored, doc = load_register(minimal)
    again, _ = merge(generate(project, rules=()).threats, stored, D2)
    save_register(minimal, dump_register(again, doc))
    assert path.read_text() == first  # dates stay unquoted, nothing reordered


def test_impossible_date_in_register_is_located(minimal: Path) -> None:
    import pytest

    from medsec.domain.errors import InputError

    (minimal / "threats.yaml").write_text(
        "format: medsec-threats/1\nthreats:\n  - id: X@y\n    rule: X\n    target: {kind: flow, id: y}\n"
        "    date: 2026-02-30\n"
    )
    with pytest.raises(InputError) as info:
        load_register(minimal)
    assert "threats.yaml:6" in str(info.value) and "invalid date" in str(info.value)


def test_an_entry_kept_by_merge_keeps_every_field() -> None:
    """merge builds kept entries field by field (faster than ``replace``): a field added to
    RegisterEntry must be carried over there too."""
    from dataclasses import fields

    from medsec.domain.threat import RegisterEntry, Stride, Target, TargetKind, Threat
    from medsec.engines.threats.register import _kept

    assert {f.name for f in fields(RegisterEntry)} == {
        "threat",
        "assessment",
        "obsolete",
        "first_seen",
        "line",
    }
    target = Target(TargetKind.ELEMENT, "pump")
    threat = Threat("STRIDE-T@pump", "STRIDE-T", "t", (Stride.TAMPERING,), target, True, "", "")
    other = replace(threat, title="new title")
    entry = RegisterEntry(threat, Assessment(rationale="r"), obsolete=True, first_seen=D1, line=7)
    kept = _kept(entry, other, obsolete=False)
    assert kept == replace(entry, threat=other, obsolete=False) and kept.line == 7
