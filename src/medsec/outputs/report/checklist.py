"""The checklist as an auditor reads it: summary first, failures before gaps, each rule once.

* An item's headline leads with its first **failure** when it has one (a gap is quoted only
  when nothing fails), so a FAIL is never explained by a lesser finding.
* Findings are grouped by rule and severity, failures first, with the fix said once per group;
  findings that differ only in their subject (two elements sharing one SBOM) are one row
  naming every subject.
* "What blocks" lists the failure groups of mandatory items, then the mandatory items that
  do not pass for gaps alone; "what to do next" is one step per item not passing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.checklist import CheckFinding, Checklist, ItemResult, ItemStatus
from medsec.outputs.report.threats import Badge

_STATUS_TEXT = {ItemStatus.PASS: "✓ PASS", ItemStatus.GAP: "△ GAP", ItemStatus.FAIL: "✗ FAIL"}
_ORDER = {ItemStatus.FAIL: 0, ItemStatus.GAP: 1, ItemStatus.PASS: 2}


@dataclass(frozen=True)
class FindingRow:
    """One finding (or several differing only in subject): what, about what, where."""

    message: str
    subjects: str  # "element:pump-fw, element:safety-cpu", or ""
    location: str  # "medsec.yaml:42", a path, or ""
    fix: str  # this finding's fix when the group has no common one, else ""


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one rule and severity within an item, with the fix said once if shared."""

    rule: str
    status: Badge
    fix: str  # the fix every finding of the group shares, or "" (then each row has its own)
    rows: tuple[FindingRow, ...]


@dataclass(frozen=True)
class EvidenceView:
    """One piece of evidence a checklist item relied on, with its file."""

    message: str
    path: str


@dataclass(frozen=True)
class ItemView:
    """One checklist item as shown: status, headline, grouped findings and evidence."""

    id: str
    title: str
    status: Badge
    mandatory: bool
    scope: str  # "mandatory" | "beyond baseline"
    headline: str  # leads with the first failure, else the first gap, else the summary
    clauses: str
    failures: int
    gaps: int
    groups: tuple[FindingGroup, ...]
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class Blocker:
    """What keeps a mandatory item from passing: a failure group, or the item's gaps."""

    item: str
    text: str  # the first finding
    more: str  # "and 23 more like it", or ""
    fix: str


@dataclass(frozen=True)
class ChecklistSummary:
    """Passing items counted by scope, the verdict, what blocks and what to do next."""

    mandatory_total: int
    mandatory_pass: int
    beyond_total: int
    beyond_pass: int
    verdict: str
    blocking: tuple[Blocker, ...]
    next_steps: tuple[str, ...]


def status_badge(status: ItemStatus) -> Badge:
    """A checklist status as a badge (symbol and word)."""
    return Badge(_STATUS_TEXT[status], status.value)


