"""Cross-reference checks of a validated project: ids exist, are unique, boundaries do not loop."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from medsec.domain.checklist import ItemId
from medsec.domain.errors import Diagnostic
from medsec.domain.model import DataStatus
from medsec.domain.vocabulary import Activity, ControlStatus, ElementType
from medsec.project.schema import ElementModel, FlowModel, PentestTargetModel, ProjectModel
from medsec.project.suggest import did_you_mean
from medsec.project.yamlfile import LineMap, line_of

Loc = tuple[str | int, ...]


class _Checker:
    """Collects located cross-reference problems, so all of them are reported at once."""

    def __init__(self, lines: LineMap, path: str) -> None:
        """Start with no problems for the file at ``path``."""
        self.lines = lines
        self.path = path
        self.problems: list[Diagnostic] = []
        # the id sets of ``ref``, by the list they come from (held, so its id stays its own):
        # a 1,000-element model checks thousands of references against the same lists
        self._pools: dict[int, tuple[Iterable[str], set[str]]] = {}

    def report(self, loc: Loc, message: str, hint: str | None = None) -> None:
        """Record a problem at a field path, with its line."""
        from medsec.project.validation import field_path

        self.problems.append(
            Diagnostic(
                path=self.path,
                line=line_of(self.lines, loc),
                field=field_path(loc),
                message=message,
                hint=hint,
            )
        )

    def ref(self, loc: Loc, value: str, known: Iterable[str], what: str) -> None:
        """Report ``value`` unless it is one of the ``known`` ids, suggesting a close one."""
        held = self._pools.get(id(known))
        if held is None or held[0] is not known:
            held = self._pools[id(known)] = (known, set(known))
        pool = held[1]
        if value not in pool:
            self.report(loc, f"unknown {what} '{value}'", did_you_mean(value, pool))

    def unique(self, section: str, ids: list[str], what: str) -> None:
        """Report every id of a section that repeats an earlier one."""
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                self.report(
                    (section, i, "id"),
                    f"duplicate {what} id '{ident}'",
                    f"first defined at {section}[{seen[ident]}]",
                )
            else:
                seen[ident] = i


@dataclass(frozen=True)
class _Ids:
    """The ids each section declares, in file order (computed once, shared by the checks)."""

    boundaries: list[str]
    elements: list[str]
    flows: list[str]
    interfaces: list[str]
    data: list[str]
    use_cases: list[str]
    controls: list[str]
    hazards: list[str]
    pentests: list[str]

    @classmethod
    def of(cls, model: ProjectModel) -> _Ids:
        """Collect the declared ids of every section of ``model``."""
        return cls(
            boundaries=[b.id for b in model.boundaries],
            elements=[e.id for e in model.elements],
            flows=[f.id for f in model.flows],
            interfaces=[i.id for i in model.interfaces],
            data=[d.id for d in model.data],
            use_cases=[u.id for u in model.use_cases],
            controls=[x.id for x in model.controls],
            hazards=[h.id for h in model.hazards],
            pentests=[p.id for p in model.pentests],
        )


def check_references(model: ProjectModel, lines: LineMap, path: str) -> list[Diagnostic]:
    """Every cross-reference problem of ``model``, located, in section order."""
    c = _Checker(lines, path)
    ids = _Ids.of(model)
    _unique_ids(c, ids)
    _shared_namespace(c, ids)
    _boundaries(c, model, ids)
    _elements(c, model, ids)
    _hosts(c, model)
    _flows(c, model, ids)
    _bidirectional(c, model)
    _interfaces(c, model, ids)
    _use_cases(c, model, ids)
    _controls(c, model, ids)
    _reviews(c, model)
    _pentests(c, model, ids)
    _targets(c, model, ids.elements, ids.interfaces)
    _parties(c, model)
    _superseded(c, model)
    _retired(c, model)
    return c.problems


def _retired(c: _Checker, model: ProjectModel) -> None:
    """A retired data item says since when; only a retired one has a retirement date."""
    for i, d in enumerate(model.data):
        if d.status is DataStatus.RETIRED and d.retired_on is None:
            c.report(
                ("data", i, "status"),
                f"data '{d.id}' is retired but says not since when",
                "add retired_on: YYYY-MM-DD (the day the device stopped collecting it)",
            )
        elif d.status is not DataStatus.RETIRED and d.retired_on is not None:
            c.report(
                ("data", i, "retired_on"),
                f"data '{d.id}' has retired_on but is not retired",
                "add status: retired, or remove retired_on",
            )


def _parties(c: _Checker, model: ProjectModel) -> None:
    """Party ids are unique; ``operated_by`` on boundaries and elements names a party."""
    declared = [p.id for p in model.parties]
    c.unique("parties", declared, "party")
    stated = [("boundaries", i, b.operated_by) for i, b in enumerate(model.boundaries)]
    stated += [("elements", i, e.operated_by) for i, e in enumerate(model.elements)]
    for section, i, party in stated:
        if party is not None:
            c.ref((section, i, "operated_by"), party, declared, "party")


def _superseded(c: _Checker, model: ProjectModel) -> None:
    """A superseded control says what superseded it; only a superseded one does."""
    for i, x in enumerate(model.controls):
        if x.status is ControlStatus.SUPERSEDED and not x.superseded_by:
            c.report(
                ("controls", i, "status"),
                f"control '{x.id}' is superseded but does not say by what",
                "superseded_by: the design change that made it unnecessary (e.g. CR-2310: "
                "uart-console removed)",
            )
        elif x.superseded_by and x.status is not ControlStatus.SUPERSEDED:
            c.report(
                ("controls", i, "superseded_by"),
                f"control '{x.id}' has superseded_by but its status is {x.status.value}",
                "status: superseded, or remove superseded_by",
            )


def _unique_ids(c: _Checker, ids: _Ids) -> None:
    """Ids are unique within each section."""
    for section, declared, what in (
        ("boundaries", ids.boundaries, "boundary"),
        ("elements", ids.elements, "element"),
        ("flows", ids.flows, "flow"),
        ("interfaces", ids.interfaces, "interface"),
        ("data", ids.data, "data item"),
        ("use_cases", ids.use_cases, "use case"),
        ("controls", ids.controls, "control"),
        ("hazards", ids.hazards, "hazard"),
        ("pentests", ids.pentests, "pentest"),
    ):
        c.unique(section, declared, what)


def _shared_namespace(c: _Checker, ids: _Ids) -> None:
    """DFD objects share one namespace: controls and threats refer to them by id alone."""
    owner: dict[str, str] = {}
    for section, declared in (
        ("boundaries", ids.boundaries),
        ("elements", ids.elements),
        ("flows", ids.flows),
        ("interfaces", ids.interfaces),
    ):
        for i, ident in enumerate(declared):
            if ident in owner and owner[ident] != section:
                c.report(
                    (section, i, "id"),
                    f"id '{ident}' is already used in {owner[ident]}",
                    "boundaries, elements, flows and interfaces share one id namespace",
                )
            owner.setdefault(ident, section)


def _boundaries(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Boundary parents exist and no boundary is its own ancestor."""
    parents = {b.id: b.parent for b in model.boundaries}
    for i, b in enumerate(model.boundaries):
        if b.parent is not None:
            c.ref(("boundaries", i, "parent"), b.parent, ids.boundaries, "boundary")
        seen = {b.id}
        cur = b.parent
        while cur is not None and cur in parents:
            if cur in seen:
                c.report(
                    ("boundaries", i, "parent"),
                    f"boundary '{b.id}' is its own ancestor (cycle through '{cur}')",
                    "a boundary's parent chain must end at a top-level boundary",
                )
                break
            seen.add(cur)
            cur = parents[cur]


