"""The CRA keys: ``elements[].cra_scope`` and the Art. 14 keys of ``vulnerabilities.yaml``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from tests.helpers import MINIMAL, write_project

from medsec.domain.errors import InputError
from medsec.domain.vulnerability import CraReports, VexState, VulnAssessment
from medsec.engines.threats.digest import architecture_digest
from medsec.project.loader import load_project
from medsec.project.vulnerabilities_file import dump_assessments, is_stub, load_assessments

TODAY = dt.date(2026, 12, 1)
FID = "CVE-2024-3094@pkg:generic/xz"
# the example of docs/format.md (CRA Art. 14 reporting clock)
ENTRY = f"""\
format: medsec-vulnerabilities/1
vulnerabilities:
  {FID}@tablet:
    state: exploitable
    responses: [update]
    actively_exploited: true       # not needed when the finding is on CISA's KEV list
    aware_since: 2026-10-05
    fix_available: 2026-10-20
    cra_reports: {{early_warning: 2026-10-05, notification: 2026-10-07, final_report: 2026-10-30}}
"""


def _with_scope(value: str) -> str:
    return MINIMAL.replace("  - id: tablet\n", f"  - id: tablet\n    cra_scope: {value}\n", 1)


def test_cra_scope_loads_true_false_and_unknown(tmp_path: Path) -> None:
    for value, expected in (("true", True), ("false", False)):
        folder = write_project(tmp_path / value, _with_scope(value))
        assert load_project(folder).element("tablet").cra_scope is expected
    assert load_project(write_project(tmp_path / "none")).element("tablet").cra_scope is None


def test_cra_scope_must_be_a_bool_and_the_error_is_located(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_project(write_project(tmp_path, _with_scope("maybe")))
    (problem,) = [str(p) for p in info.value.problems]
    assert problem.endswith("elements[1].cra_scope: must be true or false, not 'maybe'")


def test_cra_scope_is_no_architecture(tmp_path: Path) -> None:
    """Stating the scope keeps the digest a threat-risk review recorded."""
    before = load_project(write_project(tmp_path / "a"))
    after = load_project(write_project(tmp_path / "b", _with_scope("true")))
    assert architecture_digest(before) == architecture_digest(after)


def test_the_art_14_keys_load(tmp_path: Path) -> None:
    write_project(tmp_path, vulnerabilities__yaml="")
    (tmp_path / "vulnerabilities.yaml").write_text(ENTRY, encoding="utf-8")
    a = load_assessments(tmp_path, today=TODAY, elements={"tablet"}).assessments[f"{FID}@tablet"]
    assert (a.actively_exploited, a.aware_since, a.fix_available) == (
        True,
        dt.date(2026, 10, 5),
        dt.date(2026, 10, 20),
    )
    assert a.cra_reports == CraReports(
        dt.date(2026, 10, 5), dt.date(2026, 10, 7), dt.date(2026, 10, 30)
    )
    assert not is_stub(replace(a, state=VexState.IN_TRIAGE, responses=(), cra_reports=CraReports()))


@pytest.mark.parametrize(
    ("change", "where", "message", "line"),
    [
        ("fix_available: 2026-10-20", "fix_available: 2027-01-01", "fix_available 2027-01-01 ", 8),
        ("final_report: 2026-10-30", "final_report: 2026-12-02", "final_report 2026-12-02 ", 9),
        ("early_warning: 2026-10-05", "early_warning: 2026-10-04", "before aware_since", 9),
        ("early_warning:", "early_warn:", "early_warn", 9),
        ("aware_since: 2026-10-05", "aware_since: 2026-12-05", "aware_since 2026-12-05 is in", 7),
    ],
)
def test_impossible_art_14_days_are_located_errors(
    tmp_path: Path, change: str, where: str, message: str, line: int
) -> None:
    write_project(tmp_path)
    (tmp_path / "vulnerabilities.yaml").write_text(ENTRY.replace(change, where), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_assessments(tmp_path, today=TODAY)
    problem = info.value.problems[0]  # a future aware_since also puts the reports before it
    assert message in problem.message and problem.line == line


def test_a_vex_import_rewrite_keeps_the_art_14_keys(tmp_path: Path) -> None:
    """medsec's writers never touch the CRA keys a person recorded."""
    write_project(tmp_path)
    (tmp_path / "vulnerabilities.yaml").write_text(ENTRY, encoding="utf-8")
    loaded = load_assessments(tmp_path, today=TODAY)
    key = f"{FID}@tablet"
    changed = {key: VulnAssessment(key, VexState.RESOLVED, date=dt.date(2026, 11, 1))}
    text = dump_assessments(changed, loaded.document, changed={key})
    assert "state: resolved" in text and "responses" not in text
    assert "actively_exploited: true" in text
    assert "cra_reports: {early_warning: 2026-10-05, notification: 2026-10-07" in text
