"""The closing chapters of ``security-guide``: updates and notification, end of support,
decommissioning, incident reporting and coordinated disclosure, where to get the SBOM and VEX.

Updates restate each element's ``update`` attributes and the policy's remediation deadlines
(``vulnerability-management`` judges the policy); end of support restates what ``medsec check``
read from the SBOMs (``sbom``) and the manufacturer's ``support.yaml`` entries, with the
device's end date as answered; decommissioning names the stores that hold personal data
(``gdpr-readiness`` judges their protection at rest); the disclosure contact and policy are
the device's (``vulnerability-management``); the SBOM and VEX are the files the project keeps.
"""

from __future__ import annotations

from pathlib import Path

from medsec.domain.checklist import ItemId
from medsec.domain.component import SupportRule
from medsec.domain.document import EvidenceRef, Section, Statement, Table, TableRow
from medsec.domain.model import Element, Project
from medsec.domain.paths import SUPPORT_FILE
from medsec.domain.vocabulary import ControlCategory, DataCategory, ElementType
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.security_guide import questions as q
from medsec.outputs.documents.specs.security_guide.parts import (
    chapter,
    element_ref,
    grouped,
    judged,
    listed,
    rules,
    shown,
    yes,
)
from medsec.sources.sbom import support as support_file
from medsec.untrusted.files import read_input

PACK = "the integration pack ('medsec docs pack')"


def _update_cells(e: Element) -> tuple[str, ...]:
    """How one element is updated: channel, signed, rollback protection, atomic."""
    u = e.update
    if u is None:
        return ("none" if e.updatable is False else "not stated",) + ("not stated",) * 3
    channel = shown(u.channel) if u.channel else ("none" if e.updatable is False else "not stated")
    return (channel, yes(u.signed), yes(u.rollback_protection), yes(u.atomic))


def _update_rows(p: Project) -> tuple[TableRow, ...]:
    """How the software elements are updated, one row per way."""
    software = [e for e in p.elements if e.is_software and e.type is not ElementType.ACTOR]
    return grouped(software, _update_cells, "update")


def updates(inputs: DocumentInputs) -> Section:
    """The update procedure: how each part is updated, the deadlines, how customers learn of it."""
    p = inputs.ctx.project
    policy = p.policy
    deadlines = ", ".join(f"{k} {v} days" for k, v in policy.remediation_days)
    said = [
        Statement(
            f"Security fixes are released within the policy's remediation deadlines ({deadlines}); "
            f"the components are checked for new vulnerabilities at least every "
            f"{policy.cve_scan_interval_days} days.",
            (project_ref("policy"),),
        )
    ]
    said += [
        Statement(
            f"Update control {c.id}: {c.name} ({c.status.value}).",
            (project_ref(f"controls.{c.id}"),),
        )
        for c in p.controls
        if c.category is ControlCategory.UPDATE
    ]
    base = judged(
        inputs,
        (ItemId.VULNERABILITY_MANAGEMENT,),
        rules("no-policy", "policy-incomplete", "triage-overdue", "remediation-overdue"),
    )
    table = Table(
        "How the software is updated",
        ("Elements", "Channel", "Signed", "Rollback protection", "Atomic"),
        _update_rows(p),
        empty="The model declares no software elements.",
    )
    return chapter(
        inputs,
        ("updates", "Update procedure and customer notification", base.status),
        (*said, *base.statements),
        (table,),
        (
            (q.UPDATE_PROCEDURE, "How updates are obtained and installed: {value}."),
            (q.CUSTOMER_COMMUNICATION, "How customers are notified: {value}."),
        ),
    )


def support_entries(root: Path) -> tuple[SupportRule, ...]:
    """The manufacturer's support.yaml entries (none when the file is absent)."""
    path = root / SUPPORT_FILE
    if not path.is_file():
        return ()
    data = read_input(path, max_bytes=support_file.MAX_BYTES, what="support files")
    return support_file.parse(data, source=SUPPORT_FILE)


def _entry_row(r: SupportRule) -> TableRow:
    """One support.yaml entry: which components, level, end of support, class."""
    which = r.purl or r.name or "-"
    if r.version:
        which += f" {r.version}"
    if r.element:
        which += f" (on {r.element})"
    file, _, line = r.location.partition(":")
    return TableRow(
        (
            which,
            shown(r.level),
            r.end_of_support.isoformat() if r.end_of_support else "not stated",
            shown(r.component_class),
            r.rationale or "-",
        ),
        (EvidenceRef(file, int(line) if line.isdigit() else None, which),),
    )


def _sbom_rows(inputs: DocumentInputs) -> tuple[TableRow, ...]:
    """Per element and SBOM: components, those without support data, those past end of support."""
    return tuple(
        TableRow(
            (
                s.element,
                s.path,
                "unreadable" if s.components is None else str(s.components),
                "-" if s.missing_support is None else str(s.missing_support),
                listed(s.past_end_of_support),
            ),
            (EvidenceRef(s.path, record=s.element),),
        )
        for s in inputs.ctx.sboms
    )


