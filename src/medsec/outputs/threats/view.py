"""What every threat-register format reads: the assessed threats and what the model leaves unsaid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.paths import REGISTER_FILE
from medsec.domain.threat import AssessedThreat, CvssScore, MissingInformation
from medsec.domain.vocabulary import RiskLevel


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


def score_text(s: CvssScore | None) -> str:
    """A CVSS base score as tables show it, or ``-`` when not scored."""
    return f"{s.score:.1f}" if s else "-"


def level_text(level: RiskLevel | None) -> str:
    """A risk level as tables show it, or ``-`` when not scored."""
    return level.value if level else "-"
