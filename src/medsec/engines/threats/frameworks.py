"""The two threat frameworks of the one register: STRIDE (security) and LINDDUN (privacy).

Both share ids (``RULE@target``), decisions, controls, residual risk and history in
``threats.yaml``. A run may analyse one of them (``medsec threats --framework stride``): it
generates only that framework's threats and merges them into the register's entries of that
framework; the entries of the other are kept exactly as stored (neither refreshed nor marked
obsolete), so a STRIDE-only run leaves the privacy analysis alone and vice versa.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from medsec.domain.threat import Framework, RegisterEntry, Threat
from medsec.engines.threats.register import MergeSummary, merge
from medsec.engines.threats.rule import Rule

ALL: tuple[Framework, ...] = (Framework.STRIDE, Framework.LINDDUN)
# what ``--framework`` accepts, and what each choice analyses
CHOICES: dict[str, tuple[Framework, ...]] = {
    "both": ALL,
    "stride": (Framework.STRIDE,),
    "linddun": (Framework.LINDDUN,),
}


def rules_for(frameworks: Collection[Framework]) -> tuple[Rule, ...]:
    """The rule library of the frameworks: the medical-device rules (STRIDE), the privacy rules."""
    from medsec.engines.threats.rules import PRIVACY_RULES, RULES

    found: tuple[Rule, ...] = ()
    if Framework.STRIDE in frameworks:
        found += RULES
    if Framework.LINDDUN in frameworks:
        found += PRIVACY_RULES
    return found


def of(threat: Threat, frameworks: Collection[Framework]) -> bool:
    """Whether the threat belongs to one of the frameworks."""
    return threat.framework in frameworks


def merge_scoped(
    generated: Sequence[Threat],
    stored: Sequence[RegisterEntry],
    today: date,
    frameworks: Collection[Framework] = ALL,
) -> tuple[tuple[RegisterEntry, ...], tuple[RegisterEntry, ...], MergeSummary]:
    """(the whole register, its entries of the frameworks, what the merge did).

    Entries of the other framework pass through unchanged; the summary counts only the
    frameworks analysed.
    """
    if all(f in frameworks for f in ALL):
        entries, summary = merge(generated, stored, today)
        return entries, entries, summary
    inside = [e for e in stored if of(e.threat, frameworks)]
    outside = [e for e in stored if not of(e.threat, frameworks)]
    merged, summary = merge(generated, inside, today)
    if not outside:
        return merged, merged, summary
    whole = tuple(sorted((*merged, *outside), key=lambda e: e.threat.id))
    return whole, merged, summary