def end_of_support(inputs: DocumentInputs) -> Section:
    """End of support for the device (answered) and per component (SBOMs, support.yaml)."""
    entries = support_entries(Path(inputs.ctx.project.root))
    base = judged(inputs, (ItemId.SBOM,), rules("end-of-support", "no-support-data", "no-sbom"))
    tables = (
        Table(
            "Support of the components, per SBOM",
            ("Element", "SBOM", "Components", "Without support data", "Past end of support"),
            _sbom_rows(inputs),
            empty="No element names an SBOM.",
        ),
        Table(
            "End of support as the manufacturer states it (support.yaml)",
            ("Components", "Level", "End of support", "Class", "Rationale"),
            tuple(_entry_row(r) for r in entries),
            empty="The project has no support.yaml: the SBOMs' own support data applies.",
        ),
    )
    return chapter(
        inputs,
        ("end-of-support", "End of support", base.status),
        base.statements,
        tables,
        (
            (q.SUPPORT_PERIOD_END, "Security updates for the device end on {value}."),
            (q.SUPPORT_PERIOD, "How the support period was set: {value}."),
        ),
    )


def decommissioning(inputs: DocumentInputs) -> Section:
    """Decommissioning and sanitisation: the stores holding personal data and credentials."""
    p = inputs.ctx.project
    personal = {d.id for d in p.data if d.category.personal}
    secrets = {d.id for d in p.data if d.category is DataCategory.CREDENTIAL}
    rows = tuple(
        TableRow(
            (
                e.id,
                e.boundary or "-",
                listed(sorted(set(e.stores) & personal)),
                yes(e.encryption_at_rest),
            ),
            (element_ref(e, "stores"),),
        )
        for e in p.elements
        if set(e.stores) & personal
    )
    keyed = [
        e.id for e in p.elements if e.credentials and e.credentials.value == "unique-per-device"
    ]
    said = [
        Statement(
            f"Credentials to revoke when a unit is retired (unique per device): {listed(keyed)}; "
            f"credential data in the inventory: {listed(sorted(secrets))}.",
            (project_ref("elements[].credentials, data"),),
        )
    ]
    base = judged(inputs, (ItemId.GDPR_READINESS,), rules("art32-rest"))
    table = Table(
        "Stores holding personal data, to sanitise before disposal or return",
        ("Store", "Zone", "Personal data", "Encrypted at rest"),
        rows,
        empty="No data store holds personal data.",
    )
    return chapter(
        inputs,
        ("decommissioning", "Decommissioning and data sanitisation", base.status),
        (*said, *base.statements),
        (table,),
        ((q.DECOMMISSIONING, "How to decommission the device: {value}."),),
    )


def incident(inputs: DocumentInputs) -> Section:
    """Incident reporting and the coordinated disclosure contact and policy."""
    d = inputs.ctx.project.device
    said = [
        Statement(
            f"Report a suspected security incident or vulnerability to {d.security_contact}."
            if d.security_contact
            else "The model states no security contact.",
            (project_ref("device.security_contact"),),
        ),
        Statement(
            f"Coordinated vulnerability disclosure policy: {d.disclosure_policy}."
            if d.disclosure_policy
            else "The model states no coordinated disclosure policy.",
            (project_ref("device.disclosure_policy"),),
        ),
    ]
    base = judged(inputs, (ItemId.VULNERABILITY_MANAGEMENT,), rules("no-contact", "no-cvd-policy"))
    return chapter(
        inputs,
        ("incident", "Incident reporting and coordinated disclosure", base.status),
        (*said, *base.statements),
        (),
        (
            (q.INCIDENT_SUPPORT, "Incident support: {value}."),
            (q.ADVISORIES, "Security advisories are published at {value}."),
        ),
    )


def sbom_vex(inputs: DocumentInputs) -> Section:
    """Where the SBOM and the VEX are: the project's files, the pack, the answer."""
    ctx = inputs.ctx
    paths = list(dict.fromkeys(s.path for s in ctx.sboms if s.exists))
    said = [
        Statement(
            f"The device SBOM (CycloneDX, every element's components merged) and the VEX of "
            f"the latest CVE scan are in {PACK}; they are built from {listed(paths)}.",
            tuple(EvidenceRef(x) for x in paths) or (project_ref("elements[].sbom"),),
        ),
        Statement(
            f"Latest CVE scan: {ctx.vulnerability_scan or 'none recorded'}; VEX documents "
            f"published: {listed(ctx.vex_documents)}.",
            tuple(EvidenceRef(x) for x in ctx.vex_documents) or (EvidenceRef("records/scans"),),
        ),
    ]
    base = judged(
        inputs,
        (ItemId.SBOM, ItemId.VULNERABILITY_MANAGEMENT),
        rules("no-sbom", "no-vex", "vex-unreadable", "vex-incomplete"),
    )
    return chapter(
        inputs,
        ("sbom-vex", "Where to get the SBOM and the VEX", base.status),
        (*said, *base.statements),
        (),
        ((q.SBOM_AVAILABILITY, "How to obtain the current SBOM: {value}."),),
    )
