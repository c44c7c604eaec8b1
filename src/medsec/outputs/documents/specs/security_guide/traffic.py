"""The traffic chapters of ``security-guide``: the data that leaves the device, the firewall rules and
the recommended segmentation.

All three read the flow matrix and the rules of :mod:`medsec.engines.firewall` (the same rows
the integration pack writes as CSV and JSON): a flow leaves the device when it starts inside a
``device`` boundary and ends outside it; a rule is needed for every routed flow between two
trust boundaries, its port taken from the model or said to be missing. Where the data goes to
a cloud zone, the regions are the model's only when it states them (in the zone's name, the
data items' ``transfers``); otherwise they are asked.
"""

from __future__ import annotations

from collections import defaultdict

from medsec.domain.checklist import ItemId
from medsec.domain.document import (
    EvidenceRef,
    Question,
    Section,
    Statement,
    Status,
    Table,
    TableRow,
)
from medsec.domain.model import Project
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.vocabulary import BoundaryKind
from medsec.domain.wording import counted
from medsec.engines.firewall import (
    FirewallRule,
    FlowRow,
    device_elements,
    firewall_rules,
    flow_matrix,
)
from medsec.engines.judgements import authenticated, encrypted, network_reachable, switched_off
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.security_guide import questions as q
from medsec.outputs.documents.specs.security_guide.parts import (
    chapter,
    interface_ref,
    judged,
    listed,
    operator_name,
    subjects,
)

RULE_COLUMNS = ("Rule", "Source", "Destination", "Protocol", "Port", "Direction", "Purpose")
PACK = "the integration pack ('medsec docs pack')"


def _zone_label(p: Project, zone: str) -> str:
    """A zone as the guide names it: its name and kind, or 'no zone'."""
    b = p.boundary(zone) if zone else None
    return f"{b.name} ({b.id}, {b.kind.value})" if b else (zone or "no zone")


def _ref(row: FlowRow | FirewallRule, record: str) -> EvidenceRef:
    """The flow behind a row, in medsec.yaml."""
    return EvidenceRef(PROJECT_FILE, row.line, record)


def _out_row(p: Project, r: FlowRow) -> TableRow:
    """A flow leaving the device: where it goes and what it carries, how it is protected."""
    data = listed(f"{d} ({c})" for d, c in zip(r.data, _categories(p, r.data), strict=True))
    return TableRow(
        (
            r.id,
            r.source,
            r.target,
            _zone_label(p, r.target_zone),
            r.protocol,
            data,
            r.encryption,
            r.authentication,
        ),
        (_ref(r, f"flows.{r.id}"),),
    )


def _categories(p: Project, ids: tuple[str, ...]) -> list[str]:
    """The category of each data item id, in order (``not stated`` for unknown ids)."""
    known = {d.id: d.category.value for d in p.data}
    return [known.get(i, "not stated") for i in ids]


def _clouds(p: Project, leaving: list[FlowRow]) -> list[str]:
    """The cloud zones flows leaving the device end in."""
    kind = BoundaryKind.CLOUD.value
    return sorted({r.target_zone for r in leaving if p.in_boundary_kind(r.target, kind)})


def _transfers(p: Project, leaving: list[FlowRow]) -> Statement | None:
    """Third-country transfers the data items leaving the device state."""
    ids = {d for r in leaving for d in r.data}
    stated = [(d.id, d.transfers) for d in p.data if d.id in ids and d.transfers]
    if not stated:
        return None
    return Statement(
        "Transfers the data inventory states: "
        + "; ".join(f"{i}: {', '.join(t)}" for i, t in stated)
        + ".",
        (project_ref("data[].transfers"),),
    )


def flows_out(inputs: DocumentInputs) -> Section:
    """The data flows that leave the device and where they go (cloud zones, regions)."""
    p = inputs.ctx.project
    leaving = [r for r in flow_matrix(p) if r.leaves_device]
    clouds = _clouds(p, leaving)
    leaving_ids = tuple(f"flow:{r.id}" for r in leaving)
    base = judged(inputs, (ItemId.GDPR_READINESS, ItemId.SECURITY_CONCEPT), subjects(*leaving_ids))
    said: list[Statement | None] = [_device_stated(p)]
    said.append(
        Statement(
            f"{len(leaving)} data flows leave the device"
            + (
                f"; to cloud zones: {listed(_zone_label(p, z) for z in clouds)}." if clouds else "."
            ),
            tuple(_ref(r, f"flows.{r.id}") for r in leaving) or (project_ref("flows"),),
        )
    )
    said.append(_transfers(p, leaving))
    asked: tuple[tuple[Question, str], ...] = (
        ((q.CLOUD_REGIONS, "Cloud regions: {value}."),) if clouds else ()
    )
    table = Table(
        "Data flows that leave the device",
        (
            "Flow",
            "From",
            "To",
            "Destination zone",
            "Protocol",
            "Data (category)",
            "Encryption",
            "Authentication",
        ),
        tuple(_out_row(p, r) for r in leaving),
        empty="No data flow leaves the device.",
    )
    return chapter(
        inputs,
        ("flows-out", "Data flows that leave the device", base.status),
        (*said, *base.statements),
        (table,),
        asked,
    )