def _elements(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Element boundaries, stored data and hazards exist."""
    for i, e in enumerate(model.elements):
        if e.boundary is not None:
            c.ref(("elements", i, "boundary"), e.boundary, ids.boundaries, "boundary")
        for j, d in enumerate(e.stores):
            c.ref(("elements", i, "stores", j), d, ids.data, "data item")
        for j, h in enumerate(e.hazards):
            c.ref(("elements", i, "hazards", j), h, ids.hazards, "hazard")
        if e.hardware_only:
            _hardware_only(c, i, e)


def _hardware_only(c: _Checker, i: int, e: ElementModel) -> None:
    """``hardware_only: true`` is for processes and stores, and contradicts ``software: true``."""
    loc: Loc = ("elements", i, "hardware_only")
    if e.type is ElementType.ACTOR:
        c.report(loc, "an actor has no hardware of the system", "hardware_only: is for processes")
    elif e.software is True:
        c.report(
            loc,
            f"element '{e.id}' is stated both hardware_only: true and software: true",
            "software: says whose software it is; drop it for an element that runs none",
        )


def _hosts(c: _Checker, model: ProjectModel) -> None:
    """A host is another process of the model, named by processes and stores, never in a loop."""
    by_id = {e.id: e for e in model.elements}
    for i, e in enumerate(model.elements):
        if e.host is None:
            continue
        loc: Loc = ("elements", i, "host")
        host = by_id.get(e.host)
        if e.type is ElementType.ACTOR:
            c.report(loc, "an actor has no host", "host: is for processes and data stores")
        elif host is None:
            c.report(loc, f"unknown host '{e.host}'", did_you_mean(e.host, by_id) or _HOST_HINT)
        elif host.id == e.id:
            c.report(loc, f"element '{e.id}' cannot be its own host", _HOST_HINT)
        elif host.type is not ElementType.PROCESS:
            c.report(loc, f"host '{e.host}' is not a process (type {host.type.value})", _HOST_HINT)
        else:
            _host_cycle(c, loc, e, by_id)


_HOST_HINT = "a host is a process of elements: the operating system or platform of one machine"


def _host_cycle(c: _Checker, loc: Loc, e: ElementModel, by_id: dict[str, ElementModel]) -> None:
    """Report an element whose host chain comes back to it."""
    seen = {e.id}
    current = e.host
    while current is not None and current in by_id:
        if current in seen:
            c.report(
                loc,
                f"element '{e.id}' is its own host (cycle through '{current}')",
                "a host chain must end at a process that has no host",
            )
            return
        seen.add(current)
        current = by_id[current].host


def _bidirectional(c: _Checker, model: ProjectModel) -> None:
    """A bidirectional flow joins two parts of the system, and no other flow repeats it."""
    types = {e.id: e.type for e in model.elements}
    first: dict[tuple[frozenset[str], str, str], tuple[int, FlowModel]] = {}
    for i, f in enumerate(model.flows):
        ends = (types.get(f.from_), types.get(f.to))
        if f.bidirectional and ends == (ElementType.ACTOR, ElementType.ACTOR):
            c.report(
                ("flows", i, "bidirectional"),
                f"flow '{f.id}' joins two actors ('{f.from_}', '{f.to}')",
                "a flow needs at least one end that is part of the system",
            )
        key = (frozenset((f.from_, f.to)), str(f.protocol), str(f.carries))
        if key not in first:
            first[key] = (i, f)
            continue
        j, other = first[key]
        if f.bidirectional or other.bidirectional:
            two_way = other if other.bidirectional else f
            c.report(
                ("flows", i, "id"),
                f"flow '{f.id}' repeats flow '{other.id}' (flows[{j}]): bidirectional flow "
                f"'{two_way.id}' already covers both directions between '{f.from_}' and '{f.to}'",
                "remove one of them, or drop bidirectional: true if the directions differ",
            )


def _flows(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Flow ends are elements (not the same one); carried data and hazards exist."""
    for i, f in enumerate(model.flows):
        c.ref(("flows", i, "from"), f.from_, ids.elements, "element")
        c.ref(("flows", i, "to"), f.to, ids.elements, "element")
        if f.from_ == f.to:
            c.report(("flows", i, "to"), "a flow cannot go from an element to itself")
        for j, d in enumerate(f.data):
            c.ref(("flows", i, "data", j), d, ids.data, "data item")
        for j, h in enumerate(f.hazards):
            c.ref(("flows", i, "hazards", j), h, ids.hazards, "hazard")


def _interfaces(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Interfaces belong to existing elements and name existing use cases."""
    for i, itf in enumerate(model.interfaces):
        c.ref(("interfaces", i, "element"), itf.element, ids.elements, "element")
        for j, need in enumerate(itf.needed_for):
            c.ref(("interfaces", i, "needed_for", j), need, ids.use_cases, "use case")


def _use_cases(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Use cases name existing data and interfaces."""
    for i, u in enumerate(model.use_cases):
        for j, d in enumerate(u.needs_data):
            c.ref(("use_cases", i, "needs_data", j), d, ids.data, "data item")
        for j, n in enumerate(u.needs_interfaces):
            c.ref(("use_cases", i, "needs_interfaces", j), n, ids.interfaces, "interface")


def _controls(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Controls apply to existing model objects and change only CVSS metrics."""
    targets = [*ids.boundaries, *ids.elements, *ids.flows, *ids.interfaces, *ids.data]
    for i, x in enumerate(model.controls):
        for j, t in enumerate(x.applies_to):
            c.ref(("controls", i, "applies_to", j), t, targets, "element, flow or interface")
        for key, value in x.effect.items():
            if key not in _CVSS_METRICS:
                c.report(
                    ("controls", i, "effect", key),
                    f"unknown CVSS metric '{key}'",
                    did_you_mean(key, _CVSS_METRICS),
                )
            elif value not in _CVSS_VALUES[key]:
                c.report(
                    ("controls", i, "effect", key),
                    f"'{value}' is not a value of CVSS metric {key}",
                    f"use one of {', '.join(_CVSS_VALUES[key])}",
                )


def _reviews(c: _Checker, model: ProjectModel) -> None:
    """Reviews name checklist items (or the release: release-review)."""
    items = [*(i.value for i in ItemId), Activity.RELEASE_REVIEW.value]
    for i, r in enumerate(model.reviews):
        c.ref(("reviews", i, "item"), r.item, items, "checklist item")


def _pentests(c: _Checker, model: ProjectModel, ids: _Ids) -> None:
    """Pentest scopes name interfaces or elements; testing starts before it ends."""
    for i, p in enumerate(model.pentests):
        for j, s in enumerate(p.scope):
            c.ref(("pentests", i, "scope", j), s, [*ids.interfaces, *ids.elements], "interface")
        if p.start_date is not None and p.start_date > p.date:
            c.report(
                ("pentests", i, "start_date"),
                f"start_date {p.start_date} is after the end of testing ({p.date})",
                "date is the last day of testing",
            )


def _targets(c: _Checker, model: ProjectModel, elements: list[str], interfaces: list[str]) -> None:
    """Pentest targets are well formed; their interface and element exist and agree."""
    owner = {i.id: i.element for i in model.interfaces}
    for i, t in enumerate(model.pentest_targets):
        loc: Loc = ("pentest_targets", i)
        _target_shape(c, loc, t)
        if t.interface is not None:
            c.ref((*loc, "interface"), t.interface, interfaces, "interface")
        if t.element is not None:
            c.ref((*loc, "element"), t.element, elements, "element")
        if t.interface in owner and t.element is not None and owner[t.interface] != t.element:
            c.report(
                (*loc, "element"),
                f"interface '{t.interface}' belongs to '{owner[t.interface]}', not '{t.element}'",
            )


def _target_shape(c: _Checker, loc: Loc, t: PentestTargetModel) -> None:
    """What one pentest target must hold on its own: an address and what it is."""
    if t.host is None and t.url is None:
        c.report(loc, "a target needs host or url", "host: 10.0.0.5 or url: https://...")
    if t.interface is None and t.element is None:
        c.report(loc, "a target needs interface or element", "what the host or URL is")
    if t.port is not None and t.host is None:
        c.report((*loc, "port"), "port needs host", "or put the port into the url")
    if t.host is not None and "/" in t.host and not _is_network(t.host):
        c.report((*loc, "host"), f"invalid address range '{t.host}'", "CIDR: 10.20.30.0/24")
    if t.url is not None and urlsplit(t.url).scheme not in ("http", "https", "ws", "wss"):
        c.report((*loc, "url"), f"invalid URL prefix '{t.url}'", "https://host[:port]/path")


def _is_network(text: str) -> bool:
    """Whether the text is an IP network (CIDR, host bits allowed)."""
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


# base metrics a control's effect may set, with their values (CVSS 3.1 and 4.0 together)
_CVSS_VALUES = {
    "AV": ("N", "A", "L", "P"),
    "AC": ("L", "H"),
    "AT": ("N", "P"),
    "PR": ("N", "L", "H"),
    "UI": ("N", "R", "P", "A"),
    "S": ("U", "C"),
    **dict.fromkeys(("C", "I", "A", "VC", "VI", "VA", "SC", "SI", "SA"), ("H", "L", "N")),
}
_CVSS_METRICS = tuple(_CVSS_VALUES)
