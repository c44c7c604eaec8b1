"""Artefacts 13 and 14 of ``fda-premarket``: the management plan and the 524B(b)(2) processes.

Artefact 13 is the cybersecurity management plan of guidance VI.B, which is also the 524B(b)(1)
plan of a cyber device: who (answer), how vulnerabilities are monitored and how often (the
policy's scan interval, KEV, the scans recorded), the patch timelines (the policy's deadlines,
the regular cycle's justification as an answer), the update process, coordinated disclosure
(the device's contact and policy) and customer communication (answer). Artefact 14 shows the
processes of 524B(b)(2): the secure development activities recorded (IEC 81001-5-1) and the
related systems, the elements outside the device, in the threat model's scope.
"""

from __future__ import annotations

from collections import Counter

from medsec.domain.checklist import ItemId
from medsec.domain.document import EvidenceRef, Section, Statement, Table, TableRow
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.threat import TargetKind
from medsec.domain.vocabulary import Activity, BoundaryKind
from medsec.domain.wording import counted
from medsec.outputs.documents.common import answered, item_statements, project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.fda_premarket import questions as q
from medsec.outputs.documents.specs.fda_premarket.basis import (
    activity_ref,
    basis,
    capped,
    chapter,
    item,
)
from medsec.outputs.documents.specs.fda_premarket.labeling import updates_statement

SPDF = tuple(a for a in Activity if a is not Activity.OTHER)


def _monitoring(inputs: DocumentInputs) -> tuple[Statement, ...]:
    """Monitoring sources and frequency, KEV handling and periodic testing, from the policy."""
    ctx = inputs.ctx
    policy = ctx.project.policy
    triage, fix = dict(policy.triage_days), dict(policy.remediation_days)
    scans = tuple(EvidenceRef(s.path, date=s.date) for s in ctx.scans)
    last = f"the latest on {ctx.scans[-1].date.isoformat()}" if ctx.scans else "none yet"
    pentests = sorted(ctx.project.pentests, key=lambda t: t.date)
    latest = (
        f"the latest, '{pentests[-1].id}', ended {pentests[-1].date.isoformat()}"
        if pentests
        else "none recorded"
    )
    tested = tuple(EvidenceRef(PROJECT_FILE, t.line, f"pentests.{t.id}", t.date) for t in pentests)
    shortest = "the policy's shortest"
    return (
        Statement(
            "Monitoring: the components of every SBOM are matched against OSV and NVD advisories, "
            "with the CISA KEV catalogue and EPSS, at least every "
            f"{policy.cve_scan_interval_days} days and before each release; "
            f"{counted(len(ctx.scans), 'scan')} recorded, {last}.",
            (project_ref("policy.cve_scan_interval_days"), *scans),
        ),
        Statement(
            "KEV handling: a vulnerability listed in the CISA KEV catalogue gets the shortest "
            f"deadlines of the policy whatever its CVSS severity: triage within "
            f"{triage.get('critical', shortest)} days, remediation or mitigation "
            f"within {fix.get('critical', shortest)} days.",
            (project_ref("policy.triage_days, policy.remediation_days"),),
        ),
        Statement(
            f"Periodic security testing: a penetration test at least every "
            f"{policy.pentest_interval_days} days; {latest}.",
            (project_ref("policy.pentest_interval_days"), *tested),
        ),
    )


def _timelines(p: Project) -> Table:
    """Triage and remediation deadlines per severity, as the policy states them."""
    triage = dict(p.policy.triage_days)
    rows = tuple(
        TableRow(
            (severity, str(triage.get(severity, "-")), str(days)),
            (project_ref("policy.remediation_days"),),
        )
        for severity, days in p.policy.remediation_days
    )
    return Table(
        "Patch timelines (days from the first scan that shows a vulnerability)",
        ("Severity", "Triage", "Remediation (patch or mitigation)"),
        rows,
    )


def _disclosure(p: Project) -> Statement:
    """Coordinated vulnerability disclosure: the contact and the published policy."""
    d = p.device
    return Statement(
        f"Coordinated vulnerability disclosure: reports go to "
        f"{d.security_contact or 'no contact stated (device.security_contact)'}; the policy is "
        f"{d.disclosure_policy or 'not stated (device.disclosure_policy)'}.",
        (project_ref("device.security_contact, device.disclosure_policy"),),
    )


