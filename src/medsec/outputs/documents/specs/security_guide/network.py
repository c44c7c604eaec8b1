"""The first chapters of ``security-guide``: the network environment, who is responsible for what,
and the ports, protocols and services of the device.

The environment is the model's trust boundaries (its network zones) and who operates each;
the shared-responsibility table is every element with its operator (``operated_by`` on the
element, its host or its boundary; nothing stated is the manufacturer) and the controls on it.
The ports table lists exactly the interfaces the model states enabled in production; disabled
and removed ones are listed apart, and interfaces whose production state is not stated are
named as a gap of the model.
"""

from __future__ import annotations

from collections import defaultdict

from medsec.domain.checklist import ItemId
from medsec.domain.document import Section, Statement, Status, Table, TableRow
from medsec.domain.model import Element, Interface, Project
from medsec.domain.vocabulary import Production
from medsec.domain.wording import are, counted
from medsec.engines.firewall import device_elements, interface_direction
from medsec.engines.judgements import is_debug_interface
from medsec.outputs.documents.common import project_ref
from medsec.outputs.documents.spec import DocumentInputs
from medsec.outputs.documents.specs.security_guide import questions as q
from medsec.outputs.documents.specs.security_guide.parts import (
    boundary_ref,
    chapter,
    either,
    grouped,
    interface_ref,
    judged,
    listed,
    operator_name,
    rules,
    shown,
    subjects,
)

# the security-concept findings about interfaces, and open ports the model does not declare
PORT_FINDINGS = either(subjects("interface:"), rules("undeclared-port"))
PORT_COLUMNS = (
    "Interface",
    "Element",
    "Kind",
    "Protocol",
    "Port",
    "Direction",
    "Peers",
    "Purpose",
    "Exposure",
    "Authentication",
    "Encryption",
)


def _zones(p: Project) -> Table:
    """The trust boundaries as network zones: kind, parent, operator, elements."""
    members: dict[str, list[str]] = defaultdict(list)
    for e in p.elements:
        if e.boundary:
            members[e.boundary].append(e.id)
    rows = tuple(
        TableRow(
            (
                b.id,
                b.name,
                b.kind.value,
                b.parent or "-",
                operator_name(p, p.boundary_operator(b.id)),
                listed(members.get(b.id, ())),
            ),
            (boundary_ref(b),),
        )
        for b in p.boundaries
    )
    return Table(
        "Trust boundaries (network zones) of the system",
        ("Zone", "Name", "Kind", "Inside", "Operated by", "Elements"),
        rows,
        empty="The model declares no trust boundaries.",
    )


def environment(inputs: DocumentInputs) -> Section:
    """The intended environment: intended use, the device's parts and the zones around it."""
    p = inputs.ctx.project
    d = p.device
    device = sorted(device_elements(p))
    use = Statement(
        f"{d.name} {d.version} by {d.manufacturer}"
        + (f" is intended for: {d.intended_use.rstrip('.')}." if d.intended_use else "."),
        (project_ref("device"),),
    )
    parts = Statement(
        f"Inside the device's enclosure (boundaries of kind 'device'): {listed(device)}. It "
        f"works with the systems in the {counted(len(p.boundaries), 'zone')} below; every flow "
        "between two zones is in the flow matrix and, where it is routed, in the firewall rules.",
        (project_ref("boundaries"),),
    )
    parties = Statement(
        "Other parties operating part of the system: "
        + listed(f"{x.name} ({x.id}, {x.kind.value})" for x in p.parties)
        + "; everything they do not operate is the manufacturer's.",
        (project_ref("parties"),),
    )
    return chapter(
        inputs,
        ("environment", "Intended network environment and assumptions", Status.INFO),
        (use, parts, parties),
        (_zones(p),),
        (
            (q.ENVIRONMENT, "The security design assumes: {value}."),
            (q.IT_REQUIREMENTS, "The minimum IT requirements are stated in {value}."),
        ),
    )


def _controls_by_target(p: Project) -> dict[str, list[str]]:
    """Control labels (id and status) by the id of what each applies to."""
    out: dict[str, list[str]] = defaultdict(list)
    for c in p.controls:
        for target in c.applies_to:
            out[target].append(f"{c.id} ({c.status.value})")
    return out


def _responsibility_rows(p: Project) -> tuple[TableRow, ...]:
    """Elements by type, zone, operator and the controls on them and their interfaces."""
    controls = _controls_by_target(p)

    def cells(e: Element) -> tuple[str, ...]:
        """What one element's row says, after its id."""
        on = [*controls.get(e.id, ()), *(c for i in p.interfaces_of(e.id) for c in controls[i.id])]
        operator = operator_name(p, p.operator(e.id))
        return (e.type.value, e.boundary or "-", operator, listed(dict.fromkeys(on)))

    return grouped(p.elements, cells, None)


