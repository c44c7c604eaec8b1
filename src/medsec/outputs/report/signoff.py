"""Decisions for sign-off: every risk transfer and acceptance, and every blanket support claim.

A transfer hands a threat to another party and an acceptance leaves it as it is: both are
decisions a person signs, so the report lists each one with who, when, until when and on what
ground, and whether medsec found it complete (``decisions``). A ``support.yaml`` rule with a
glob decides the support of many components at once: the report lists each such claim with
the number of components it decides (``blanket_claims``), so one line is not read as twenty
assessments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from medsec.domain.component import SupportRule
from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat, ThreatStatus
from medsec.domain.vocabulary import Decision
from medsec.outputs.report.view import Section

DECISION_COLUMNS = (
    "Threat",
    "Decision",
    "Party / expires",
    "Approver",
    "Date",
    "Rationale (benefit-risk)",
    "Valid",
)
CLAIM_COLUMNS = ("Entry", "Selects", "Components", "Level", "End of support", "Rationale")


def _party(project: Project, party: str | None) -> str:
    """The receiving party with its name, as declared."""
    if party is None:
        return "not named"
    found = project.party(party)
    return f"{party} ({found.name})" if found is not None else f"{party} (not declared)"


def _row(project: Project, t: AssessedThreat) -> tuple[str, ...]:
    """One decision: who takes or accepts the risk, when, why, and whether it holds."""
    a = t.entry.assessment
    transfer = t.decision is Decision.TRANSFER
    held = "yes" if t.status in (ThreatStatus.TRANSFERRED, ThreatStatus.ACCEPTED) else "no"
    why = a.rationale or ""
    if a.benefit_risk:
        why += f" ({a.benefit_risk})"
    return (
        t.id,
        t.decision.value if t.decision else "",
        _party(project, a.party) if transfer else f"until {a.expires or 'not stated'}",
        a.approver or "not stated",
        str(a.date) if a.date else "not stated",
        why.strip() or "not stated",
        held if held == "yes" else f"no: {'; '.join(t.problems) or t.status.value}",
    )


def _grouped(rows: Iterable[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Rows alike but for the threat merged into one, its threats listed (first seen order)."""
    ids: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        ids.setdefault(row[1:], []).append(row[0])
    return tuple(
        (", ".join(found) + (f" ({len(found)} threats)" if len(found) > 1 else ""), *rest)
        for rest, found in ids.items()
    )


def decisions(project: Project, threats: Sequence[AssessedThreat]) -> Section:
    """Every transfer and acceptance of a live threat, transfers first, for sign-off."""
    order = {Decision.TRANSFER: 0, Decision.ACCEPT: 1}
    chosen = sorted(
        (t for t in threats if t.status is not ThreatStatus.OBSOLETE and t.decision in order),
        key=lambda t: (order[t.decision] if t.decision else 2, t.id),
    )
    return Section(
        "Risk transfers and acceptances for sign-off",
        "Each threat handed to another party (transfer: only to the party that operates its "
        "target) or accepted as it is (accept: with an expiry, and above the acceptance "
        f"threshold ({project.policy.risk_acceptance.value}) with a benefit-risk analysis). "
        "Valid says whether medsec found the decision complete; one that is not leaves the "
        "threat open. Threats decided alike (the same decision, party or expiry, approver, "
        "date and rationale, equally valid) share one row: one decision, signed once.",
        DECISION_COLUMNS,
        _grouped(_row(project, t) for t in chosen),
        empty="No threat is transferred or accepted.",
        anchor="section-signoff",
    )


def blanket_claims(claims: Sequence[tuple[SupportRule, int]]) -> Section:
    """Every glob rule of support.yaml with the number of components it decides."""
    rows = tuple(
        (
            rule.location,
            rule.selector + (f" version {rule.version}" if rule.version else ""),
            str(count),
            rule.level.value if rule.level else "-",
            str(rule.end_of_support) if rule.end_of_support else "-",
            rule.rationale or "none",
        )
        for rule, count in claims
    )
    return Section(
        "Blanket support claims",
        "support.yaml entries that state the level and end of support of many components at "
        "once (a '*' or '?' glob). Each is a claim about every component it decides: check "
        "that it holds for each of them.",
        CLAIM_COLUMNS,
        rows,
        empty="No support.yaml entry uses a glob: every claim names its component.",
        anchor="section-blanket-claims",
    )
