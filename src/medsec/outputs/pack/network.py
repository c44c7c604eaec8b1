"""The firewall rules and the flow matrix as files a hospital's IT imports: CSV and JSON.

One neutral schema for both formats (docs/cli.md, "Integration pack"). Firewall rules:
``id, source, source_zone, destination, destination_zone, protocol, transport, port,
direction, action, purpose, flow, port_from``; ``port`` is empty (CSV) or ``[]`` (JSON) when
the model states none. Flow matrix: ``id, name, source, source_zone, target, target_zone,
protocol, transport, carries, data, data_categories, authentication, encryption,
bidirectional, crosses_boundary, direction, leaves_device, firewall_rule``. Lists are joined
with ``;`` in CSV. The JSON files also list the zones (trust boundaries) with who operates
them, and say that what no rule allows is denied. A CSV cell that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from medsec.domain.model import Project
from medsec.engines.firewall import FirewallRule, FlowRow
from medsec.outputs.json import dumps

RULES_FORMAT = "medsec-firewall-rules/1"
FLOWS_FORMAT = "medsec-flow-matrix/1"
RULE_FIELDS = (
    "id",
    "source",
    "source_zone",
    "destination",
    "destination_zone",
    "protocol",
    "transport",
    "port",
    "direction",
    "action",
    "purpose",
    "flow",
    "port_from",
)
FLOW_FIELDS = (
    "id",
    "name",
    "source",
    "source_zone",
    "target",
    "target_zone",
    "protocol",
    "transport",
    "carries",
    "data",
    "data_categories",
    "authentication",
    "encryption",
    "bidirectional",
    "crosses_boundary",
    "direction",
    "leaves_device",
    "firewall_rule",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class NetworkView:
    """What the network files show: the project (device, zones), its rules and flow matrix."""

    project: Project
    rules: tuple[FirewallRule, ...]
    flows: tuple[FlowRow, ...]


def rule_record(r: FirewallRule) -> dict[str, Any]:
    """One rule in the neutral schema (JSON types)."""
    return {
        "id": r.id,
        "source": r.source,
        "source_zone": r.source_zone or None,
        "destination": r.destination,
        "destination_zone": r.destination_zone or None,
        "protocol": r.protocol,
        "transport": r.transport,
        "port": list(r.ports),
        "direction": r.direction,
        "action": "allow",
        "purpose": r.purpose,
        "flow": r.flow,
        "port_from": list(r.port_from),
    }


def flow_record(f: FlowRow) -> dict[str, Any]:
    """One flow of the matrix in the neutral schema (JSON types)."""
    return {
        "id": f.id,
        "name": f.name,
        "source": f.source,
        "source_zone": f.source_zone or None,
        "target": f.target,
        "target_zone": f.target_zone or None,
        "protocol": f.protocol,
        "transport": f.transport,
        "carries": f.carries,
        "data": list(f.data),
        "data_categories": list(f.data_categories),
        "authentication": f.authentication,
        "encryption": f.encryption,
        "bidirectional": f.bidirectional,
        "crosses_boundary": f.crosses_boundary,
        "direction": f.direction,
        "leaves_device": f.leaves_device,
        "firewall_rule": f.firewall_rule,
    }


def _head(p: Project, fmt: str) -> dict[str, Any]:
    """The header both JSON files share: format, device, zones."""
    d = p.device
    return {
        "format": fmt,
        "device": {
            "id": d.id,
            "name": d.name,
            "version": d.version,
            "manufacturer": d.manufacturer,
        },
        "zones": [
            {
                "id": b.id,
                "name": b.name,
                "kind": b.kind.value,
                "parent": b.parent,
                "operated_by": p.boundary_operator(b.id),
            }
            for b in p.boundaries
        ],
    }


def rules_json(view: NetworkView) -> str:
    """The firewall rules as JSON: header, default deny, one record per rule."""
    out = _head(view.project, RULES_FORMAT)
    out["default_action"] = "deny"
    out["rules"] = [rule_record(r) for r in view.rules]
    return dumps(out)


def flows_json(view: NetworkView) -> str:
    """The flow matrix as JSON: header, one record per flow."""
    out = _head(view.project, FLOWS_FORMAT)
    out["flows"] = [flow_record(f) for f in view.flows]
    return dumps(out)


def cell(value: object) -> str:
    """A JSON value as one CSV cell: lists joined by ';', booleans true/false, none empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(cell(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def table_csv(fields: Sequence[str], records: Iterable[dict[str, Any]]) -> str:
    """A header row and one row per record (RFC 4180: CRLF, quotes where needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(fields)
    for record in records:
        writer.writerow([cell(record[f]) for f in fields])
    return out.getvalue()


def rules_csv(view: NetworkView) -> str:
    """The firewall rules as CSV in the neutral schema."""
    return table_csv(RULE_FIELDS, (rule_record(r) for r in view.rules))


def flows_csv(view: NetworkView) -> str:
    """The flow matrix as CSV in the neutral schema."""
    return table_csv(FLOW_FIELDS, (flow_record(f) for f in view.flows))
