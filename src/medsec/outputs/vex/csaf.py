"""CSAF 2.0 VEX (profile ``csaf_vex``), checked in the tests by the JSON schema and by the
mandatory tests of §6.1 (medsec.engines.csaf_checks).

One vulnerability item per advisory; each component is a product of its own and, through a
``default_component_of`` relationship, part of the device: statements name that relationship.
``not_affected`` gives a flag with the justification label (and the detail as an ``impact``
threat); ``exploitable`` gives remediations from the responses. Dates and ids come from the
inputs, never from the clock. What CSAF cannot say travels in a note titled
``medsec-cyclonedx PRODUCT-ID`` (see medsec.engines.vex_tag); how the finding was found
(matcher, confidence, record, data snapshot, matched range: :mod:`medsec.outputs.provenance`) in
a ``details`` note titled ``medsec match PRODUCT-ID``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from medsec import __version__
from medsec.domain.vex import ProductInfo, Statement
from medsec.domain.vulnerability import VexState
from medsec.engines.cvss_rating import rating
from medsec.engines.vex_codes import (
    CSAF,
    NO_REMEDIATION_TEXT,
    NOT_AFFECTED_STATES,
    RESPONSE_TEXT,
    impact_text,
    justification_code,
    remediation_codes,
    state_code,
)
from medsec.engines.vex_tag import encode
from medsec.outputs.json import dumps
from medsec.outputs.provenance import match_lines
from medsec.outputs.renderer import Format
from medsec.outputs.vex.carry import CVE, tag_for, timestamp
from medsec.outputs.vex.csaf_tree import device_id, product_tree
from medsec.outputs.vex.view import VexView

NOT_AFFECTED = NOT_AFFECTED_STATES
TAG_TITLE = "medsec-cyclonedx"
MATCH_TITLE = "medsec match"  # a note per product: how the finding was found (not read back)


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Product ids grouped by value, each group once and sorted, groups sorted: stable JSON."""
    out: dict[str, list[str]] = {}
    for key, pid in pairs:
        if pid not in out.setdefault(key, []):
            out[key].append(pid)
    return {k: sorted(v) for k, v in sorted(out.items())}


def _ids(s: Statement) -> tuple[str | None, list[dict[str, str]]]:
    """The CVE (CSAF's own field) and every other name of the vulnerability as ``ids``."""
    names = [s.vulnerability, *s.aliases]
    cve = s.vulnerability if CVE.match(s.vulnerability) else None
    ids = [
        {"system_name": n.split("-", 1)[0] if "-" in n else "OSV", "text": n}
        for n in dict.fromkeys(names)
        if n != cve
    ]
    return cve, ids


def _score(vector: str | None) -> dict[str, Any] | None:
    """A CVSS vector as a CSAF score; None for CVSS 4.0, which CSAF 2.0 cannot carry."""
    r = rating(vector)
    if r is None or r.version == "4.0":
        return None  # CSAF 2.0 knows CVSS 2.0 and 3.x only
    if r.version == "2.0":
        return {"cvss_v2": {"version": "2.0", "vectorString": r.vector, "baseScore": r.score}}
    return {
        "cvss_v3": {
            "version": r.version,
            "vectorString": r.vector,
            "baseScore": r.score,
            "baseSeverity": r.severity.upper(),
        }
    }


@dataclass
class _Parts:
    """What the statements of one vulnerability say, as (value, product id) pairs to group."""

    status: list[tuple[str, str]] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)
    threats: list[tuple[str, str]] = field(default_factory=list)
    remedies: list[tuple[tuple[str, str], str]] = field(default_factory=list)
    scores: dict[str, tuple[dict[str, Any], list[str]]] = field(default_factory=dict)
    notes: list[dict[str, str]] = field(default_factory=list)

    def add(self, pid: str, s: Statement) -> None:
        """Record one product's statement: status, justification flag or impact, remedies."""
        self.status.append((state_code(CSAF, s.state, s.original), pid))
        label = justification_code(CSAF, s.justification, s.original)
        if s.state in NOT_AFFECTED and label:
            self.flags.append((label, pid))
        if s.detail:
            self.threats.append((s.detail, pid))
        elif s.state in NOT_AFFECTED and not label:
            self.threats.append((impact_text(s.state), pid))
        adds = self._add_remedies(pid, s)
        self._add_score(pid, s)
        tag = tag_for(CSAF, s, adds_remediation=adds, carry_finding=s.component is None)
        if tag is not None:
            self.notes.append(
                {"category": "other", "title": f"{TAG_TITLE} {pid}", "text": encode(tag)}
            )
        if s.provenance:
            self.notes.append(
                {
                    "category": "details",
                    "title": f"{MATCH_TITLE} {pid}",
                    "text": "\n".join(match_lines(s.provenance)),
                }
            )

    def _add_remedies(self, pid: str, s: Statement) -> bool:
        """The responses as remediations; True when "none_available" had to be added for CSAF."""
        codes = remediation_codes(s.responses, s.original)
        self.remedies.extend(((code, RESPONSE_TEXT[r]), pid) for r, code in codes)
        adds = s.state is VexState.EXPLOITABLE and not codes
        if adds:
            self.remedies.append((("none_available", NO_REMEDIATION_TEXT), pid))
        return adds

    def _add_score(self, pid: str, s: Statement) -> None:
        """Group products by identical CVSS score so each score is written once."""
        score = _score(s.cvss_vector)
        if score is not None:
            key = dumps(score)
            self.scores.setdefault(key, (score, []))[1].append(pid)


