"""The report's view model: strings and numbers ready to show, built from domain values only.

``build_view`` does every lookup and count (risk matrix, heat map, trace, the summary page);
the templates only lay the values out. A ``Section`` is the generic titled table the other
engines add to the report, in its body or, when ``appendix`` is set, after it.
"""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from medsec.domain.checklist import Checklist
from medsec.domain.model import Flow, Project
from medsec.domain.threat import AssessedThreat, MissingInformation, ThreatStatus
from medsec.outputs.diagram import flow_label, is_weak, protection
from medsec.outputs.report.checklist import (
    Blocker,
    ChecklistSummary,
    EvidenceView,
    FindingGroup,
    FindingRow,
    ItemView,
    item_view,
    summary,
)
from medsec.outputs.report.figure import Figure, inline_svg
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
    "Blocker",
    "ChecklistSummary",
    "ControlRow",
    "DiagramView",
    "EvidenceView",
    "Figure",
    "FindingGroup",
    "FindingRow",
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


@dataclass(frozen=True)
class Section:
    """A titled table added to the report after the built-in sections.

    ``Section("SBOM support", "Level of support per component.", ("Component", "Support"),
    (("openssl 3.0.13", "until 2026-09-07"),))``: every row has one string per column;
    ``empty`` is shown instead of the table when there are no rows. The anchor is derived
    from the title unless given. A section may carry drawings (``figures``, checked by
    ``inline_svg`` before they are inlined), a ``legend`` saying what its figures count (every
    percentage needs one) and ``appendix=True`` to be shown after the body of the report.
    """

    title: str
    intro: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    empty: str = "Nothing to report."
    anchor: str = ""
    figures: tuple[Figure, ...] = ()
    legend: str = ""
    appendix: bool = False

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
    """The data-flow diagram (one drawing, or an overview and its parts) and its flow table."""

    figures: tuple[Figure, ...]
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
    sections: tuple[Section, ...]  # the other engines' sections in the body
    appendices: tuple[Section, ...]  # their full tables, after the register and trace
    vectors: tuple[tuple[str, str], ...]  # (reference, full CVSS vector) cited in the register

    @property
    def appendix_letters(self) -> tuple[str, ...]:
        """Appendix names in order: A, B, ... Z, then AA, AB, ... (three built-in, then ours)."""
        count = 3 + len(self.appendices)
        letters = string.ascii_uppercase
        return tuple(
            letters[n] if n < len(letters) else letters[n // 26 - 1] + letters[n % 26]
            for n in range(count)
        )

    @property
    def vector_refs(self) -> dict[str, str]:
        """Full CVSS vector -> its short reference (``v3``) in the register."""
        return {vector: ref for ref, vector in self.vectors}


def build_view(
    project: Project,
    threats: Sequence[AssessedThreat],
    missing: Sequence[MissingInformation],
    checklist: Checklist,
    *,
    architecture_digest: str,
    generated_on: date,
    diagram: Sequence[Figure],
    extra_sections: Sequence[Section] = (),
) -> ReportView:
    """Everything the report shows, in the order and form it is shown."""
    current = [t for t in threats if t.status is not ThreatStatus.OBSOLETE]
    ordered = sorted(current, key=risk_first)
    counts = Counter(t.status.value for t in current)
    rows = tuple(threat_row(t) for t in ordered)
    obsolete = tuple(threat_row(t) for t in threats if t.status is ThreatStatus.OBSOLETE)
    sections = _unique_anchors(extra_sections)
    return ReportView(
        header=_header(project, architecture_digest, generated_on),
        checklist=tuple(item_view(i) for i in checklist.items),
        summary=summary(checklist),
        diagram=DiagramView(tuple(_checked(f) for f in diagram), _flows(project)),
        heatmap=heatmap(project, current),
        acceptance=project.policy.risk_acceptance.value,
        status_counts=tuple((s.value, counts[s.value]) for s in ThreatStatus if counts[s.value]),
        threats=rows,
        obsolete=obsolete,
        missing=tuple(missing_row(m) for m in missing),
        trace=trace(project, ordered),
        uncovered=tuple(r for r, t in zip(rows, ordered, strict=True) if uncovered(project, t)),
        idle_controls=idle_controls(project, current),
        sections=tuple(s for s in sections if not s.appendix),
        appendices=tuple(s for s in sections if s.appendix),
        vectors=_vectors((*rows, *obsolete)),
    )


def _checked(f: Figure) -> Figure:
    """A figure whose SVG passed ``inline_svg`` (else shown as not drawn)."""
    svg = inline_svg(f.svg)
    return f if svg == f.svg else replace(f, svg=None, note=f.note or "not a plain drawing")


def _vectors(rows: Sequence[ThreatRow]) -> tuple[tuple[str, str], ...]:
    """Every CVSS vector the register shows, once, numbered in order of appearance."""
    seen: dict[str, None] = {}
    for r in rows:
        for v in (r.cvss31_vector, r.residual31_vector, r.cvss40_vector, r.residual40_vector):
            if v:
                seen.setdefault(v)
    return tuple((f"v{n}", v) for n, v in enumerate(seen, 1))


# --- header --------------------------------------------------------------------


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
