"""The checklist as judged, narrowed to the CRA-scope elements where a finding says what it is on.

``medsec check`` judges the whole system; the CRA covers only its products with digital
elements (an app, a cloud service), not the medical device (Art. 2(2)). A finding whose subject
names model entities (an element, interface, flow, threat, control, data item or vulnerability
finding) concerns the elements behind them; one that concerns only elements outside CRA scope
is set aside, one that concerns a CRA-scope element or no element at all (a policy, a process,
an activity) stays. An item's status is then the worst of the findings that stay: nothing is
judged anew, and ``medsec check`` keeps the whole picture (the document's first section).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from medsec.domain.checklist import CheckFinding, Checklist, ItemResult, ItemStatus
from medsec.domain.model import Project
from medsec.domain.threat import TargetKind
from medsec.domain.wording import counted
from medsec.engines.compliance.context import CheckContext
from medsec.engines.vulnmgmt import elements_of
from medsec.outputs.documents.spec import DocumentInputs

_SHOWN = 5  # elements named in a summary; the rest are counted


@dataclass(frozen=True)
class Narrowed:
    """One item after narrowing: how many findings it had, how many stay, what was set aside."""

    item: ItemResult
    findings: int
    kept: int
    aside: tuple[str, ...]  # the elements the set-aside findings concern, sorted


class Subjects:
    """Which elements a finding's subject concerns, from one index of the model (linear)."""

    def __init__(self, ctx: CheckContext) -> None:
        """Index the model's entities by the subject kinds the checklist items write."""
        p = ctx.project
        self._index: dict[str, frozenset[str]] = {}
        for e in p.elements:
            self._add("element", e.id, (e.id,))
        for b in p.boundaries:
            self._add("boundary", b.id, _inside(p, b.id))
        for i in p.interfaces:
            self._add("interface", i.id, (i.element,))
        for f in p.flows:
            self._add("flow", f.id, (f.source, f.target))
        for c in p.controls:
            self._add("control", c.id, self._targets(c.applies_to))
        for d in p.data:
            self._add("data", d.id, _holding(p, d.id))
        for t in ctx.threats:
            target = t.threat.target
            if target.kind is not TargetKind.DEVICE:
                self._add("threat", t.id, self._index.get(f"{target.kind.value}:{target.id}", ()))
        for s in ctx.vulnerabilities:
            self._add("finding", s.finding.id, elements_of(s.finding))
        owners: dict[str, set[str]] = {}
        for e in p.elements:
            for path in e.sbom:
                owners.setdefault(path, set()).add(e.id)
        self.sbom_owners = {path: frozenset(ids) for path, ids in owners.items()}

    def _add(self, kind: str, key: str, elements: Iterable[str]) -> None:
        """Record the elements an entity concerns (an entity concerning none is not recorded)."""
        found = frozenset(elements)
        if found:
            self._index[f"{kind}:{key}"] = found

    def _targets(self, ids: Iterable[str]) -> frozenset[str]:
        """Elements behind ids that may name elements, flows or interfaces (controls' targets)."""
        out: set[str] = set()
        for key in ids:
            for kind in ("element", "flow", "interface"):
                out |= self._index.get(f"{kind}:{key}", frozenset())
        return frozenset(out)

    def of(self, subject: str | None) -> frozenset[str]:
        """The elements a subject concerns; empty when it names none (kept as system-wide)."""
        return self._index.get(subject or "", frozenset())


def _inside(p: Project, boundary: str) -> tuple[str, ...]:
    """Elements in a boundary, directly or through nested boundaries."""
    parents = {b.id: b.parent for b in p.boundaries}

    def within(start: str | None) -> bool:
        """Whether ``start`` is the boundary or nested in it (cycles end the walk)."""
        seen: set[str] = set()
        while start is not None and start not in seen:
            if start == boundary:
                return True
            seen.add(start)
            start = parents.get(start)
        return False

    return tuple(e.id for e in p.elements if within(e.boundary))


def _holding(p: Project, data_id: str) -> tuple[str, ...]:
    """Elements that store a data item or send or receive it in a flow."""
    stores = [e.id for e in p.elements if data_id in e.stores]
    moves = [end for f in p.flows if data_id in f.data for end in (f.source, f.target)]
    return (*stores, *moves)


def narrow(inputs: DocumentInputs, scoped: frozenset[str]) -> dict[str, Narrowed]:
    """Every checklist item narrowed to the CRA-scope elements ``scoped``, by item id."""
    subjects = Subjects(inputs.ctx)
    return {str(r.id): _narrowed(r, subjects, scoped) for r in inputs.checklist.items}


def narrowed_inputs(inputs: DocumentInputs, narrowed: dict[str, Narrowed]) -> DocumentInputs:
    """The same inputs with the narrowed checklist (the rows of the CRA matrices read it)."""
    items = tuple(narrowed[str(r.id)].item for r in inputs.checklist.items)
    return replace(inputs, checklist=Checklist(items))


def _narrowed(r: ItemResult, subjects: Subjects, scoped: frozenset[str]) -> Narrowed:
    """One item narrowed: the findings that stay, the status they give, a summary that says so."""
    kept: list[CheckFinding] = []
    aside: set[str] = set()
    for f in r.findings:
        concerns = subjects.of(f.subject)
        if concerns and not concerns & scoped:
            aside |= concerns
        else:
            kept.append(f)
    evidence = tuple(
        e
        for e in r.evidence
        if not (e.path in subjects.sbom_owners and not subjects.sbom_owners[e.path] & scoped)
    )
    if len(kept) == len(r.findings):
        return Narrowed(replace(r, evidence=evidence), len(r.findings), len(kept), ())
    status = _worst(kept) if kept or evidence else ItemStatus.GAP  # never a pass on nothing
    names = sorted(aside)
    shown = ", ".join(names[:_SHOWN]) + (
        f" +{len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
    )
    summary = (
        f"for the CRA-scope elements {len(kept)} of {counted(len(r.findings), 'finding')} apply; "
        f"{len(r.findings) - len(kept)} concern only elements outside CRA scope ({shown}) and "
        f"are set aside (medsec check judges the whole system: {r.status.value})"
    )
    item = replace(r, status=status, findings=tuple(kept), evidence=evidence, summary=summary)
    return Narrowed(item, len(r.findings), len(kept), tuple(names))


def _worst(findings: list[CheckFinding]) -> ItemStatus:
    """Fail when a finding fails, gap when one is a gap, else pass."""
    severities = {f.severity for f in findings}
    if ItemStatus.FAIL in severities:
        return ItemStatus.FAIL
    return ItemStatus.GAP if severities else ItemStatus.PASS
