"""How implemented controls lower a threat's residual CVSS vector, and which control set what.

A control counts when it is ``implemented`` and in effect where the threat is (the trace in
:mod:`medsec.engines.threats.assess` decides that). It lowers the vector through its stated
``effect``, or else through the default effect of its category on each STRIDE letter of the
threat that the category covers (:data:`DEFAULT_EFFECT`, reasoned in docs/format.md
"Residual risk"). An effect only ever lowers a metric: a control never makes an attack easier,
so a value at least as severe as the vector's changes nothing. When several controls set one
metric, the lowest value wins and the first control that offers it is named. Scores come from
the ``cvss`` library (:mod:`medsec.engines.threats.scoring`); nothing here computes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.domain.model import Control
from medsec.domain.threat import ControlNote, MetricChange, Stride
from medsec.domain.vocabulary import ControlCategory, ControlStatus
from medsec.engines.threats.scoring import build, metrics, v4_metric

_S, _T, _R, _I, _D, _E = (
    Stride.SPOOFING,
    Stride.TAMPERING,
    Stride.REPUDIATION,
    Stride.INFORMATION_DISCLOSURE,
    Stride.DENIAL_OF_SERVICE,
    Stride.ELEVATION_OF_PRIVILEGE,
)
# Default effect of an implemented control, per category and STRIDE letter, in CVSS 3.1 metric
# names (on a 4.0 vector C/I/A set VC/VI/VA): one judgement gives both residual vectors.
DEFAULT_EFFECT: dict[ControlCategory, dict[Stride, tuple[tuple[str, str], ...]]] = {
    # to pose as an authenticated party the attacker must first hold its credential or key
    ControlCategory.AUTHENTICATION: {_S: (("PR", "H"),)},
    # a privileged function needs the privileged role: the attacker must already hold it
    ControlCategory.AUTHORIZATION: {_E: (("PR", "H"),)},
    # encrypted content stays secret (metadata, traffic patterns remain); MACs detect changes
    ControlCategory.CRYPTOGRAPHY: {_I: (("C", "L"),), _T: (("I", "L"),)},
    # changes are detected or bounded (verified boot, hard limits, read-back) but not impossible
    ControlCategory.INTEGRITY: {_T: (("I", "L"),)},
    # data protected at rest or on screen: only what escapes the protection is disclosed
    ControlCategory.CONFIDENTIALITY: {_I: (("C", "L"),)},
    # a protected, time-synchronised audit trail attributes the action: nothing can be denied
    ControlCategory.LOGGING: {_R: (("I", "N"),)},
    # the function degrades (rate limits, fail-safe, alarm) instead of being lost
    ControlCategory.RESILIENCE: {_D: (("A", "L"),)},
    # only manufacturer-signed code installs: the attacker needs the signing key
    ControlCategory.UPDATE: {_T: (("PR", "H"),), _E: (("PR", "H"),)},
}
# the STRIDE letters each category answers: exactly those it has a default effect on
COVERS: dict[ControlCategory, frozenset[Stride]] = {
    category: frozenset(effects) for category, effects in DEFAULT_EFFECT.items()
}
# values of each base metric, most severe first (an ordering, not arithmetic)
_WORST_FIRST: dict[str, dict[str, str]] = {
    "3.1": {
        "AV": "NALP",
        "AC": "LH",
        "PR": "NLH",
        "UI": "NR",
        "S": "CU",
        **dict.fromkeys(("C", "I", "A"), "HLN"),
    },
    "4.0": {
        "AV": "NALP",
        "AC": "LH",
        "AT": "NP",
        "PR": "NLH",
        "UI": "NPA",
        **dict.fromkeys(("VC", "VI", "VA", "SC", "SI", "SA"), "HLN"),
    },
}


@dataclass(frozen=True)
class Offer:
    """One metric value a control offers to set, and on what ground."""

    control: str
    metric: str  # as the control states it (CVSS 3.1 names for defaults)
    value: str
    basis: str  # "effect" or "default: CATEGORY on LETTER"


@dataclass(frozen=True)
class Residual:
    """Residual vectors (``None`` where there is no vector to lower) and how they came about."""

    v3_1: str | None
    v4_0: str | None
    changes: tuple[MetricChange, ...]
    idle: tuple[ControlNote, ...]
    counted: bool  # at least one implemented control is in effect on the threat


def offers(control: Control, stride: Sequence[Stride]) -> tuple[Offer, ...]:
    """The control's stated effect, or else its category's default on the threat's letters."""
    if control.effect:
        return tuple(Offer(control.id, k, v, "effect") for k, v in control.effect)
    defaults = DEFAULT_EFFECT[control.category]
    return tuple(
        Offer(control.id, k, v, f"default: {control.category.value} on {letter.value}")
        for letter in stride
        if letter in defaults
        for k, v in defaults[letter]
    )


