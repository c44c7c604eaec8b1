"""OpenVEX 0.2.0: one statement per finding, the component's purl as the product ``@id``.

OpenVEX has five justifications and no response codes; what it cannot say (CycloneDX's finer
codes, responses, patient-safety notes) is carried in a ``medsec-cyclonedx:`` line at the end of
``status_notes`` (see medsec.engines.vex_tag) so that importing the document gives them back.
Before it, one ``medsec-match:`` line per match says how the finding was found (matcher,
confidence, record, data snapshot, matched range: :mod:`medsec.outputs.provenance`); importing
leaves those lines out of the assessment's detail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from medsec import __version__
from medsec.domain.vex import ProductInfo, Statement
from medsec.domain.vulnerability import VexState
from medsec.engines.vex_codes import (
    NOT_AFFECTED_STATES,
    OPENVEX,
    action_text,
    impact_text,
    justification_code,
    state_code,
)
from medsec.engines.vex_tag import MATCH_PREFIX, encode
from medsec.outputs.json import dumps
from medsec.outputs.provenance import match_lines
from medsec.outputs.renderer import Format
from medsec.outputs.vex.carry import component_ref, tag_for, timestamp
from medsec.outputs.vex.view import VexView

CONTEXT = "https://openvex.dev/ns/v0.2.0"
NOT_AFFECTED = NOT_AFFECTED_STATES


def _notes(*parts: str | None) -> str | None:
    """The non-empty parts joined line by line; None when all are empty."""
    text = "\n".join(p for p in parts if p)
    return text or None


def statement(s: Statement) -> dict[str, Any]:
    """One statement in OpenVEX terms: justification or impact, action, notes carrying the rest."""
    vuln: dict[str, Any] = {"name": s.vulnerability}
    if s.aliases:
        vuln["aliases"] = list(dict.fromkeys(s.aliases))
    out: dict[str, Any] = {"vulnerability": vuln}
    if s.last_updated:
        out["timestamp"] = timestamp(s.last_updated)
    if s.component is not None:
        out["products"] = [{"@id": component_ref(s.component)}]
    out["status"] = state_code(OPENVEX, s.state, s.original)
    tag = tag_for(OPENVEX, s)
    notes_text: str | None = None
    if s.state in NOT_AFFECTED:
        label = justification_code(OPENVEX, s.justification, s.original)
        if label:
            out["justification"] = label
        if s.detail or not label:
            out["impact_statement"] = s.detail or impact_text(s.state)
    elif s.state is VexState.EXPLOITABLE:
        out["action_statement"] = s.detail or action_text(s.responses)
        if s.last_updated:
            out["action_statement_timestamp"] = timestamp(s.last_updated)
    else:
        notes_text = s.detail
    found = [f"{MATCH_PREFIX} {line}" for line in match_lines(s.provenance)]
    notes = _notes(notes_text, *found, encode(tag) if tag else None)
    if notes:
        out["status_notes"] = notes
    return out


def document(statements: Sequence[Statement], product: ProductInfo, issued: dt.datetime) -> Any:
    """The OpenVEX document; its ``@id`` derives from the content (and the maker's site)."""
    body = [statement(s) for s in statements]
    digest = hashlib.sha256(
        dumps([product.id, product.version, timestamp(issued), body]).encode()
    ).hexdigest()
    if product.namespace and product.namespace.startswith(("https://", "http://")):
        doc_id = f"{product.namespace.rstrip('/')}/vex/{product.id}-{digest[:32]}"
    else:
        doc_id = uuid.UUID(digest[:32]).urn
    author = product.manufacturer + (
        f" <{product.contact}>" if product.contact and "@" in product.contact else ""
    )
    return {
        "@context": CONTEXT,
        "@id": doc_id,
        "author": author,
        "role": "Manufacturer",
        "timestamp": timestamp(issued),
        "version": 1,
        "tooling": f"medsec {__version__}",
        "statements": body,
    }


def render(statements: Sequence[Statement], product: ProductInfo, issued: dt.datetime) -> str:
    """The document as indented JSON."""
    return dumps(document(statements, product, issued))


RENDERER: Format[VexView] = Format(
    "openvex",
    "application/json",
    ".openvex.json",
    "OpenVEX 0.2.0",
    lambda view: render(view.statements, view.product, view.issued),
)
