"""The question catalogue of the MDS2 form (ANSI/NEMA HN 1-2019), in the form's order.

23 sections, 240 questions (counted in tests/engines/mds2/test_questions.py). Ids and text
are those of the published 2019 form (docs/mds2.md names the sources); section descriptions
are medsec's one-liners (REGULATORY.md §C). The form has no CNFS or OTHR section: both appear
in older lists (IEC TR 80001-2-2, the 2013 form), not in the 2019 form.
"""

from __future__ import annotations

import difflib
from functools import cache

from medsec.engines.mds2 import questions_a as a
from medsec.engines.mds2 import questions_b as b
from medsec.engines.mds2 import questions_c as c
from medsec.engines.mds2.model import Mds2Question, Mds2Section

SECTIONS: tuple[Mds2Section, ...] = (
    Mds2Section(
        "DOC",
        "Document / product information",
        "Manufacturer, device, document, network use, disclosure program, diagram, SaMD.",
    ),
    Mds2Section(
        "MPII",
        "Management of Personally Identifiable Information",
        "Whether and where the device holds PII, and how it moves it.",
    ),
    Mds2Section("ALOF", "Automatic Logoff", "Session lock after inactivity, and its timeout."),
    Mds2Section(
        "AUDT", "Audit Controls", "Audit logging: events, attributes, time, export, protection."
    ),
    Mds2Section(
        "AUTH", "Authorization", "Login, federated identity, roles, administrator rights, APIs."
    ),
    Mds2Section(
        "CSUP",
        "Cyber Security Product Upgrades",
        "Patching per component type, who installs, remote install, review of updates.",
    ),
    Mds2Section(
        "DIDT", "Health Data De-Identification", "Built-in de-identification, DICOM profiles."
    ),
    Mds2Section(
        "DTBK",
        "Data Backup and Disaster Recovery",
        "Long-term storage, factory reset, backup and its integrity.",
    ),
    Mds2Section("EMRG", "Emergency Access", "Break-glass access to PII in an emergency."),
    Mds2Section(
        "IGAU",
        "Health Data Integrity and Authenticity",
        "Integrity checks and failure protection of stored health data.",
    ),
    Mds2Section(
        "MLDP",
        "Malware Detection/Protection",
        "Anti-malware, compensating controls, allow-listing, host intrusion detection.",
    ),
    Mds2Section(
        "NAUT", "Node Authentication", "Authenticated peers, network access control, certificates."
    ),
    Mds2Section(
        "CONN",
        "Connectivity Capabilities",
        "Wireless and physical interfaces, ports list, peers, APIs, internet, TLS.",
    ),
    Mds2Section(
        "PAUT",
        "Person Authentication",
        "Unique accounts, lockout, default accounts, passwords, MFA, credential storage.",
    ),
    Mds2Section(
        "PLOK", "Physical Locks", "Physical protection of components and media holding PII."
    ),
    Mds2Section(
        "RDMP",
        "Roadmap for Third Party Components in Device Life Cycle",
        "Secure development, third-party evaluation, support dates, end-of-life plan.",
    ),
    Mds2Section(
        "SBOM",
        "Software Bill of Materials",
        "SBOM availability, format, component fields, update process.",
    ),
    Mds2Section(
        "SAHD",
        "System and Application Hardening",
        "Integrity checks, accounts, unneeded ports and services off, boot protection.",
    ),
    Mds2Section(
        "SGUD",
        "Security Guidance",
        "Security documentation, data deletion, accounts, compensating controls.",
    ),
    Mds2Section(
        "STCF",
        "Health Data Storage Confidentiality",
        "Encryption at rest, its default and keys; databases on or off the device.",
    ),
    Mds2Section(
        "TXCF",
        "Transmission Confidentiality",
        "Encryption in transit, fixed destinations, authenticated peers, standards.",
    ),
    Mds2Section(
        "TXIG",
        "Transmission Integrity",
        "Integrity protection of transmitted data, externally cabled sub-components.",
    ),
    Mds2Section(
        "RMOT",
        "Remote Service",
        "Remote service sessions, who starts them, indicator, PII access, other remote use.",
    ),
)

_TEXTS = {
    "DOC": a.DOC,
    "MPII": a.MPII,
    "ALOF": a.ALOF,
    "AUDT": a.AUDT,
    "AUTH": a.AUTH,
    "CSUP": a.CSUP,
    "DIDT": b.DIDT,
    "DTBK": b.DTBK,
    "EMRG": b.EMRG,
    "IGAU": b.IGAU,
    "MLDP": b.MLDP,
    "NAUT": b.NAUT,
    "CONN": b.CONN,
    "PAUT": b.PAUT,
    "PLOK": b.PLOK,
    "RDMP": b.RDMP,
    "SBOM": b.SBOM,
    "SAHD": c.SAHD,
    "SGUD": c.SGUD,
    "STCF": c.STCF,
    "TXCF": c.TXCF,
    "TXIG": c.TXIG,
    "RMOT": c.RMOT,
}
# ids some published forms spell differently: the answers file may use them
ALIASES = {"SHAD-15": "SAHD-15"}


def parent_of(question_id: str) -> str | None:
    """``AUDT-2.8.1`` -> ``AUDT-2.8``; a top-level question (``AUDT-2``) has no parent."""
    code, _, number = question_id.partition("-")
    head, dot, _ = number.rpartition(".")
    return f"{code}-{head}" if dot else None


def _build() -> tuple[Mds2Question, ...]:
    """Every question in the form's order, with its section and parent."""
    return tuple(
        Mds2Question(qid, s.code, text, parent_of(qid))
        for s in SECTIONS
        for qid, text in _TEXTS[s.code]
    )


QUESTIONS: tuple[Mds2Question, ...] = _build()


@cache
def by_id() -> dict[str, Mds2Question]:
    """The questions by id."""
    return {q.id: q for q in QUESTIONS}


def section(code: str) -> Mds2Section:
    """The section with this code (KeyError for codes the form does not have)."""
    return next(s for s in SECTIONS if s.code == code)


def canonical(question_id: str) -> str | None:
    """The catalogue id for ``question_id`` (case-insensitive, known aliases), or None."""
    wanted = question_id.strip().upper()
    wanted = ALIASES.get(wanted, wanted)
    return wanted if wanted in by_id() else None


def nearest(question_id: str) -> str | None:
    """The catalogue id closest to an unknown one (for 'did you mean'), or None."""
    close = difflib.get_close_matches(question_id.strip().upper(), list(by_id()), n=1, cutoff=0.6)
    return close[0] if close else None
