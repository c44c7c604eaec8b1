"""The report's view model: strings and numbers ready to show, built from domain values only.

``build_view`` does every lookup and count (risk matrix, heat map, trace); the template only
lays the values out. A ``Section`` is the generic titled table later engines add to the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from medsec.domain.checklist import CheckFinding, Checklist, ItemResult, ItemStatus
from medsec.domain.model import Flow, Project
from medsec.domain.threat import AssessedThreat, MissingInformation, ThreatStatus
from medsec.outputs.diagram import flow_label, is_weak, protection
from medsec.outputs.report.threats import (
    Badge,
    ControlRow,
    HeatMap,
    MissingRow,
    ThreatRow,
    TraceRow,
    heatmap,
    idle_controls,
    missing_row,
    risk_first,
    threat_row,
    trace,
    uncovered,
)

__all__ = [
    "Badge",
    "ChecklistSummary",
    "ControlRow",
    "DiagramView",
    "EvidenceView",
    "FindingView",
    "FlowRow",
    "Header",
    "HeatMap",
    "ItemView",
    "MissingRow",
    "ReportView",
    "Section",
    "ThreatRow",
    "TraceRow",
    "build_view",
    "inline_svg",
]

NOT_STATED = "not stated"
_STATUS_TEXT = {ItemStatus.PASS: "✓ PASS", ItemStatus.GAP: "△ GAP", ItemStatus.FAIL: "✗ FAIL"}
# tags and attributes Graphviz never writes; their presence means the SVG is not Graphviz's
_UNSAFE_SVG = re.compile(
    r"<\s*(script|foreignobject|iframe|object|embed)\b|<[^>]*\s(on\w+|(xlink:)?href)\s*=",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Section:
    """A titled table added to the report after the built-in sections.

    ``Section("SBOM support", "Level of support per component.", ("Component", "Support"),
    (("openssl 3.0.13", "until 2026-09-07"),))``: every row has one string per column;
    ``empty`` is shown instead of the table when there are no rows. The anchor is derived
    from the title unless given. A section may carry a diagram: ``diagram_svg`` (inlined only
    after ``inline_svg`` accepts it) or else its ``diagram_mermaid`` source.
    """

    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing to report."
    anchor: str = ""
    diagram_svg: str | None = None  # Graphviz SVG shown above the table (checked before use)
    diagram_mermaid: str = ""  # shown as source when there is no SVG

    def __post_init__(self) -> None:
        """Reject a row with the wrong number of cells; derive the anchor from the title."""
        for n, row in enumerate(self.rows, 1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"section '{self.title}': row {n} has {len(row)} cells, "
                    f"expected {len(self.columns)} ({', '.join(self.columns)})"
                )
        if not self.anchor:
            slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "section"
            object.__setattr__(self, "anchor", f"section-{slug}")


@dataclass(frozen=True)
class Header:
    """The device facts at the top of the report, unstated ones said so."""

    device_id: str
    device_name: str
    version: str
    manufacturer: str
    intended_use: str
    markets: str
    cyber_device: str
    security_contact: str
    disclosure_policy: str
    generated_on: str
    architecture_digest: str


@dataclass(frozen=True)
class FindingView:
    """One finding of a checklist item: what is wrong, where, and how to fix it."""

    message: str
    status: Badge
    subject: str
    location: str  # "medsec.yaml:42", a path, or ""
    fix: str
    rule: str


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence a checklist item relied on, with its file."""

    message: str
    path: str


@dataclass(frozen=True)
class ItemView:
    """One checklist item as shown: status badge, scope, findings and evidence."""

    id: str
    title: str
    status: Badge
    mandatory: bool
    scope: str  # "mandatory" | "beyond baseline"
    summary: str
    clauses: str
    findings: tuple[FindingView, ...]
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class ChecklistSummary:
    """Passing items counted by scope, and the one-line verdict on the mandatory ones."""

    mandatory_total: int
    mandatory_pass: int
    beyond_total: int
    beyond_pass: int
    verdict: str


@dataclass(frozen=True)
class FlowRow:
    """One data flow in the table under the diagram (the diagram in words)."""

    id: str
    name: str
    source: str
    target: str
    label: str  # protocol · protection
    protection: str
    carries: str
    data: str
    weak: bool


@dataclass(frozen=True)
class DiagramView:
    """The data-flow diagram as SVG or Mermaid source, with its flow table."""

    svg: str | None  # inline <svg> from Graphviz, or None: show the Mermaid source instead
    mermaid: str
    flows: tuple[FlowRow, ...]


@dataclass(frozen=True)
class ReportView:
    """Everything the report template lays out, in the order it is shown."""

    header: Header
    checklist: tuple[ItemView, ...]
    summary: ChecklistSummary
    diagram: DiagramView
    heatmap: HeatMap
    acceptance: str  # the policy's risk acceptance threshold
    status_counts: tuple[tuple[str, int], ...]
    threats: tuple[ThreatRow, ...]
    obsolete: tuple[ThreatRow, ...]
    missing: tuple[MissingRow, ...]
    trace: tuple[TraceRow, ...]
    uncovered: tuple[ThreatRow, ...]
    idle_controls: tuple[ControlRow, ...]
    sections: tuple[Section, ...]


