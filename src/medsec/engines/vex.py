"""VEX statements from findings and their assessments (pure).

Every finding gives one statement. A finding nobody has assessed yet is ``in_triage``
(OpenVEX and CSAF: ``under_investigation``): a VEX document never keeps quiet about a known
finding. Without a scan, the statements come from the assessments alone; the finding id
(``advisory@purl-without-version``) and the assessed version say what they are about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from packageurl import PackageURL

from medsec.domain.finding_id import split_finding_id, split_product
from medsec.domain.vex import ProductInfo, Statement
from medsec.domain.vulnerability import ComponentRef, Finding, VexState, VulnAssessment
from medsec.engines.vulnmgmt import assessment_for


def _moment(day: dt.date | None) -> dt.datetime | None:
    """Midnight UTC of a decision day: VEX formats want timestamps, assessments keep dates."""
    return None if day is None else dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _decided(statement: Statement, a: VulnAssessment | None) -> Statement:
    """The statement with a person's decision applied; unchanged when nobody decided."""
    if a is None:
        return statement
    return replace(
        statement,
        state=a.state,
        justification=a.justification,
        responses=a.responses,
        detail=a.detail,
        original=a.original,
        first_issued=_moment(a.date),
        last_updated=_moment(a.date),
        safety=a.safety,
        hazards=a.hazards,
        author=a.author,
    )


def finding_statement(
    finding: Finding, assessment: VulnAssessment | None, product: str
) -> Statement:
    """The statement for one finding: in triage, or what its assessment says."""
    base = Statement(
        finding=finding.id,
        vulnerability=finding.advisory,
        state=VexState.IN_TRIAGE,
        component=finding.component,
        aliases=tuple(a for a in finding.aliases if a != finding.advisory),
        product=product,
        summary=finding.summary or None,
        severity=finding.severity,
        cvss_vector=finding.cvss_vector,
        cwes=finding.cwes,
        fixed_versions=finding.fixed_versions,
        provenance=finding.details,
    )
    return _decided(base, assessment)


def vex_statements(
    findings: Sequence[Finding],
    assessments: Mapping[str, VulnAssessment],
    product: ProductInfo,
) -> tuple[Statement, ...]:
    """One statement per finding and component version, sorted by finding id; unassessed
    findings are in triage. One assessment covers every version of the component it names."""
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Statement] = []
    for finding in sorted(findings, key=lambda f: (f.id, f.component.version or "")):
        key = (finding.id, finding.component.purl, finding.component.version)
        if key in seen:
            continue  # the same component in two SBOMs
        seen.add(key)
        out.append(finding_statement(finding, assessment_for(finding, assessments), product.id))
    return tuple(out)


def _versioned(purl: str | None, version: str | None) -> str | None:
    """The purl with the assessed version put back in (appended when it does not parse)."""
    if purl is None or version is None:
        return purl
    try:
        p = PackageURL.from_string(purl)
    except ValueError:
        return f"{purl}@{version}"
    return str(
        PackageURL(type=p.type, namespace=p.namespace, name=p.name, version=version).to_string()
    )


def assessment_statements(
    assessments: Mapping[str, VulnAssessment], product: ProductInfo
) -> tuple[Statement, ...]:
    """Statements from the assessments alone (no scan record): what the finding ids say."""
    out: list[Statement] = []
    for fid in sorted(assessments):
        a = assessments[fid]
        key = split_finding_id(split_product(fid)[0])  # a product key names its finding id
        component = None
        if key.subject is not None:
            component = ComponentRef(
                name=key.name or key.subject,
                version=a.component_version,
                purl=_versioned(key.purl, a.component_version),
            )
        base = Statement(
            finding=fid,
            vulnerability=key.advisory,
            state=a.state,
            component=component,
            product=product.id,
        )
        out.append(_decided(base, a))
    return tuple(out)