def _device_stated(p: Project) -> Statement | None:
    """A gap when the model has no device boundary: nothing can be said to leave it."""
    if device_elements(p):
        return None
    return Statement(
        "The model has no trust boundary of kind 'device' around the device's elements: which "
        "flows leave the device cannot be told.",
        (project_ref("boundaries"),),
        status=Status.PARTLY,
        gap="no device boundary",
        fix="medsec.yaml: boundaries: - {id: ..., kind: device}; elements[].boundary",
    )


def _rule_row(p: Project, r: FirewallRule) -> TableRow:
    """One firewall rule as the guide lists it."""
    return TableRow(
        (
            r.id,
            f"{r.source} ({r.source_zone or 'no zone'})",
            f"{r.destination} ({r.destination_zone or 'no zone'})",
            f"{r.protocol} ({r.transport})",
            r.port_text,
            r.direction,
            r.purpose,
        ),
        (_ref(r, f"flows.{r.flow}"),),
    )


def firewall(inputs: DocumentInputs) -> Section:
    """The allow rules the hospital's firewalls need, derived from the flows; default deny."""
    p = inputs.ctx.project
    found = firewall_rules(p)
    lead = Statement(
        f"Allow {'this' if len(found) == 1 else 'these'} {counted(len(found), 'connection')} "
        "between zones and deny the rest. Each rule is a "
        "data flow of the model that travels on a routed network between two trust "
        "boundaries; the same rules are in firewall-rules.csv and firewall-rules.json of "
        f"{PACK}.",
        (project_ref("flows, interfaces"),),
    )
    portless = [r for r in found if not r.ports]
    gap = (
        Statement(
            f"The model states no port for {listed(r.id for r in portless)}: state it on the "
            "interface of the element that receives the flow, or ask the manufacturer.",
            tuple(_ref(r, f"flows.{r.flow}") for r in portless),
            status=Status.PARTLY,
            gap="port not stated",
            fix="medsec.yaml: interfaces[] of the flow's target with the flow's protocol and port",
        )
        if portless
        else None
    )
    table = Table(
        "Required firewall rules (allow; everything else denied)",
        RULE_COLUMNS,
        tuple(_rule_row(p, r) for r in found),
        empty="No flow travels on a routed network between trust boundaries: no rule is needed.",
    )
    return chapter(
        inputs, ("firewall", "Required firewall rules", Status.INFO), (lead, gap), (table,)
    )


def _zone_rows(p: Project, found: tuple[FirewallRule, ...]) -> tuple[TableRow, ...]:
    """Each zone, who operates it, its elements and the zones it exchanges routed flows with."""
    peers: dict[str, set[str]] = defaultdict(set)
    for r in found:
        peers[r.source_zone].add(r.destination_zone or "no zone")
        peers[r.destination_zone].add(r.source_zone or "no zone")
    members: dict[str, list[str]] = defaultdict(list)
    for e in p.elements:
        members[e.boundary or ""].append(e.id)
    return tuple(
        TableRow(
            (
                b.id,
                b.kind.value,
                operator_name(p, p.boundary_operator(b.id)),
                listed(members.get(b.id, ())),
                listed(sorted(peers.get(b.id, ())), "-"),
            ),
            (EvidenceRef(PROJECT_FILE, b.line, f"boundaries.{b.id}"),),
        )
        for b in p.boundaries
    )


def _isolate(p: Project) -> list[Statement]:
    """Network-reachable enabled interfaces that are unauthenticated or unencrypted: fence them."""
    out = []
    for i in p.interfaces:
        if switched_off(i) or network_reachable(i) is not True:
            continue
        weak = [
            w
            for w, bad in (
                ("not authenticated", authenticated(i.authentication) is False),
                ("not encrypted", encrypted(i.encryption, i.protocol) is False),
            )
            if bad
        ]
        if weak:
            port = f" (port {i.port})" if i.port is not None else ""
            out.append(
                Statement(
                    f"Interface {i.id}{port} of {i.element} is {' and '.join(weak)}: allow it "
                    "only from the peers its firewall rules name, on a segment no other system "
                    "shares.",
                    (interface_ref(i),),
                )
            )
    return out


def segmentation(inputs: DocumentInputs) -> Section:
    """The recommended segmentation: the device on its own segment, weak interfaces fenced."""
    p = inputs.ctx.project
    found = firewall_rules(p)
    device = sorted(device_elements(p))
    lead = Statement(
        f"Put the device ({listed(device)}) on a network segment of its own (a medical-device "
        "VLAN or zone), reachable only through the firewall rules above; keep each zone below "
        "a segment of its own and route between zones only what a rule allows.",
        (project_ref("boundaries, flows"),),
    )
    table = Table(
        "Zones and the zones each exchanges routed flows with",
        ("Zone", "Kind", "Operated by", "Elements", "Routed flows with"),
        _zone_rows(p, found),
        empty="The model declares no trust boundaries.",
    )
    return chapter(
        inputs,
        ("segmentation", "Recommended network segmentation", Status.INFO),
        (lead, *_isolate(p)),
        (table,),
    )
