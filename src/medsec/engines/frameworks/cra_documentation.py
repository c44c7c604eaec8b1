"""The CRA's technical documentation outline (Annex VII), item by item, with what fills each.

Numbering follows Annex VII; titles and gists are our own summary. ``requirements`` name the
Annex I rows whose evidence an item presents; ``answer`` names the manual answer it needs.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import Condition, OutlineItem
from medsec.engines.frameworks.answers import prompt

_PART_I = (
    "CRA:AnnexI-PartI(1)",
    *(f"CRA:AnnexI-PartI(2)({letter})" for letter in "abcdefghijklm"),
)


def _item(
    number: str,
    title: str,
    gist: str,
    *supports: ItemId,
    requirements: tuple[str, ...] = (),
    answer: str | None = None,
    not_applicable_when: Condition | None = None,
) -> OutlineItem:
    """One Annex VII entry, id ``CRA:AnnexVII-<number>``, its question from ``ANSWERS``."""
    return OutlineItem(
        id=f"CRA:AnnexVII-{number}",
        number=number,
        title=title,
        gist=gist,
        supports=supports,
        requirements=requirements,
        answer=answer,
        answer_prompt=prompt(answer) if answer is not None else None,
        not_applicable_when=not_applicable_when,
    )


ANNEX_VII: tuple[OutlineItem, ...] = (
    _item("1", "General description", "What the product is and how it is used."),
    _item(
        "1(a)",
        "Intended purpose",
        "The product's intended purpose.",
        ItemId.SECURITY_CONCEPT,
    ),
    _item(
        "1(b)",
        "Software versions affecting compliance",
        "The software versions that bear on meeting the essential requirements.",
        ItemId.SBOM,
    ),
    _item(
        "1(c)",
        "Hardware illustrations",
        "For hardware: photographs or illustrations of the external features, marking and "
        "internal layout.",
        answer="hardware_illustrations",
        not_applicable_when=Condition.NO_HARDWARE,
    ),
    _item(
        "1(d)",
        "User information and instructions",
        "The information and instructions for users that Annex II asks for.",
        ItemId.SECURITY_CONCEPT,
        answer="labeling",
    ),
    _item(
        "2",
        "Design, development, production and vulnerability handling",
        "How the product is designed, developed and produced, and how its vulnerabilities are "
        "handled.",
    ),
    _item(
        "2(a)",
        "Design and development, system architecture",
        "The design and development information, with drawings where useful and the system "
        "architecture: how the software components build on, feed into and integrate with each "
        "other.",
        ItemId.SECURITY_BY_DESIGN,
        ItemId.SECURITY_CONCEPT,
        requirements=("CRA:AnnexI-PartI(1)", "CRA:AnnexI-PartI(2)(j)"),
    ),
    _item(
        "2(b)",
        "Vulnerability handling processes",
        "The vulnerability handling processes: the SBOM, the coordinated disclosure policy, "
        "proof of a contact address for reports, and the technical solution for distributing "
        "updates securely.",
        ItemId.VULNERABILITY_MANAGEMENT,
        ItemId.SBOM,
        requirements=tuple(f"CRA:AnnexI-PartII({n})" for n in range(1, 9)),
    ),
    _item(
        "2(c)",
        "Production and monitoring processes",
        "The production and monitoring processes and how they were validated.",
        answer="production_processes",
    ),
    _item(
        "3",
        "Cybersecurity risk assessment",
        "The assessment of the cybersecurity risks the product is designed, developed, "
        "produced, delivered and maintained against, and how each Part I requirement applies.",
        ItemId.THREAT_RISK_ANALYSIS,
        requirements=_PART_I,
    ),
    _item(
        "4",
        "Support period",
        "The information used to set the support period.",
        ItemId.VULNERABILITY_MANAGEMENT,
        requirements=("CRA:AnnexI-PartII",),
        answer="support_period",
    ),
    _item(
        "5",
        "Standards and specifications applied",
        "Harmonised standards, common specifications or certification schemes applied, in full "
        "or in part (naming the parts), or else the solutions adopted to meet Parts I and II.",
        answer="standards_applied",
    ),
    _item(
        "6",
        "Test reports",
        "Reports of the tests that verify the product and the vulnerability handling against "
        "Parts I and II.",
        ItemId.INDEPENDENT_PENTEST,
        ItemId.CVE_ANALYSIS,
        requirements=("CRA:AnnexI-PartII(3)",),
    ),
    _item(
        "7",
        "EU declaration of conformity",
        "A copy of the EU declaration of conformity.",
        answer="declaration_of_conformity",
    ),
    _item(
        "8",
        "SBOM for market surveillance",
        "Where a market surveillance authority asks with reasons, the software bill of materials.",
        ItemId.SBOM,
        requirements=("CRA:AnnexI-PartII(1)",),
    ),
)