def _identification(first: Statement, cwe_names: Mapping[str, str]) -> dict[str, Any]:
    """The CVE, the first CWE CSAF knows by name, and the other ids of the vulnerability."""
    cve, ids = _ids(first)
    out: dict[str, Any] = {}
    if cve:
        out["cve"] = cve
    cwe = next((c for c in first.cwes if c in cwe_names), None)
    if cwe:
        out["cwe"] = {"id": cwe, "name": cwe_names[cwe]}
    if ids:
        out["ids"] = ids
    return out


def _summary(group: list[tuple[str, Statement]]) -> str:
    """The advisory's summary, else which components (or the device) it concerns."""
    first = group[0][1]
    return first.summary or f"{first.vulnerability} in " + ", ".join(
        sorted({s.component.name for _, s in group if s.component} or {"the device"})
    )


def _remediations(remedies: list[tuple[tuple[str, str], str]]) -> list[dict[str, Any]]:
    """One remediation per (category, text) with its products, in a stable order."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for remedy, pid in remedies:
        if pid not in grouped.setdefault(remedy, []):
            grouped[remedy].append(pid)
    return [
        {"category": cat, "details": text, "product_ids": sorted(pids)}
        for (cat, text), pids in sorted(grouped.items())
    ]


def _product_fields(parts: _Parts) -> dict[str, Any]:
    """Product status, flags, threats, remediations and scores, each grouped by product."""
    out: dict[str, Any] = {"product_status": _grouped(parts.status)}
    if parts.flags:
        out["flags"] = [{"label": k, "product_ids": v} for k, v in _grouped(parts.flags).items()]
    if parts.threats:
        out["threats"] = [
            {"category": "impact", "details": k, "product_ids": v}
            for k, v in _grouped(parts.threats).items()
        ]
    if remediations := _remediations(parts.remedies):
        out["remediations"] = remediations
    if parts.scores:
        out["scores"] = [
            {**score, "products": sorted(pids)} for score, pids in parts.scores.values()
        ]
    return out


def _vulnerability(
    group: list[tuple[str, Statement]], cwe_names: Mapping[str, str]
) -> dict[str, Any]:
    """One CSAF vulnerability item from the (product id, statement) pairs of one advisory."""
    parts = _Parts()
    for pid, s in group:
        parts.add(pid, s)
    summary = {"category": "description", "text": _summary(group), "title": "Summary"}
    return {
        **_identification(group[0][1], cwe_names),
        "notes": [summary, *parts.notes],
        **_product_fields(parts),
    }


def _cwe_names() -> Mapping[str, str]:
    """The CWE names CSAF requires with a CWE id, loaded on first use."""
    # imported on use: the CSAF checks package costs ~20 ms, and the CLI imports this module
    # (through the VEX registry) for every ``--help``
    from medsec.engines.csaf_checks.cwe_names import CWE_NAMES

    return CWE_NAMES


def document(
    statements: Sequence[Statement],
    product: ProductInfo,
    issued: dt.datetime,
    *,
    cwe_names: Mapping[str, str] | None = None,
) -> Any:
    """The CSAF 2.0 VEX document: one vulnerability per advisory, one status per product."""
    names = cwe_names if cwe_names is not None else _cwe_names()
    tree, mapping = product_tree(product, [s.component for s in statements if s.component])
    device = device_id(product)
    groups: dict[str, list[tuple[str, Statement]]] = {}
    seen: set[tuple[str, str]] = set()
    for s in statements:
        pid = mapping[s.component].relationship_id if s.component else device
        if (s.vulnerability, pid) in seen:
            continue  # one status per product and vulnerability (CSAF 6.1.6)
        seen.add((s.vulnerability, pid))
        groups.setdefault(s.vulnerability, []).append((pid, s))
    when = timestamp(issued)
    namespace = product.namespace or f"urn:medsec:{product.id}"
    publisher: dict[str, Any] = {
        "category": "vendor",
        "name": product.manufacturer,
        "namespace": namespace,
    }
    if product.contact:
        publisher["contact_details"] = product.contact
    return {
        "document": {
            "category": "csaf_vex",
            "csaf_version": "2.0",
            "lang": "en",
            "publisher": publisher,
            "title": f"{product.name} {product.version}: vulnerability exploitability (VEX)",
            "tracking": {
                "current_release_date": when,
                "generator": {"date": when, "engine": {"name": "medsec", "version": __version__}},
                "id": f"{product.id}-{product.version}-vex",
                "initial_release_date": when,
                "revision_history": [{"date": when, "number": "1", "summary": "Initial version."}],
                "status": "final",
                "version": "1",
            },
        },
        "product_tree": tree,
        "vulnerabilities": [_vulnerability(groups[v], names) for v in sorted(groups)],
    }


def render(statements: Sequence[Statement], product: ProductInfo, issued: dt.datetime) -> str:
    """The document as indented JSON."""
    return dumps(document(statements, product, issued))


RENDERER: Format[VexView] = Format(
    "csaf",
    "application/json",
    ".json",
    "CSAF 2.0 csaf_vex profile",
    lambda view: render(view.statements, view.product, view.issued),
)
