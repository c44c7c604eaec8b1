"""IEC 81001-5-1 annexes as outlines: the annex list, Annex C's threat modelling methods and
Annex E's release and decommissioning documents.

Only Annex F (transitional health software) and Annex G (object identifiers) are normative;
Annex F is a requirement row of the conformance matrix (``iec81001_processes``). The others are
informative: documents cite them (the threat model names its Annex C method, the release
documentation follows Annex E) but they add no requirement of their own.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId
from medsec.domain.framework import OutlineItem


def _annex(number: str, title: str, gist: str) -> OutlineItem:
    """One annex or annex entry, keyed like the catalogue (``IEC81001-5-1:AnnexC.8``)."""
    return OutlineItem(id=f"IEC81001-5-1:Annex{number}", number=number, title=title, gist=gist)


ANNEXES: tuple[OutlineItem, ...] = (
    _annex(
        "A",
        "Rationale",
        "Informative: relation to IEC 62443 and IEC 62304, risk transfer "
        "(maintained, supported, required software), secure coding practice, and Table A.1 "
        "on the independence of testers from developers.",
    ),
    _annex(
        "B",
        "Guidance on implementing the security life-cycle activities",
        "Informative: how to carry out each activity, from threat and risk analysis to "
        "system testing.",
    ),
    _annex(
        "C", "Threat modelling", "Informative: methods to identify threats (see ANNEX_C_METHODS)."
    ),
    _annex(
        "D",
        "Relation to IEC 62443-4-1:2018 practices",
        "Informative: the mapping between this standard's clauses and the 62443-4-1 "
        "practices, in both directions.",
    ),
    _annex(
        "E",
        "Documents specified in IEC 62443-4-1",
        "Informative: the release and decommissioning documents (see ANNEX_E_DOCUMENTS).",
    ),
    _annex(
        "F",
        "Transitional health software",
        "Normative: the route for software developed before the standard was adopted.",
    ),
    _annex("G", "Object identifiers", "Normative: the object identifiers of the standard."),
)

ANNEX_C_METHODS: tuple[OutlineItem, ...] = (
    _annex("C.2", "Attack-defense trees", "Trees of attacker goals and the defences against them."),
    _annex(
        "C.3",
        "CAPEC, OWASP and SANS lists",
        "Catalogues of known attack patterns and weaknesses used as checklists.",
    ),
    _annex("C.4", "CWSS", "The Common Weakness Scoring System, to rank weaknesses."),
    _annex(
        "C.5",
        "DREAD",
        "Rating threats by damage, reproducibility, exploitability, affected "
        "users and discoverability.",
    ),
    _annex(
        "C.6",
        "List of known potential vulnerabilities",
        "Checking the design against known vulnerability classes.",
    ),
    _annex("C.7", "OCTAVE", "An organisational, asset-driven risk assessment method."),
    _annex(
        "C.8",
        "STRIDE",
        "Threats per model element by category: spoofing, tampering, "
        "repudiation, information disclosure, denial of service, elevation of privilege.",
    ),
    _annex("C.9", "Trike", "A risk-based method built on a requirements and implementation model."),
    _annex(
        "C.10",
        "VAST",
        "Visual, agile and simple threat modelling that scales to many applications.",
    ),
)


def _document(number: str, title: str, gist: str, *supports: ItemId) -> OutlineItem:
    """One Annex E document, with the checklist items whose evidence fills it."""
    return OutlineItem(
        id=f"IEC81001-5-1:Annex{number}",
        number=number,
        title=title,
        gist=gist,
        supports=supports,
        requirements=("IEC81001-5-1:5.8.2",),
    )


ANNEX_E_DOCUMENTS: tuple[OutlineItem, ...] = (
    _document(
        "E.2.1",
        "Product documentation",
        "What the product is, its security capabilities "
        "and how to install, configure and use them securely.",
        ItemId.SECURITY_CONCEPT,
    ),
    _document(
        "E.2.2",
        "Health software defense-in-depth documentation",
        "The layers of security controls the product itself provides.",
        ItemId.SECURITY_CONCEPT,
        ItemId.SECURITY_BY_DESIGN,
    ),
    _document(
        "E.2.3",
        "Defense-in-depth measures expected in the environment",
        "The controls the operator's environment must provide (network, physical, organisational).",
        ItemId.SECURITY_CONCEPT,
    ),
    _document(
        "E.2.4",
        "Security hardening guidelines",
        "How to harden the product and its environment: settings, services to disable, accounts.",
        ItemId.SECURITY_CONCEPT,
    ),
    _document(
        "E.2.5",
        "Security update information",
        "How security updates are found, checked and installed, and who installs which.",
        ItemId.VULNERABILITY_MANAGEMENT,
    ),
    _document(
        "E.3",
        "Documents for decommissioning",
        "How to take the product out of service securely: data removal, credentials, disposal.",
        ItemId.SECURITY_CONCEPT,
        ItemId.GDPR_READINESS,
    ),
)
