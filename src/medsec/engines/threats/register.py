"""Keeping the threat register: merge generated threats into the stored entries.

Ids are stable (``RULE@target``); the human assessment of an entry survives every re-run;
a threat that no longer applies becomes obsolete and is never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from medsec.domain.threat import Assessment, RegisterEntry, Threat


@dataclass(frozen=True)
class MergeSummary:
    """What a register merge did, by threat id."""

    new: tuple[str, ...]
    obsolete: tuple[str, ...]
    changed: tuple[str, ...]
    revived: tuple[str, ...]
    unchanged: int

    def text(self) -> str:
        """``3 new, 1 obsolete, ...``: one line for the user."""
        return (
            f"{len(self.new)} new, {len(self.obsolete)} obsolete, {len(self.changed)} changed, "
            f"{len(self.revived)} revived, {self.unchanged} unchanged"
        )


# the assessment of every entry nobody has assessed yet: one shared (immutable) value, so the
# writer knows an unassessed entry at a glance (``register_entries.NO_ASSESSMENT`` is this)
UNASSESSED = Assessment()


def _kept(prev: RegisterEntry, threat: Threat, *, obsolete: bool) -> RegisterEntry:
    """``prev`` with this run's threat: ``dataclasses.replace`` without its field-by-field
    introspection (ten times faster; every entry of every re-run goes through here)."""
    return RegisterEntry(
        threat=threat,
        assessment=prev.assessment,
        obsolete=obsolete,
        first_seen=prev.first_seen,
        line=prev.line,
    )


def _facts(t: Threat) -> tuple[object, ...]:
    """What a rule says about a threat; a difference marks the entry changed."""
    return (
        t.title,
        t.stride,
        t.target,
        t.triggers,
        t.default_v3_1,
        t.default_v4_0,
        t.cwe,
        t.capec,
        t.linddun,
    )


def merge(
    generated: Sequence[Threat], stored: Sequence[RegisterEntry], today: date
) -> tuple[tuple[RegisterEntry, ...], MergeSummary]:
    """The register after this run: assessments kept, threats gone marked obsolete, never dropped."""
    old = {e.threat.id: e for e in stored}
    out: dict[str, RegisterEntry] = {}
    new: list[str] = []
    changed: list[str] = []
    revived: list[str] = []
    unchanged = 0
    for threat in generated:
        prev = old.get(threat.id)
        if prev is None:
            out[threat.id] = RegisterEntry(threat, UNASSESSED, first_seen=today)
            new.append(threat.id)
            continue
        if prev.obsolete:
            revived.append(threat.id)
        elif prev.threat is not threat and _facts(prev.threat) != _facts(threat):
            changed.append(threat.id)
        else:
            unchanged += 1
        # read around this very threat and live: the stored entry is already the merged one
        same = prev.threat is threat and not prev.obsolete
        out[threat.id] = prev if same else _kept(prev, threat, obsolete=False)
    obsolete: list[str] = []
    for tid, prev in old.items():
        if tid in out:
            continue
        if not prev.obsolete:
            obsolete.append(tid)
        out[tid] = _kept(prev, prev.threat, obsolete=True)
    entries = tuple(out[k] for k in sorted(out))
    summary = MergeSummary(
        tuple(sorted(new)),
        tuple(sorted(obsolete)),
        tuple(sorted(changed)),
        tuple(sorted(revived)),
        unchanged,
    )
    return entries, summary
