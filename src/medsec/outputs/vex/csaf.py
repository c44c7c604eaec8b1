"""CSAF 2.0 VEX (profile ``csaf_vex``), checked in the tests by the JSON schema and by the
mandatory tests of §6.1 (medsec.engines.csaf_checks).

One vulnerability item per advisory; each component is a product of its own and, through a
``default_component_of`` relationship, part of the device: statements name that relationship.
``not_affected`` gives a flag with the justification label (and the detail as an ``impact``
threat); ``exploitable`` gives remediations from the responses. Dates and ids come from the
inputs, never from the clock. What CSAF cannot say travels in a note titled
``medsec-cyclonedx PRODUCT-ID`` (see medsec.engines.vex_tag).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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
from medsec.outputs.renderer import Format
from medsec.outputs.vex.carry import CVE, tag_for, timestamp
from medsec.outputs.vex.csaf_tree import device_id, product_tree
from medsec.outputs.vex.view import VexView

NOT_AFFECTED = NOT_AFFECTED_STATES
TAG_TITLE = "medsec-cyclonedx"


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, pid in pairs:
        if pid not in out.setdefault(key, []):
            out[key].append(pid)
    return {k: sorted(v) for k, v in sorted(out.items())}


def _ids(s: Statement) -> tuple[str | None, list[dict[str, str]]]:
    names = [s.vulnerability, *s.aliases]
    cve = s.vulnerability if CVE.match(s.vulnerability) else None
    ids = [
        {"system_name": n.split("-", 1)[0] if "-" in n else "OSV", "text": n}
        for n in dict.fromkeys(names)
        if n != cve
    ]
    return cve, ids


def _score(vector: str | None) -> dict[str, Any] | None:
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


def _vulnerability(
    group: list[tuple[str, Statement]], cwe_names: Mapping[str, str]
) -> dict[str, Any]:
    first = group[0][1]
    status: list[tuple[str, str]] = []
    flags: list[tuple[str, str]] = []
    threats: list[tuple[str, str]] = []
    remedies: list[tuple[tuple[str, str], str]] = []
    scores: dict[str, tuple[dict[str, Any], list[str]]] = {}
    notes: list[dict[str, str]] = []
    for pid, s in group:
        status.append((state_code(CSAF, s.state, s.original), pid))
        label = justification_code(CSAF, s.justification, s.original)
        if s.state in NOT_AFFECTED and label:
            flags.append((label, pid))
        if s.detail:
            threats.append((s.detail, pid))
        elif s.state in NOT_AFFECTED and not label:
            threats.append((impact_text(s.state), pid))
        codes = remediation_codes(s.responses, s.original)
        remedies.extend(((code, RESPONSE_TEXT[r]), pid) for r, code in codes)
        adds = s.state is VexState.EXPLOITABLE and not codes
        if adds:
            remedies.append((("none_available", NO_REMEDIATION_TEXT), pid))
        score = _score(s.cvss_vector)
        if score is not None:
            key = dumps(score)
            scores.setdefault(key, (score, []))[1].append(pid)
        tag = tag_for(CSAF, s, adds_remediation=adds, carry_finding=s.component is None)
        if tag is not None:
            notes.append({"category": "other", "title": f"{TAG_TITLE} {pid}", "text": encode(tag)})
    cve, ids = _ids(first)
    out: dict[str, Any] = {}
    if cve:
        out["cve"] = cve
    cwe = next((c for c in first.cwes if c in cwe_names), None)
    if cwe:
        out["cwe"] = {"id": cwe, "name": cwe_names[cwe]}
    if ids:
        out["ids"] = ids
    summary = first.summary or f"{first.vulnerability} in " + ", ".join(
        sorted({s.component.name for _, s in group if s.component} or {"the device"})
    )
    out["notes"] = [{"category": "description", "text": summary, "title": "Summary"}, *notes]
    out["product_status"] = _grouped(status)
    if flags:
        out["flags"] = [{"label": k, "product_ids": v} for k, v in _grouped(flags).items()]
    if threats:
        out["threats"] = [
            {"category": "impact", "details": k, "product_ids": v}
            for k, v in _grouped(threats).items()
        ]
    remediations: dict[tuple[str, str], list[str]] = {}
    for remedy, pid in remedies:
        if pid not in remediations.setdefault(remedy, []):
            remediations[remedy].append(pid)
    if remediations:
        out["remediations"] = [
            {"category": cat, "details": text, "product_ids": sorted(pids)}
            for (cat, text), pids in sorted(remediations.items())
        ]
    if scores:
        out["scores"] = [{**score, "products": sorted(pids)} for score, pids in scores.values()]
    return out


def _cwe_names() -> Mapping[str, str]:
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
