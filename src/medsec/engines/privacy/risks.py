"""The risks to data subjects: the register's privacy (LINDDUN) threats, rated as a DPIA rates them.

A privacy threat is one of the LINDDUN framework in the one threat register (its ``linddun``
categories, no STRIDE letter; :func:`privacy_threats`). The DPIA rates each on the four-level
scale of the CNIL's PIA method (negligible, limited, significant, maximum), from the same CVSS
vector the register scores it with, so the two never disagree:

- **likelihood** from the CVSS 3.1 exploitability sub-score (8.22 × AV × AC × PR × UI, 0.1-3.9):
  below 1.0 negligible, below 2.0 limited, below 3.0 significant, else maximum (a radio or
  network attack needing no account is maximum; one that needs the device in hand negligible);
- **severity** from the confidentiality impact (C, or VC on a CVSS 4.0 vector): none negligible,
  low limited, high significant, one level higher when the target handles special-category
  data (health: Art. 9), capped at maximum.

Residual likelihood and severity come from the residual vector (after the controls), else they
are the inherent ones. A decision must say why (:func:`unjustified`): accept, transfer and avoid
with a rationale, mitigate with a control that answers the threat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat, CvssScore, Framework, TargetKind, ThreatStatus
from medsec.domain.vocabulary import Decision


class Level(IntEnum):
    """The CNIL PIA scale of likelihood and severity."""

    NEGLIGIBLE = 1
    LIMITED = 2
    SIGNIFICANT = 3
    MAXIMUM = 4

    @property
    def label(self) -> str:
        """The level as the DPIA writes it."""
        return self.name.lower()


_AV = {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}
_AC = {"L": 0.77, "H": 0.44}
_PR = {"N": 0.85, "L": 0.62, "H": 0.27}
_PR_CHANGED = {"N": 0.85, "L": 0.68, "H": 0.5}
_UI = {"N": 0.85, "R": 0.62, "P": 0.62, "A": 0.62}
_IMPACT = {"N": Level.NEGLIGIBLE, "L": Level.LIMITED, "H": Level.SIGNIFICANT}


def privacy_threats(threats: Iterable[AssessedThreat]) -> tuple[AssessedThreat, ...]:
    """The live privacy (LINDDUN) threats of the register, in register order."""
    return tuple(
        t
        for t in threats
        if t.threat.framework is Framework.LINDDUN and t.status is not ThreatStatus.OBSOLETE
    )


def _metrics(score: CvssScore | None) -> dict[str, str]:
    """The base metrics of a vector: ``{"AV": "N", ...}``."""
    if score is None:
        return {}
    out: dict[str, str] = {}
    for part in score.vector.split("/")[1:]:
        key, _, value = part.partition(":")
        if value:
            out[key] = value
    return out


def likelihood(score: CvssScore | None) -> Level | None:
    """The likelihood of a vector's attack (None: not scored)."""
    m = _metrics(score)
    if not m or m.get("AV") not in _AV:
        return None
    pr = (_PR_CHANGED if m.get("S") == "C" else _PR).get(m.get("PR", "N"), 0.85)
    ac = _AC.get(m.get("AC", "L"), 0.77) * (0.57 if m.get("AT") == "P" else 1.0)
    value = 8.22 * _AV[m["AV"]] * ac * pr * _UI.get(m.get("UI", "N"), 0.85)
    if value < 1.0:
        return Level.NEGLIGIBLE
    if value < 2.0:
        return Level.LIMITED
    return Level.SIGNIFICANT if value < 3.0 else Level.MAXIMUM


def severity(score: CvssScore | None, special: bool) -> Level | None:
    """The severity for the people: the confidentiality impact, raised for Art. 9 data."""
    m = _metrics(score)
    impact = m.get("C", m.get("VC"))
    if impact not in _IMPACT:
        return None
    level = _IMPACT[impact]
    return Level(min(level + 1, Level.MAXIMUM)) if special else level


@dataclass(frozen=True)
class RatedRisk:
    """A privacy threat rated for the DPIA: inherent and residual likelihood and severity."""

    threat: AssessedThreat
    likelihood: Level | None
    severity: Level | None
    residual_likelihood: Level | None
    residual_severity: Level | None
    special: bool  # the target handles special-category data


def _special_targets(project: Project) -> tuple[set[str], bool]:
    """Ids of elements and flows handling special-category data; whether the model has any."""
    special = {d.id for d in project.data if d.category.special and not d.retired}
    ids = {f.id for f in project.flows if special & set(f.data)}
    ids |= {e.id for e in project.elements if special & set(e.stores)}
    ids |= {f.source for f in project.flows if f.id in ids} | {
        f.target for f in project.flows if f.id in ids
    }
    return ids, bool(special)


def rate(project: Project, threats: Sequence[AssessedThreat]) -> tuple[RatedRisk, ...]:
    """Every privacy threat rated, most severe residual first, then by id."""
    ids, any_special = _special_targets(project)
    rated = []
    for t in privacy_threats(threats):
        target = t.threat.target
        kind = target.kind
        special = target.id in ids if kind in (TargetKind.ELEMENT, TargetKind.FLOW) else any_special
        inherent = t.v3_1 or t.v4_0
        after = t.residual_v3_1 or t.residual_v4_0 or inherent
        rated.append(
            RatedRisk(
                t,
                likelihood(inherent),
                severity(inherent, special),
                likelihood(after),
                severity(after, special),
                special,
            )
        )
    return tuple(sorted(rated, key=_order))


def _order(r: RatedRisk) -> tuple[int, str]:
    """Sort key: highest residual likelihood × severity first, then the threat id."""
    product = (r.residual_likelihood or 0) * (r.residual_severity or 0)
    return (-product, r.threat.id)


def undecided(threats: Iterable[AssessedThreat]) -> tuple[AssessedThreat, ...]:
    """Live privacy threats without a risk decision."""
    return tuple(t for t in privacy_threats(threats) if t.decision is None)


def unjustified(threats: Iterable[AssessedThreat]) -> tuple[AssessedThreat, ...]:
    """Decided privacy threats whose decision says not why: accept, transfer or avoid without
    a rationale, mitigate without a control that answers it."""
    out = []
    for t in privacy_threats(threats):
        if t.decision is None:
            continue
        if t.decision is Decision.MITIGATE:
            if not t.controls:
                out.append(t)
        elif not (t.entry.assessment.rationale or "").strip():
            out.append(t)
    return tuple(out)
