"""Merging imported VEX statements into the assessments (pure).

Statements are keyed by finding id. Within one document, a later statement about the same
component version supersedes an earlier one (OpenVEX's rule); statements that say different
things about *different* versions are all kept, under ``finding-id#versions`` (the one about the
version the latest scan found keeps the plain id). A statement that matches no known finding is
kept under its own id: nothing is dropped. People's keys (safety, hazards, next review) survive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from medsec.domain.vex import Statement
from medsec.domain.vulnerability import VulnAssessment


class ChangeKind(StrEnum):
    """What merging did to one assessment."""

    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SUPERSEDED = "superseded"  # a later statement in the same document replaced it


@dataclass(frozen=True)
class Change:
    """One assessment before and after a merge, for the user's summary of the import."""

    finding: str
    kind: ChangeKind
    known: bool  # the id is one of the latest scan's findings
    before: VulnAssessment | None
    after: VulnAssessment | None


@dataclass(frozen=True)
class MergeResult:
    """The assessments after merging and, per statement, what changed."""

    assessments: Mapping[str, VulnAssessment]
    changes: tuple[Change, ...]

    def count(self, kind: ChangeKind) -> int:
        """How many changes are of this kind."""
        return sum(1 for c in self.changes if c.kind is kind)


def version_key(s: Statement) -> str:
    """The versions a statement speaks of (its CycloneDX affects list, or the component's)."""
    if s.versions:
        return ",".join(v for v, _ in s.versions)
    return (s.component.version if s.component else None) or ""


def _decision(a: VulnAssessment) -> tuple[object, ...]:
    """The parts of an assessment a VEX statement decides; equal parts mean unchanged."""
    return (a.state, a.justification, a.responses, a.detail, a.original, a.component_version)


def to_assessment(
    s: Statement, finding: str, previous: VulnAssessment | None, today: dt.date
) -> VulnAssessment:
    """The statement as an assessment; people's keys a statement lacks keep their old values."""
    when = s.last_updated or s.first_issued
    return VulnAssessment(
        finding=finding,
        state=s.state,
        justification=s.justification,
        responses=s.responses,
        detail=s.detail,
        safety=s.safety or (previous.safety if previous else None),
        hazards=s.hazards or (previous.hazards if previous else ()),
        author=s.author or (previous.author if previous else None),
        date=min(when.date(), today) if when else today,
        next_review=previous.next_review if previous else None,
        component_version=(s.component.version if s.component else None) or version_key(s) or None,
        original=s.original,
        line=previous.line if previous else None,
    )


def _keyed(
    statements: Sequence[Statement], known: Mapping[str, str | None]
) -> tuple[list[tuple[str, Statement]], list[tuple[str, Statement]]]:
    """(id, statement) pairs to apply, and the superseded ones."""
    groups: dict[str, list[Statement]] = {}
    for s in statements:
        groups.setdefault(s.finding, []).append(s)
    keep: list[tuple[str, Statement]] = []
    dropped: list[tuple[str, Statement]] = []
    for fid, group in groups.items():
        by_version: dict[str, Statement] = {}
        for s in group:
            previous = by_version.get(version_key(s))
            if previous is not None:
                dropped.append((fid, previous))
            by_version[version_key(s)] = s
        latest = list(by_version.values())
        decisions = {(s.state, s.justification, s.responses, s.detail) for s in latest}
        if len(decisions) <= 1:
            dropped.extend((fid, s) for s in latest[:-1])
            keep.append((fid, latest[-1]))
            continue
        current = known.get(fid)
        for key, s in by_version.items():
            plain = current is not None and key == current
            keep.append((fid if plain else f"{fid}#{key or '?'}", s))
    return keep, dropped


def merge(
    existing: Mapping[str, VulnAssessment],
    statements: Sequence[Statement],
    *,
    today: dt.date,
    known: Mapping[str, str | None] | None = None,
) -> MergeResult:
    """``known``: finding ids of the latest scan and their current component version."""
    known = known or {}
    merged = dict(existing)
    changes: list[Change] = []
    keep, dropped = _keyed(statements, known)
    for fid, _ in dropped:
        base = fid.split("#", 1)[0]
        changes.append(Change(fid, ChangeKind.SUPERSEDED, base in known, None, None))
    for fid, s in keep:
        before = merged.get(fid)
        after = to_assessment(s, fid, before, today)
        base = fid.split("#", 1)[0]
        if before is not None and _decision(before) == _decision(after):
            changes.append(Change(fid, ChangeKind.UNCHANGED, base in known, before, before))
            continue
        merged[fid] = after
        kind = ChangeKind.ADDED if before is None else ChangeKind.CHANGED
        changes.append(Change(fid, kind, base in known, before, after))
    return MergeResult(merged, tuple(changes))
