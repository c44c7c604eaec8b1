"""Threat generation: STRIDE-per-element baseline plus the medical-device rule library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from medsec.domain.model import Project
from medsec.domain.threat import Framework, Match, MissingInformation, Target, Threat, Unknown
from medsec.engines.threats import linddun
from medsec.engines.threats.frameworks import ALL, rules_for
from medsec.engines.threats.ranking import crossing
from medsec.engines.threats.rule import Rule
from medsec.engines.threats.stride import baseline
from medsec.engines.threats.vectors import Context, for_rule


@dataclass(frozen=True)
class ThreatAnalysis:
    """What generation yields: the threats, and what the model leaves unstated."""

    threats: tuple[Threat, ...]
    missing: tuple[MissingInformation, ...]


def _from_match(rule: Rule, match: Match, ctx: Context) -> Threat:
    """The threat of one rule match: id ``RULE@target``, metadata from the rule, sorted triggers.

    Its title is the match's (specific to the target) or the rule's; its default vectors come
    from the one derivation (:func:`medsec.engines.threats.vectors.for_rule`).
    """
    meta = rule.meta
    description = meta.description + (f" {match.detail}" if match.detail else "")
    vectors = for_rule(ctx, match.target, meta)
    return Threat(
        id=f"{meta.id}@{match.target.id}",
        rule=meta.id,
        title=match.title or meta.title,
        stride=meta.stride,
        target=match.target,
        baseline=False,
        description=description,
        mitigation=meta.mitigation,
        cwe=meta.cwe,
        capec=meta.capec,
        triggers=tuple(
            sorted(set(match.triggers), key=str)
        ),  # canonical: model order does not leak
        default_v3_1=vectors.v3_1,
        default_v4_0=vectors.v4_0,
        cvss_basis=vectors.basis,
        linddun=meta.linddun,
        crossing=crossing(ctx, match.target),  # set here: not a copy of the threat later
    )


def generate(
    project: Project,
    rules: Sequence[Rule] | None = None,
    frameworks: Collection[Framework] = ALL,
) -> ThreatAnalysis:
    """All threats of a model, sorted by id, and one missing-information finding per target.

    ``frameworks`` picks the baselines (STRIDE, LINDDUN) and, when ``rules`` is not given, the
    rule libraries (:func:`medsec.engines.threats.frameworks.rules_for`).
    """
    if rules is None:
        rules = rules_for(frameworks)
    ctx = Context(project)
    threats: dict[str, Threat] = {}
    unknown: dict[Target, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if Framework.STRIDE in frameworks:
        for item in baseline(project, ctx):
            if isinstance(item, Unknown):
                unknown[item.target][item.attribute].add("STRIDE")
            else:
                threats[item.id] = item
    if Framework.LINDDUN in frameworks:
        threats.update((t.id, t) for t in linddun.baseline(project, ctx))
    for rule in rules:
        for outcome in rule.check(project):
            if isinstance(outcome, Unknown):
                unknown[outcome.target][outcome.attribute].add(rule.meta.id)
                continue
            threat = _from_match(rule, outcome, ctx)
            existing = threats.get(threat.id)
            if existing is not None:  # a rule firing twice on one target: merge the triggers
                merged = tuple(sorted(set(existing.triggers) | set(threat.triggers), key=str))
                threat = replace(existing, triggers=merged)
            threats[threat.id] = threat
    missing = tuple(
        MissingInformation(
            target=t,
            attributes=tuple(sorted(attrs)),
            rules=tuple(sorted({r for rs in attrs.values() for r in rs})),
        )
        for t, attrs in sorted(unknown.items())
    )
    crossings: dict[Target, str] = {}
    for t in threats.values():
        if t.target not in crossings:
            crossings[t.target] = crossing(ctx, t.target)
    ordered = tuple(
        replace(t, crossing=crossings[t.target]) if t.crossing != crossings[t.target] else t
        for t in (threats[k] for k in sorted(threats))
    )
    return ThreatAnalysis(ordered, missing)
