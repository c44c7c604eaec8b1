"""End of support: applying ``support.yaml`` rules and telling a component's status on a day.

A component past its end of support may still ship, but only as a risk acceptance: a
rationale, an approver and the compensating controls (``risk_accepted``). A rule with a glob
(``pkg:pypi/*``) is allowed, and reported as a blanket claim with the components it decides
(``blanket_claims``), so nobody mistakes one line for twenty assessments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from fnmatch import fnmatchcase

from medsec.domain.component import Component, SupportLevel, SupportRule, SupportStatus

ENDING_WINDOW = timedelta(days=180)


def _purl_matches(pattern: str, purl: str | None) -> bool:
    """Whether the purl matches a glob, an exact purl, or a versionless one (every version)."""
    if purl is None:
        return False
    pattern, purl = pattern.lower(), purl.lower()
    if "*" in pattern or "?" in pattern:
        return fnmatchcase(purl, pattern)
    base = purl.split("?", 1)[0].split("#", 1)[0]
    if "@" in pattern:
        return base == pattern.split("?", 1)[0]
    return base == pattern or base.startswith(pattern + "@")


def matches(rule: SupportRule, component: Component, element: str | None) -> bool:
    """Whether a ``support.yaml`` rule selects the component; unset criteria select all."""
    if rule.element is not None and rule.element != element:
        return False
    if rule.purl is not None and not _purl_matches(rule.purl, component.purl):
        return False
    if rule.name is not None:
        names = {component.name.lower(), component.display_name.lower()}
        if not any(fnmatchcase(n, rule.name.lower()) for n in names):
            return False
    return rule.version is None or fnmatchcase(
        (component.version or "").lower(), rule.version.lower()
    )


def apply_rules(
    components: Iterable[Component], rules: Sequence[SupportRule], element: str | None
) -> tuple[Component, ...]:
    """The first matching rule's stated values override the SBOM's own; provenance recorded."""
    out = []
    for component in components:
        rule = next((r for r in rules if matches(r, component, element)), None)
        if rule is not None:
            component = replace(
                component,
                support_level=rule.level or component.support_level,
                end_of_support=rule.end_of_support or component.end_of_support,
                component_class=rule.component_class or component.component_class,
                support_rationale=rule.rationale or component.support_rationale,
                support_source=rule.location,
                support_approver=rule.approver or component.support_approver,
                compensating_controls=rule.compensating_controls or component.compensating_controls,
            )
        out.append(component)
    return tuple(out)


def status(component: Component, today: date, window: timedelta = ENDING_WINDOW) -> SupportStatus:
    """Support status on ``today``; ``ending`` when the end is within ``window``."""
    level, end = component.support_level, component.end_of_support
    if level is SupportLevel.END_OF_SUPPORT or (end is not None and end < today):
        return SupportStatus.ENDED
    if level is SupportLevel.NO_SUPPORT:
        return SupportStatus.UNSUPPORTED
    if end is not None and end - today <= window:
        return SupportStatus.ENDING
    if end is None and level in (None, SupportLevel.NO_ASSERTION):
        return SupportStatus.UNKNOWN
    return SupportStatus.SUPPORTED


def risk_accepted(component: Component) -> bool:
    """Whether shipping the component past end of support is an accepted risk, not a sentence:
    a rationale, an approver and at least one compensating control."""
    return bool(
        component.support_rationale
        and component.support_approver
        and component.compensating_controls
    )


def acceptance_missing(component: Component) -> tuple[str, ...]:
    """The ``support.yaml`` keys a risk acceptance of the component still lacks."""
    return tuple(
        key
        for key, value in (
            ("rationale", component.support_rationale),
            ("approver", component.support_approver),
            ("compensating_controls", component.compensating_controls),
        )
        if not value
    )


def past_end_without_acceptance(
    components: Iterable[Component], today: date
) -> tuple[Component, ...]:
    """Components past end of support whose shipping nobody accepted (the checklist gap)."""
    return tuple(
        c for c in components if status(c, today) is SupportStatus.ENDED and not risk_accepted(c)
    )


def blanket_claims(
    rules: Sequence[SupportRule], components: Iterable[Component]
) -> tuple[tuple[SupportRule, int], ...]:
    """Each glob rule with how many components it decides (it decides where it matched first)."""
    decided: dict[str, int] = {}
    for c in components:
        if c.support_source is not None:
            decided[c.support_source] = decided.get(c.support_source, 0) + 1
    return tuple((r, decided.get(r.location, 0)) for r in rules if r.blanket)