def _plural(n: int, word: str) -> str:
    """``1 failure``, ``3 failures``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def headline(i: ItemResult) -> str:
    """The item in one line: counts, then its first failure (or first gap when none fails)."""
    fails = [f for f in i.findings if f.severity is ItemStatus.FAIL]
    gaps = [f for f in i.findings if f.severity is ItemStatus.GAP]
    if fails:
        counts = _plural(len(fails), "failure") + (f", {_plural(len(gaps), 'gap')}" if gaps else "")
        return f"{counts}. First failure: {fails[0].message}"
    if gaps:
        return f"{_plural(len(gaps), 'gap')}. First gap: {gaps[0].message}"
    return i.summary


def _location(f: CheckFinding) -> str:
    """ "path:line", the path alone, or nothing."""
    if f.path and f.line is not None:
        return f"{f.path}:{f.line}"
    return f.path or ""


def _rows(findings: Sequence[CheckFinding], own_fix: bool) -> tuple[FindingRow, ...]:
    """One row per distinct finding; findings differing only in subject share a row."""
    merged: dict[tuple[str, str, str], list[str]] = {}
    for f in findings:
        fix = (f.fix or "") if own_fix else ""
        subjects = merged.setdefault((f.message, _location(f), fix), [])
        if f.subject and f.subject not in subjects:
            subjects.append(f.subject)
    return tuple(
        FindingRow(message, ", ".join(subjects), where, fix)
        for (message, where, fix), subjects in merged.items()
    )


def groups(findings: Sequence[CheckFinding]) -> tuple[FindingGroup, ...]:
    """Findings grouped by severity and rule, failures first, in first-seen order."""
    by_key: dict[tuple[ItemStatus, str], list[CheckFinding]] = {}
    for f in findings:
        by_key.setdefault((f.severity, f.rule), []).append(f)
    out = []
    for (status, rule), members in sorted(by_key.items(), key=lambda kv: _ORDER[kv[0][0]]):
        fixes = {f.fix or "" for f in members}
        shared = fixes.pop() if len(fixes) == 1 else ""
        out.append(FindingGroup(rule, status_badge(status), shared, _rows(members, not shared)))
    return tuple(out)


def item_view(i: ItemResult) -> ItemView:
    """One checklist item as shown in the report."""
    return ItemView(
        id=i.id.value,
        title=i.title,
        status=status_badge(i.status),
        mandatory=i.mandatory,
        scope="mandatory" if i.mandatory else "beyond baseline",
        headline=headline(i),
        clauses=", ".join(i.clauses),
        failures=sum(f.severity is ItemStatus.FAIL for f in i.findings),
        gaps=sum(f.severity is ItemStatus.GAP for f in i.findings),
        groups=groups(i.findings),
        evidence=tuple(EvidenceView(e.message, e.path or "") for e in i.evidence),
    )


def _more(n: int, what: str) -> str:
    """ "and 23 more like it", or nothing for one."""
    return f"and {n - 1} more {what}" if n > 1 else ""


def _blockers(items: Sequence[ItemResult]) -> tuple[Blocker, ...]:
    """Failure groups of mandatory items first, then mandatory items held back by gaps alone."""
    open_items = [i for i in items if i.mandatory and i.status is not ItemStatus.PASS]
    out = [
        Blocker(
            i.id.value, g.rows[0].message, _more(len(g.rows), "like it"), g.fix or g.rows[0].fix
        )
        for i in open_items
        if i.status is ItemStatus.FAIL
        for g in groups(i.findings)
        if g.status.key == ItemStatus.FAIL.value
    ]
    for i in (i for i in open_items if i.status is ItemStatus.GAP):
        gaps = [f for f in i.findings if f.severity is ItemStatus.GAP]
        first = gaps[0] if gaps else None
        text = first.message if first else i.summary
        fix = (first.fix or "") if first else ""
        out.append(Blocker(i.id.value, text, _more(len(gaps), "gaps"), fix))
    return tuple(out)


def _next_step(i: ItemResult) -> str:
    """The first thing to do for an item that does not pass: the fix of its worst finding."""
    worst = sorted(i.findings, key=lambda f: _ORDER[f.severity])
    first = next((f for f in worst if f.fix), worst[0] if worst else None)
    if first is None:
        return f"{i.id.value}: {i.summary}"
    return f"{i.id.value}: {first.fix or first.message}"


def summary(checklist: Checklist) -> ChecklistSummary:
    """The summary page's figures: counts by scope, verdict, blockers and next steps."""
    items = checklist.items
    mandatory = [i for i in items if i.mandatory]
    beyond = [i for i in items if not i.mandatory]
    m_pass = sum(i.status is ItemStatus.PASS for i in mandatory)
    b_pass = sum(i.status is ItemStatus.PASS for i in beyond)
    failing = len(mandatory) - m_pass
    verdict = (
        "All mandatory items pass."
        if failing == 0
        else f"{failing} of {len(mandatory)} mandatory items do not pass."
    )
    pending = sorted(
        (i for i in items if i.status is not ItemStatus.PASS),
        key=lambda i: (not i.mandatory, _ORDER[i.status]),
    )
    return ChecklistSummary(
        len(mandatory),
        m_pass,
        len(beyond),
        b_pass,
        verdict,
        _blockers(items),
        tuple(_next_step(i) for i in pending),
    )
