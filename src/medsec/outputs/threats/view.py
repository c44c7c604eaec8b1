"""What every threat-register format reads: the assessed threats and what the model leaves unsaid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.paths import REGISTER_FILE
from medsec.domain.threat import AssessedThreat, CvssScore, CvssSource, MissingInformation
from medsec.domain.vocabulary import RiskLevel
from medsec.engines.threats.ranking import boundary_first


@dataclass(frozen=True)
class ThreatsView:
    """The result of ``medsec threats`` as the renderers see it."""

    threats: Sequence[AssessedThreat]
    missing: Sequence[MissingInformation]
    device: str  # the device id


def residual_basis(t: AssessedThreat) -> tuple[str, ...]:
    """What set the residual vector, one line per control (``PR:N→H by ctl-x (default: …)``).

    A metric lowered alike in both CVSS versions is named once; a residual vector the register
    states reads ``stated in threats.yaml``.
    """
    a = t.entry.assessment
    lines = [
        f"v{v} stated in {REGISTER_FILE}"
        for v, r in (("3.1", a.residual_v3_1), ("4.0", a.residual_v4_0))
        if r
    ]
    by: dict[tuple[str, str], list[str]] = {}
    for c in t.residual_changes:
        tokens = by.setdefault((c.control, c.basis), [])
        token = f"{c.metric}:{c.before}→{c.after}"
        if token not in tokens:
            tokens.append(token)
    lines += [
        f"{', '.join(tokens)} by {control} ({basis})" for (control, basis), tokens in by.items()
    ]
    return tuple(lines)


def cvss_basis(t: AssessedThreat) -> tuple[str, ...]:
    """What set the scored vector: each metric's model attribute (``AV:A ← flows[x].protocol =
    ble``), or the register when the vector comes from rubric answers or is stated there.
    """
    a = t.entry.assessment
    if a.rubric:
        return (f"rubric answers in {REGISTER_FILE}",)
    if a.cvss_source is not CvssSource.RULE and (a.cvss_v3_1 or a.cvss_v4_0):
        return (f"stated in {REGISTER_FILE} ({a.cvss_source.value})",)
    return tuple(str(b) for b in t.threat.cvss_basis)


def crossing_first(t: AssessedThreat) -> tuple[int, str]:
    """Sort key: threats on flows and interfaces that cross a trust boundary first, then by id."""
    return boundary_first(t), t.id


def score_text(s: CvssScore | None) -> str:
    """A CVSS base score as tables show it, or ``-`` when not scored."""
    return f"{s.score:.1f}" if s else "-"


def level_text(level: RiskLevel | None) -> str:
    """A risk level as tables show it, or ``-`` when not scored."""
    return level.value if level else "-"