def lower(vector: str, version: str, offered: Sequence[Offer]) -> tuple[str, list[MetricChange]]:
    """The vector with every offer that lowers a metric applied; the lowest value wins."""
    order = _WORST_FIRST[version]
    current = metrics(vector)
    best: dict[str, Offer] = {}
    for o in offered:
        name = v4_metric(o.metric) if version == "4.0" else o.metric
        if name not in current or o.value not in order.get(name, ""):
            continue
        held = best[name].value if name in best else current[name]
        if order[name].index(o.value) > order[name].index(held):
            best[name] = o
    changes = [
        MetricChange(version, name, current[name], o.value, o.control, o.basis)
        for name, o in best.items()
    ]
    lowered = {**current, **{name: o.value for name, o in best.items()}}
    return build(vector.split("/", 1)[0] + "/", lowered.items()), changes


def residual(
    initial: tuple[str | None, str | None],
    controls: Sequence[tuple[Control, bool]],
    stride: Sequence[Stride],
    where: str,
) -> Residual:
    """Lower the 3.1 and 4.0 vectors with the controls that count; say why the others do not.

    ``controls`` pairs each of the threat's controls with whether it is in effect on the
    threat's target; ``where`` names the target for the notes (``element pump-log``).
    """
    counted = [c for c, on in controls if on and c.status is ControlStatus.IMPLEMENTED]
    offered = [o for c in counted for o in offers(c, stride)]
    out: list[str | None] = []
    changes: list[MetricChange] = []
    for vector, version in zip(initial, ("3.1", "4.0"), strict=True):
        if vector is None or not offered:
            out.append(vector)
            continue
        lowered, changed = lower(vector, version, offered)
        out.append(lowered)
        changes += changed
    idle = tuple(
        ControlNote(c.id, _why_idle(c, on, stride, where, offered, changes))
        for c, on in controls
        if not any(ch.control == c.id for ch in changes)
    )
    return Residual(out[0], out[1], tuple(changes), idle, bool(counted))


def _why_idle(
    control: Control,
    on: bool,
    stride: Sequence[Stride],
    where: str,
    offered: Sequence[Offer],
    changes: Sequence[MetricChange],
) -> str:
    """Why a control lowered no metric: planned, elsewhere, nothing to offer, or outdone."""
    if control.status is ControlStatus.SUPERSEDED:
        return f"superseded by {control.superseded_by}: it answers nothing any more"
    if control.status is not ControlStatus.IMPLEMENTED:
        return f"{control.status.value}: it lowers nothing until it is implemented"
    if not on:
        why = "its applies_to does not name it" if control.applies_to else "no applies_to"
        return f"not in effect on {where} ({why})"
    own = [o for o in offered if o.control == control.id]
    if not own and not stride:  # a privacy (LINDDUN) threat: no category answers it by itself
        category = control.category.value
        return f"no effect stated, and {category} has no default effect on a privacy threat"
    if not own:
        letters = ", ".join(s.value for s in stride) or "none"
        return (
            f"no effect stated, and {control.category.value} has no default effect on "
            f"STRIDE {letters}"
        )
    stated = ", ".join(dict.fromkeys(f"{o.metric}:{o.value}" for o in own))
    names = {o.metric for o in own} | {v4_metric(o.metric) for o in own}
    others = sorted({ch.control for ch in changes if ch.metric in names})
    if others:
        return f"{stated} lowers nothing further than {', '.join(others)}"
    return f"{stated} lowers nothing: the vector is already there or lower"
