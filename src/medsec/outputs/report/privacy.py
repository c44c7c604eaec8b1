"""The report's privacy sections: the DPIA screening, the records of processing, the transfers
outside the EU/EEA and the risks to data subjects from the register's privacy threats.

Each is a titled table (``Section``) built from ``engines/privacy`` as the checklist judged
with it; a model without personal data gets none (nothing to show). The screening and the
transfers are short and stay in the body; the record and the risk table (one row per privacy
threat) are appendices.
"""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.model import Project
from medsec.domain.threat import AssessedThreat
from medsec.engines.privacy.risks import Level, rate
from medsec.engines.privacy.ropa import Ropa, ropa
from medsec.engines.privacy.screening import screen
from medsec.engines.privacy.transfers import mechanism_text
from medsec.outputs.report.view import Section


def _joined(values: Sequence[str] | tuple[str, ...], empty: str = "-") -> str:
    """Values joined with commas, each once, or ``empty``."""
    return ", ".join(dict.fromkeys(values)) or empty


def _level(level: Level | None) -> str:
    """A CNIL level, or not scored."""
    return level.label if level else "not scored"


def _screening(project: Project) -> Section:
    """The nine WP248 criteria with their facts."""
    screening = screen(project)
    return Section(
        "Privacy: DPIA screening (WP248)",
        f"The nine EDPB WP248 criteria judged from the model: {screening.conclusion} "
        "(medsec docs build --doc dpia drafts the DPIA.)",
        ("#", "Criterion", "Result", "Model facts"),
        tuple(
            (
                str(c.number),
                c.title,
                "met" if c.met else "not met",
                "; ".join(f.text for f in c.facts) or "-",
            )
            for c in screening.criteria
        ),
        anchor="section-privacy-screening",
    )


def _records(record: Ropa) -> Section:
    """Every personal data item with the fields of its Art. 30 record."""
    return Section(
        "Privacy: records of processing (GDPR Art. 30)",
        "Every personal data item with the fields of the Art. 30 record; recipients as "
        "stated and as the model shows them (parties operating elements that receive it).",
        (
            "Data item",
            "Category",
            "Subjects",
            "Purpose",
            "Legal basis",
            "Retention",
            "Recipients",
            "Use cases",
        ),
        tuple(
            (
                r.item.id + (" (retired)" if r.item.retired else ""),
                r.item.category.value,
                r.item.subjects or "not stated",
                r.item.purpose or "not stated",
                _joined(r.item.legal_basis, "not stated"),
                r.item.retention or "not stated",
                _joined((*r.item.recipients, *r.recipients), "not stated"),
                _joined(r.use_cases, "none"),
            )
            for r in record.items
        ),
        anchor="section-privacy-ropa",
        appendix=True,
    )


def _transfers(record: Ropa) -> Section:
    """Transfers outside the EU/EEA and what covers them."""
    return Section(
        "Privacy: transfers outside the EU/EEA",
        "Personal data carried to an element located outside the EU/EEA, and the GDPR "
        "Chapter V mechanism that covers it (flows[].transfer, else the operating party's).",
        ("Transfer", "Personal data", "To", "Mechanism", "Status"),
        tuple(
            (
                f"{t.kind} {t.subject}",
                _joined(t.data),
                t.destination.place.label,
                mechanism_text(t.mechanism) if t.mechanism else "none",
                "covered" if t.covered else f"not covered: {t.problem}",
            )
            for t in record.transfers
        ),
        empty="No personal data leaves the EU/EEA as far as the model locates its elements.",
        anchor="section-privacy-transfers",
    )


def _risks(project: Project, threats: Sequence[AssessedThreat]) -> Section:
    """The register's privacy threats rated on the CNIL scale."""
    return Section(
        "Privacy: risks to data subjects",
        "The register's privacy (LINDDUN) threats, rated on the CNIL scale: likelihood from "
        "the CVSS exploitability, severity from the confidentiality impact (one level higher "
        "for special-category data), before and after the controls.",
        (
            "Threat",
            "Risk to data subjects",
            "Likelihood",
            "Severity",
            "Residual likelihood",
            "Residual severity",
            "Decision",
        ),
        tuple(
            (
                r.threat.id,
                r.threat.threat.title,
                _level(r.likelihood),
                _level(r.severity),
                _level(r.residual_likelihood),
                _level(r.residual_severity),
                r.threat.decision.value if r.threat.decision else "undecided",
            )
            for r in rate(project, threats)
        ),
        empty="The threat register holds no privacy threats.",
        anchor="section-privacy-risks",
        appendix=True,
    )


def privacy_sections(project: Project, threats: Sequence[AssessedThreat]) -> tuple[Section, ...]:
    """Screening, records of processing, transfers and privacy risks (none without personal data)."""
    if not any(d.category.personal for d in project.data):
        return ()
    record = ropa(project)
    return (_screening(project), _records(record), _transfers(record), _risks(project, threats))