def build_view(
    project: Project,
    threats: Sequence[AssessedThreat],
    missing: Sequence[MissingInformation],
    checklist: Checklist,
    *,
    architecture_digest: str,
    generated_on: date,
    diagram_svg: str | None,
    diagram_mermaid: str,
    extra_sections: Sequence[Section] = (),
) -> ReportView:
    """Everything the report shows, in the order and form it is shown."""
    current = [t for t in threats if t.status is not ThreatStatus.OBSOLETE]
    ordered = sorted(current, key=risk_first)
    counts = Counter(t.status.value for t in current)
    return ReportView(
        header=_header(project, architecture_digest, generated_on),
        checklist=tuple(_item(i) for i in checklist.items),
        summary=_summary(checklist),
        diagram=DiagramView(inline_svg(diagram_svg), diagram_mermaid, _flows(project)),
        heatmap=heatmap(project, current),
        acceptance=project.policy.risk_acceptance.value,
        status_counts=tuple((s.value, counts[s.value]) for s in ThreatStatus if counts[s.value]),
        threats=tuple(threat_row(t) for t in ordered),
        obsolete=tuple(threat_row(t) for t in threats if t.status is ThreatStatus.OBSOLETE),
        missing=tuple(missing_row(m) for m in missing),
        trace=trace(project, ordered),
        uncovered=tuple(threat_row(t) for t in ordered if uncovered(project, t)),
        idle_controls=idle_controls(project, current),
        sections=_unique_anchors(extra_sections),
    )


def inline_svg(svg: str | None) -> str | None:
    """The SVG if it is a bare ``<svg>`` element without scripts or links, else None."""
    if svg is None:
        return None
    text = svg.strip()
    if not text.startswith("<svg") or _UNSAFE_SVG.search(text):
        return None
    return text


# --- header and checklist --------------------------------------------------------------------


def _text(value: str | None) -> str:
    """A device fact, or "not stated" when empty."""
    return value if value else NOT_STATED


def _header(project: Project, digest: str, generated_on: date) -> Header:
    """The report header from the device, the architecture digest and the report date."""
    d = project.device
    cyber = NOT_STATED if d.cyber_device is None else ("yes" if d.cyber_device else "no")
    return Header(
        device_id=d.id,
        device_name=d.name,
        version=d.version,
        manufacturer=d.manufacturer,
        intended_use=_text(d.intended_use),
        markets=", ".join(d.markets) or NOT_STATED,
        cyber_device=cyber,
        security_contact=_text(d.security_contact),
        disclosure_policy=_text(d.disclosure_policy),
        generated_on=generated_on.isoformat(),
        architecture_digest=digest,
    )


def _status_badge(status: ItemStatus) -> Badge:
    """A checklist status as a badge (symbol and word)."""
    return Badge(_STATUS_TEXT[status], status.value)


def _location(path: str | None, line: int | None) -> str:
    """ "path:line", the path alone, or nothing."""
    if path and line is not None:
        return f"{path}:{line}"
    return path or ""


def _finding(f: CheckFinding) -> FindingView:
    """One checklist finding as shown in the report."""
    return FindingView(
        message=f.message,
        status=_status_badge(f.severity),
        subject=f.subject or "",
        location=_location(f.path, f.line),
        fix=f.fix or "",
        rule=f.rule,
    )


def _item(i: ItemResult) -> ItemView:
    """One checklist item as shown in the report."""
    return ItemView(
        id=i.id.value,
        title=i.title,
        status=_status_badge(i.status),
        mandatory=i.mandatory,
        scope="mandatory" if i.mandatory else "beyond baseline",
        summary=i.summary,
        clauses=", ".join(i.clauses),
        findings=tuple(_finding(f) for f in i.findings),
        evidence=tuple(EvidenceView(e.message, e.path or "") for e in i.evidence),
    )


def _summary(checklist: Checklist) -> ChecklistSummary:
    """Count passing items by scope and word the verdict on the mandatory ones."""
    mandatory = [i for i in checklist.items if i.mandatory]
    beyond = [i for i in checklist.items if not i.mandatory]
    m_pass = sum(i.status is ItemStatus.PASS for i in mandatory)
    b_pass = sum(i.status is ItemStatus.PASS for i in beyond)
    failing = len(mandatory) - m_pass
    verdict = (
        "All mandatory items pass."
        if failing == 0
        else f"{failing} of {len(mandatory)} mandatory items do not pass."
    )
    return ChecklistSummary(len(mandatory), m_pass, len(beyond), b_pass, verdict)


# --- diagram -----------------------------------------------------------------------------------


def _flows(project: Project) -> tuple[FlowRow, ...]:
    """The flow table, each end shown as "name (id)" when the element has a distinct name."""
    names = {e.id: e.name for e in project.elements}

    def end(eid: str) -> str:
        """An element id with its name, when the model knows a different one."""
        return f"{names[eid]} ({eid})" if eid in names and names[eid] != eid else eid

    return tuple(_flow_row(f, end(f.source), end(f.target)) for f in project.flows)


def _flow_row(f: Flow, source: str, target: str) -> FlowRow:
    """One flow's table row: ends, label, protection, what it carries."""
    return FlowRow(
        id=f.id,
        name=f.name or "",
        source=source,
        target=target,
        label=flow_label(f),
        protection=protection(f),
        carries=f.carries.value if f.carries else NOT_STATED,
        data=", ".join(f.data),
        weak=is_weak(f),
    )


def _unique_anchors(sections: Sequence[Section]) -> tuple[Section, ...]:
    """The sections with anchors made unique (``-2``, ``-3``, ...) so every link lands once."""
    seen: set[str] = set()
    out = []
    for s in sections:
        anchor, n = s.anchor, 1
        while anchor in seen:
            n += 1
            anchor = f"{s.anchor}-{n}"
        seen.add(anchor)
        out.append(s if anchor == s.anchor else replace(s, anchor=anchor))
    return tuple(out)
