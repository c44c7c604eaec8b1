"""Cross-reference checks of a validated project: ids exist, are unique, boundaries do not loop."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from medsec.domain.checklist import ItemId
from medsec.domain.errors import Diagnostic
from medsec.project.schema import ProjectModel
from medsec.project.suggest import did_you_mean
from medsec.project.yamlfile import LineMap, line_of

Loc = tuple[str | int, ...]


class _Checker:
    def __init__(self, lines: LineMap, path: str) -> None:
        self.lines = lines
        self.path = path
        self.problems: list[Diagnostic] = []

    def report(self, loc: Loc, message: str, hint: str | None = None) -> None:
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
        pool = set(known)
        if value not in pool:
            self.report(loc, f"unknown {what} '{value}'", did_you_mean(value, pool))

    def unique(self, section: str, ids: list[str], what: str) -> None:
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


def check_references(model: ProjectModel, lines: LineMap, path: str) -> list[Diagnostic]:
    c = _Checker(lines, path)
    boundaries = [b.id for b in model.boundaries]
    elements = [e.id for e in model.elements]
    flows = [f.id for f in model.flows]
    interfaces = [i.id for i in model.interfaces]
    data_ids = [d.id for d in model.data]
    use_cases = [u.id for u in model.use_cases]
    controls = [x.id for x in model.controls]
    hazards = [h.id for h in model.hazards]

    for section, ids, what in (
        ("boundaries", boundaries, "boundary"),
        ("elements", elements, "element"),
        ("flows", flows, "flow"),
        ("interfaces", interfaces, "interface"),
        ("data", data_ids, "data item"),
        ("use_cases", use_cases, "use case"),
        ("controls", controls, "control"),
        ("hazards", hazards, "hazard"),
        ("pentests", [p.id for p in model.pentests], "pentest"),
    ):
        c.unique(section, ids, what)

    # DFD objects share one namespace: controls and threats refer to them by id alone
    owner: dict[str, str] = {}
    for section, ids in (
        ("boundaries", boundaries),
        ("elements", elements),
        ("flows", flows),
        ("interfaces", interfaces),
    ):
        for i, ident in enumerate(ids):
            if ident in owner and owner[ident] != section:
                c.report(
                    (section, i, "id"),
                    f"id '{ident}' is already used in {owner[ident]}",
                    "boundaries, elements, flows and interfaces share one id namespace",
                )
            owner.setdefault(ident, section)

    parents = {b.id: b.parent for b in model.boundaries}
    for i, b in enumerate(model.boundaries):
        if b.parent is not None:
            c.ref(("boundaries", i, "parent"), b.parent, boundaries, "boundary")
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

    for i, e in enumerate(model.elements):
        if e.boundary is not None:
            c.ref(("elements", i, "boundary"), e.boundary, boundaries, "boundary")
        for j, d in enumerate(e.stores):
            c.ref(("elements", i, "stores", j), d, data_ids, "data item")
        for j, h in enumerate(e.hazards):
            c.ref(("elements", i, "hazards", j), h, hazards, "hazard")
    for i, f in enumerate(model.flows):
        c.ref(("flows", i, "from"), f.from_, elements, "element")
        c.ref(("flows", i, "to"), f.to, elements, "element")
        if f.from_ == f.to:
            c.report(("flows", i, "to"), "a flow cannot go from an element to itself")
        for j, d in enumerate(f.data):
            c.ref(("flows", i, "data", j), d, data_ids, "data item")
        for j, h in enumerate(f.hazards):
            c.ref(("flows", i, "hazards", j), h, hazards, "hazard")
    for i, itf in enumerate(model.interfaces):
        c.ref(("interfaces", i, "element"), itf.element, elements, "element")
        for j, need in enumerate(itf.needed_for):
            c.ref(("interfaces", i, "needed_for", j), need, use_cases, "use case")
    for i, u in enumerate(model.use_cases):
        for j, d in enumerate(u.needs_data):
            c.ref(("use_cases", i, "needs_data", j), d, data_ids, "data item")
        for j, n in enumerate(u.needs_interfaces):
            c.ref(("use_cases", i, "needs_interfaces", j), n, interfaces, "interface")
    targets = [*boundaries, *elements, *flows, *interfaces, *data_ids]
    for i, x in enumerate(model.controls):
        for j, t in enumerate(x.applies_to):
            c.ref(("controls", i, "applies_to", j), t, targets, "element, flow or interface")
        for key in x.effect:
            if key not in _CVSS_METRICS:
                c.report(
                    ("controls", i, "effect", key),
                    f"unknown CVSS metric '{key}'",
                    did_you_mean(key, _CVSS_METRICS),
                )
    items = [i.value for i in ItemId]
    for i, r in enumerate(model.reviews):
        c.ref(("reviews", i, "item"), r.item, items, "checklist item")
    for i, p in enumerate(model.pentests):
        for j, s in enumerate(p.scope):
            c.ref(("pentests", i, "scope", j), s, [*interfaces, *elements], "interface")
        if p.start_date is not None and p.start_date > p.date:
            c.report(
                ("pentests", i, "start_date"),
                f"start_date {p.start_date} is after the end of testing ({p.date})",
                "date is the last day of testing",
            )
    _targets(c, model, elements, interfaces)
    return c.problems


def _targets(c: _Checker, model: ProjectModel, elements: list[str], interfaces: list[str]) -> None:
    owner = {i.id: i.element for i in model.interfaces}
    for i, t in enumerate(model.pentest_targets):
        loc: Loc = ("pentest_targets", i)
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
        if t.interface is not None:
            c.ref((*loc, "interface"), t.interface, interfaces, "interface")
        if t.element is not None:
            c.ref((*loc, "element"), t.element, elements, "element")
        if t.interface in owner and t.element is not None and owner[t.interface] != t.element:
            c.report(
                (*loc, "element"),
                f"interface '{t.interface}' belongs to '{owner[t.interface]}', not '{t.element}'",
            )


def _is_network(text: str) -> bool:
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True


_CVSS_METRICS = (
    "AV",
    "AC",
    "AT",
    "PR",
    "UI",
    "S",
    "C",
    "I",
    "A",
    "VC",
    "VI",
    "VA",
    "SC",
    "SI",
    "SA",
)
