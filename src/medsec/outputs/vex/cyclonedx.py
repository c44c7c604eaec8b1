"""CycloneDX 1.6 VEX (JSON): the device as ``metadata.component``, the affected components in
``components``, one ``vulnerabilities[]`` entry per statement.

Built as plain JSON (cyclonedx-python-lib has no convenient VEX-only path) and validated against
the official 1.6 schema in the tests. What CycloneDX has no field for travels in ``medsec:``
properties: ``medsec:finding`` (a finding id a reader could not derive), ``medsec:original``
(``format:field:value`` codes of other formats), ``medsec:safety``, ``medsec:hazards``,
``medsec:author`` and one ``medsec:match`` per match that found the finding (matcher,
confidence, record, data snapshot and matched range: :mod:`medsec.outputs.provenance`; written,
not read back).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from medsec import __version__
from medsec.domain.vex import ProductInfo, Statement
from medsec.engines.cvss_rating import rating
from medsec.engines.vex_codes import CDX, justification_code, state_code
from medsec.outputs.json import dumps
from medsec.outputs.provenance import match_lines
from medsec.outputs.renderer import Format
from medsec.outputs.vex.carry import carried_finding, component_ref, source, timestamp
from medsec.outputs.vex.view import VexView

SPEC_VERSION = "1.6"
NAMESPACE = uuid.UUID("0b8c4f53-54a4-4f0e-93b2-62f3e3c1b7a4")
_SEVERITIES = frozenset({"critical", "high", "medium", "low", "info", "none", "unknown"})


def _component(s: Statement) -> dict[str, Any] | None:
    """The statement's component as a CycloneDX component; None for a device-level statement."""
    c = s.component
    if c is None:
        return None
    out: dict[str, Any] = {"type": "library", "bom-ref": component_ref(c), "name": c.name}
    if c.version:
        out["version"] = c.version
    if c.cpe:
        out["cpe"] = c.cpe
    if c.purl:
        out["purl"] = c.purl
    return out


def _ratings(s: Statement) -> list[dict[str, Any]]:
    """The CVSS rating of the vector, else the bare severity, else none."""
    r = rating(s.cvss_vector)
    if r is not None:
        return [
            {
                "source": source(s.vulnerability),
                "score": r.score,
                "severity": r.severity,
                "method": r.cyclonedx_method,
                "vector": s.cvss_vector,
            }
        ]
    if s.severity in _SEVERITIES:
        return [{"source": source(s.vulnerability), "severity": s.severity}]
    return []


def _analysis(s: Statement) -> dict[str, Any]:
    """The CycloneDX analysis: state, justification, responses, detail and dates."""
    out: dict[str, Any] = {"state": state_code(CDX, s.state)}
    justification = justification_code(CDX, s.justification)
    if justification:
        out["justification"] = justification
    if s.responses:
        out["response"] = [r.value for r in s.responses]
    if s.detail:
        out["detail"] = s.detail
    if s.first_issued:
        out["firstIssued"] = timestamp(s.first_issued)
    if s.last_updated:
        out["lastUpdated"] = timestamp(s.last_updated)
    return out


def _properties(s: Statement) -> list[dict[str, str]]:
    """``medsec:`` properties for what CycloneDX cannot say: finding, original codes, safety, ..."""
    props: list[dict[str, str]] = []
    finding = carried_finding(s)
    if finding:
        props.append({"name": "medsec:finding", "value": finding})
    props.extend({"name": "medsec:original", "value": ":".join(o)} for o in s.original)
    if s.safety is not None:
        props.append({"name": "medsec:safety", "value": s.safety.value})
    if s.hazards:
        props.append({"name": "medsec:hazards", "value": ",".join(s.hazards)})
    if s.author:
        props.append({"name": "medsec:author", "value": s.author})
    props.extend({"name": "medsec:match", "value": line} for line in match_lines(s.provenance))
    return props


def vulnerability(s: Statement) -> dict[str, Any]:
    """One statement as a CycloneDX ``vulnerabilities[]`` entry."""
    out: dict[str, Any] = {"id": s.vulnerability, "source": source(s.vulnerability)}
    if s.aliases:
        out["references"] = [{"id": a, "source": source(a)} for a in s.aliases]
    ratings = _ratings(s)
    if ratings:
        out["ratings"] = ratings
    cwes = sorted({int(c[4:]) for c in s.cwes if c.startswith("CWE-") and c[4:].isdigit()})
    if cwes:
        out["cwes"] = cwes
    if s.summary:
        out["description"] = s.summary
    if s.fixed_versions and s.component is not None:
        out["recommendation"] = (
            f"Update {s.component.name} to {' or '.join(s.fixed_versions)} or later."
        )
    out["analysis"] = _analysis(s)
    if s.component is not None:
        affects: dict[str, Any] = {"ref": component_ref(s.component)}
        if s.versions:
            affects["versions"] = [
                {"range" if v.startswith("vers:") else "version": v, "status": st}
                for v, st in s.versions
            ]
        out["affects"] = [affects]
    props = _properties(s)
    if props:
        out["properties"] = props
    return out


def document(statements: Sequence[Statement], product: ProductInfo, issued: dt.datetime) -> Any:
    """The CycloneDX 1.6 VEX BOM; its serial number derives from the content, not the clock."""
    components: dict[str, dict[str, Any]] = {}
    for s in statements:
        c = _component(s)
        if c is not None:
            components.setdefault(c["bom-ref"], c)
    vulns = [vulnerability(s) for s in statements]
    serial = uuid.uuid5(
        NAMESPACE,
        dumps([product.id, product.version, timestamp(issued), vulns]),
    )
    device: dict[str, Any] = {
        "type": "device",
        "bom-ref": product.id,
        "name": product.name,
        "version": product.version,
        "supplier": {"name": product.manufacturer},
    }
    return {
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": serial.urn,
        "version": 1,
        "metadata": {
            "timestamp": timestamp(issued),
            "tools": {
                "components": [{"type": "application", "name": "medsec", "version": __version__}]
            },
            "component": device,
            "manufacturer": {"name": product.manufacturer},
        },
        "components": [components[k] for k in sorted(components)],
        "vulnerabilities": vulns,
    }


def render(statements: Sequence[Statement], product: ProductInfo, issued: dt.datetime) -> str:
    """The document as indented JSON."""
    return dumps(document(statements, product, issued))


RENDERER: Format[VexView] = Format(
    "cyclonedx",
    "application/vnd.cyclonedx+json",
    ".cdx.json",
    "CycloneDX 1.6 VEX (JSON)",
    lambda view: render(view.statements, view.product, view.issued),
)