def responsibilities(inputs: DocumentInputs) -> Section:
    """The shared-responsibility table: hospital vs manufacturer, element by element."""
    p = inputs.ctx.project
    theirs: dict[str, list[str]] = defaultdict(list)
    for e in p.elements:
        party = p.operator(e.id)
        if party is not None:
            theirs[party].append(e.id)
    said = [
        Statement(
            f"{operator_name(p, party)} operates {listed(ids)}: it runs their hosts, network and "
            "physical access and keeps the controls on them in place; the manufacturer supplies "
            "and updates what of them is its software.",
            (project_ref("parties, boundaries[].operated_by, elements[].operated_by"),),
        )
        for party, ids in sorted(theirs.items())
    ]
    said.append(
        Statement(
            "Everything else is operated by the manufacturer, which keeps the controls listed "
            "against it implemented and verified (controls with status 'planned' are not in "
            "place yet).",
            (project_ref("controls"),),
        )
    )
    table = Table(
        "Shared responsibility: who operates each part of the system, and its controls",
        ("Elements", "Type", "Zone", "Operated by", "Controls on them (status)"),
        _responsibility_rows(p),
        empty="The model declares no elements.",
    )
    return chapter(
        inputs,
        ("responsibilities", "Shared responsibility: hospital and manufacturer", Status.INFO),
        said,
        (table,),
        ((q.OPERATOR_DUTIES, "The hospital's duties: {value}."),),
    )


def port_row(p: Project, i: Interface) -> TableRow:
    """One enabled interface as the ports table lists it."""
    way, peers = interface_direction(p, i)
    purpose = listed((x for x in (i.name, *i.needed_for) if x), "not stated")
    kind = shown(i.kind) + (" (debug)" if is_debug_interface(i) and i.kind is None else "")
    return TableRow(
        (
            i.id,
            i.element,
            kind,
            shown(i.protocol),
            str(i.port) if i.port is not None else "not stated",
            way,
            listed(peers, "-"),
            purpose,
            shown(i.exposure),
            shown(i.authentication),
            shown(i.encryption),
        ),
        (interface_ref(i),),
    )


def _off_row(i: Interface) -> TableRow:
    """A disabled or removed interface: what it was for and its state."""
    return TableRow(
        (
            i.id,
            i.element,
            shown(i.kind),
            shown(i.protocol),
            shown(i.production),
            listed(i.needed_for, "-"),
        ),
        (interface_ref(i),),
    )


def enabled(p: Project) -> tuple[Interface, ...]:
    """The interfaces the model states enabled in production, in model order."""
    return tuple(i for i in p.interfaces if i.production is Production.ENABLED)


def ports(inputs: DocumentInputs) -> Section:
    """Ports, protocols and services per interface; disabled ones apart; unstated ones named."""
    p = inputs.ctx.project
    on = enabled(p)
    off = tuple(
        i for i in p.interfaces if i.production in (Production.DISABLED, Production.REMOVED)
    )
    unknown = [i for i in p.interfaces if i.production is None]
    base = judged(inputs, (ItemId.SECURITY_CONCEPT,), PORT_FINDINGS)
    lead = Statement(
        f"{counted(len(on), 'interface')} {are(len(on))} enabled in production, {len(off)} "
        f"{are(len(off))} disabled or removed. "
        "Direction and peers come from the data flows of each interface's element on its "
        "protocol; a port is listed where the model states it.",
        (project_ref("interfaces"),),
    )
    gap = (
        Statement(
            f"The model does not state whether {listed(i.id for i in unknown)} are enabled in "
            "production: until it does, treat them as enabled.",
            tuple(interface_ref(i) for i in unknown),
            status=Status.PARTLY,
            gap="production state not stated",
            fix="medsec.yaml: interfaces[].production: enabled | disabled | removed",
        )
        if unknown
        else None
    )
    tables = (
        Table(
            "Ports, protocols and services enabled in production",
            PORT_COLUMNS,
            tuple(port_row(p, i) for i in on),
            empty="No interface is enabled in production.",
        ),
        Table(
            "Disabled in production",
            ("Interface", "Element", "Kind", "Protocol", "State", "Needed for"),
            tuple(_off_row(i) for i in off),
            empty="None.",
        ),
    )
    return chapter(
        inputs,
        ("ports", "Ports, protocols and services", base.status),
        (lead, gap, *base.statements),
        tables,
    )