def management_plan(inputs: DocumentInputs) -> Section:
    """Artefact 13: the cybersecurity management plan and 524B(b)(1) plan."""
    b = basis(inputs, 13)
    p = inputs.ctx.project
    answers = [
        answered(inputs.answers, question, text)
        for question, text in (
            (q.POSTMARKET_PLAN, "The plan: {value}"),
            (q.RESPONSIBILITIES, "Personnel: {value}"),
            (q.PATCH_CYCLE, "Regular update cycle and its justification: {value}"),
            (q.CUSTOMER_COMMUNICATION, "Customer communication: {value}"),
        )
    ]
    given = [s for s, _ in answers if s is not None]
    open_ = [o for _, o in answers if o is not None]
    statements = (
        *b.statements,
        *given,
        *_monitoring(inputs),
        updates_statement(p),
        _disclosure(p),
        *item_statements(inputs, item(inputs, ItemId.VULNERABILITY_MANAGEMENT)),
    )
    status = capped(b.status, not open_)
    return chapter(13, status, statements, (_timelines(p),), questions=open_)


def _activities(p: Project) -> Table:
    """Every secure development activity recorded, with its evidence and date."""
    rows = tuple(
        TableRow(
            (
                a.activity.value,
                a.date.isoformat() if a.date else "not dated",
                a.by or "not named",
                a.evidence or "none recorded",
                a.version or p.device.version,
            ),
            (activity_ref(a),),
        )
        for a in p.activities
    )
    return Table(
        "Secure development activities (IEC 81001-5-1)",
        ("Activity", "Date", "By", "Evidence", "Release"),
        rows,
        empty="No secure development activity is recorded (activities[]).",
    )


def _related(inputs: DocumentInputs) -> tuple[Statement, Table]:
    """The related systems: elements outside the device's boundaries, and their threats."""
    p = inputs.ctx.project
    threats = Counter(
        t.threat.target.id for t in inputs.ctx.threats if t.threat.target.kind is TargetKind.ELEMENT
    )
    related = [e for e in p.elements if not p.in_boundary_kind(e.id, BoundaryKind.DEVICE.value)]
    rows = tuple(
        TableRow(
            (
                e.id,
                e.name,
                e.type.value,
                e.boundary or "none",
                p.operator(e.id) or "manufacturer",
                str(threats[e.id]),
            ),
            (EvidenceRef(PROJECT_FILE, e.line, f"elements.{e.id}"),),
        )
        for e in related
    )
    lead = Statement(
        f"{len(related)} of {counted(len(p.elements), 'element')} are related systems outside "
        "the device's "
        "trust boundaries (servers, cloud, apps, hospital systems); each is in the threat "
        "model's scope, with the threats counted below.",
        (project_ref("elements, boundaries"),),
    )
    table = Table(
        "Related systems",
        ("Element", "Name", "Type", "Boundary", "Operated by", "Threats"),
        rows,
        empty="Every element is inside the device's trust boundaries.",
    )
    return lead, table


def processes(inputs: DocumentInputs) -> Section:
    """Artefact 14: the SPDF (activities recorded, QMS answer) and the related systems."""
    b = basis(inputs, 14)
    p = inputs.ctx.project
    done = {a.activity for a in p.activities}
    missing = [a.value for a in SPDF if a not in done]
    spdf = Statement(
        "The secure product development framework follows IEC 81001-5-1: "
        f"{len(SPDF) - len(missing)} of {len(SPDF)} kinds of activity are recorded"
        + (f"; not recorded: {', '.join(missing)}." if missing else "."),
        (project_ref("activities"),),
    )
    qms, question = answered(inputs.answers, q.QMS, "Quality management system: {value}")
    lead, related = _related(inputs)
    statements = (*b.statements, spdf, *((qms,) if qms else ()), lead)
    status = capped(b.status, qms is not None)
    return chapter(14, status, statements, (_activities(p), related), questions=(question,))
