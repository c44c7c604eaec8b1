"""Assessments per product: ``<finding id>@<element>`` is looked up before the finding id.

One assessment key (``CVE-2024-2511@pkg:generic/openssl``) used to cover two products at
different versions with different justifications; a decision keyed to one element now holds
for that product only, and the scan, the checklist and VEX use it first.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from medsec.domain.errors import InputError
from medsec.domain.finding_id import product_key, split_product
from medsec.domain.model import Policy
from medsec.domain.vex import ProductInfo
from medsec.domain.vulnerability import (
    ComponentRef,
    Finding,
    Justification,
    VexState,
    VulnAssessment,
)
from medsec.engines.vex import assessment_statements, vex_statements
from medsec.engines.vex_review import review_due
from medsec.engines.vulnmgmt import assessment_for, statuses
from medsec.project.vulnerabilities_file import load_assessments

FID = "CVE-2024-2511@pkg:generic/openssl"
TODAY = date(2026, 12, 1)


def _finding(element: str, version: str) -> Finding:
    ref = ComponentRef("openssl", version, f"pkg:generic/openssl@{version}", element=element)
    return Finding(
        FID, "CVE-2024-2511", (), ref, "", ("3.0.14",), "medium", None, None, False, None, ()
    )


PUMP = _finding("pump-fw, safety-cpu", "3.0.13")  # one SBOM shared by two elements
CLOUD = _finding("cloud-service", "3.2.1")
FOR_PUMP = VulnAssessment(
    product_key(FID, "safety-cpu"),
    VexState.NOT_AFFECTED,
    Justification.CODE_NOT_REACHABLE,
    date=date(2026, 11, 20),
    component_version="3.0.13",
)
GENERAL = VulnAssessment(FID, VexState.IN_TRIAGE, component_version="3.0.13")


def test_a_product_key_names_the_finding_and_the_element() -> None:
    assert product_key(FID, "pump-fw") == "CVE-2024-2511@pkg:generic/openssl@pump-fw"
    assert split_product("CVE-2024-2511@pkg:generic/openssl@pump-fw") == (FID, "pump-fw")
    assert split_product(FID) == (FID, None)
    assert split_product("CVE-2022-1@zlib") == ("CVE-2022-1@zlib", None)
    assert split_product("CVE-2022-1@zlib@fw") == ("CVE-2022-1@zlib", "fw")
    assert split_product("CVE-2022-1@pkg:npm/a@B_C") == ("CVE-2022-1@pkg:npm/a@B_C", None)


def test_the_products_decision_is_looked_up_first() -> None:
    found = {a.finding: a for a in (FOR_PUMP, GENERAL)}
    assert assessment_for(PUMP, found) is FOR_PUMP  # via safety-cpu, the second element
    assert assessment_for(CLOUD, found) is GENERAL
    cloud, pump = sorted(
        statuses([PUMP, CLOUD], found, Policy(), {}, TODAY),
        key=lambda s: s.finding.component.element or "",
    )
    assert (cloud.state, cloud.assessed_as, cloud.rereview) == (
        VexState.IN_TRIAGE,
        FID,
        "assessed for version 3.0.13, now 3.2.1: re-review",
    )
    assert (pump.state, pump.assessed_as, pump.rereview) == (
        VexState.NOT_AFFECTED,
        FOR_PUMP.finding,
        None,
    )


def test_vex_states_each_product_by_its_own_decision() -> None:
    found = {a.finding: a for a in (FOR_PUMP, GENERAL)}
    product = ProductInfo("acme", "ACME", "3.2.0", "ACME Medical GmbH")
    states = {
        s.component.version: s.state
        for s in vex_statements([PUMP, CLOUD], found, product)
        if s.component
    }
    assert states == {"3.0.13": VexState.NOT_AFFECTED, "3.2.1": VexState.IN_TRIAGE}
    alone = assessment_statements({FOR_PUMP.finding: FOR_PUMP}, product)
    assert (
        alone[0].component is not None and alone[0].component.purl == "pkg:generic/openssl@3.0.13"
    )
    due = review_due({FOR_PUMP.finding: FOR_PUMP}, TODAY, [PUMP, CLOUD])
    assert due == ()  # the pump's decision is not flagged for the cloud's version


def test_a_product_key_must_name_an_element(tmp_path: Path) -> None:
    (tmp_path / "vulnerabilities.yaml").write_text(
        "format: medsec-vulnerabilities/1\nvulnerabilities:\n"
        f"  {FID}@pump-fww:\n    state: in_triage\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="did you mean 'pump-fw'"):
        load_assessments(tmp_path, elements={"pump-fw", "cloud-service"})
    assert load_assessments(tmp_path).assessments  # elements not given: not checked
    fine = replace(FOR_PUMP, finding=f"{FID}@pump-fw")
    assert split_product(fine.finding)[1] == "pump-fw"
