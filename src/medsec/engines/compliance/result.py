"""Collecting one checklist item's findings and evidence into an :class:`ItemResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from medsec.domain.checklist import (
    MANDATORY,
    CheckFinding,
    Evidence,
    ItemId,
    ItemResult,
    ItemStatus,
)

TITLES: dict[ItemId, str] = {
    ItemId.THREAT_RISK_ANALYSIS: "Threat and risk analysis (STRIDE, CVSS)",
    ItemId.SECURITY_BY_DESIGN: "Security by design",
    ItemId.SBOM: "Software bill of materials",
    ItemId.CVE_ANALYSIS: "CVE analysis based on the SBOM, at least yearly",
    ItemId.INDEPENDENT_PENTEST: "Independent penetration test",
    ItemId.GDPR_READINESS: "GDPR readiness",
    ItemId.DATA_MINIMISATION: "Data minimisation (product by design)",
    ItemId.SECURITY_CONCEPT: "Security concept with fewer attack vectors",
    ItemId.VULNERABILITY_MANAGEMENT: "Enhanced vulnerability management",
}

CLAUSES: dict[ItemId, tuple[str, ...]] = {
    ItemId.THREAT_RISK_ANALYSIS: (
        "IEC 81001-5-1 4.2, 7.1-7.5",
        "FDA premarket V.A, V.A.1, V.A.2",
        "MDR Annex I 14.2(d), 17.2",
        "MDCG 2019-16 3.2-3.5",
    ),
    ItemId.SECURITY_BY_DESIGN: (
        "IEC 81001-5-1 5.1-5.5, 5.7.1",
        "FDA premarket V.B",
        "FD&C Act 524B(b)(2)",
        "MDR Annex I 17.2",
        "GDPR Art. 25, 32",
    ),
    ItemId.SBOM: (
        "IEC 81001-5-1 4.1.5, 5.2.3, 8",
        "FDA premarket V.A.4",
        "FD&C Act 524B(b)(3)",
        "CRA Annex I Part II(1)",
    ),
    ItemId.CVE_ANALYSIS: (
        "IEC 81001-5-1 5.7.3, 6.2.1, 9.3",
        "FDA premarket V.A.2 (KEV), V.A.4.b",
        "FDA postmarket",
    ),
    ItemId.INDEPENDENT_PENTEST: (
        "IEC 81001-5-1 5.7.4, 5.7.5",
        "FDA premarket V.C",
        "MDCG 2019-16 3.7",
        "GDPR Art. 32(1)(d)",
    ),
    ItemId.GDPR_READINESS: ("GDPR Art. 5, 9, 25, 30, 32, 35, 44-49",),
    ItemId.DATA_MINIMISATION: ("GDPR Art. 5(1)(c), 25(2)",),
    ItemId.SECURITY_CONCEPT: (
        "IEC 81001-5-1 5.3.1, 5.8.2, 5.8.6, 7.1.2",
        "MDR Annex I 17.4",
        "MDCG 2019-16 2.6, 4",
        "FDA premarket VI.A",
    ),
    ItemId.VULNERABILITY_MANAGEMENT: (
        "IEC 81001-5-1 4.1.7, 6, 9",
        "FDA premarket V.A.6, VI.B",
        "FD&C Act 524B(b)(1)",
        "CRA Art. 14, Annex I Part II",
        "NIS-2 Art. 21(2)(e)",
    ),
}


@dataclass
class ItemBuilder:
    id: ItemId
    findings: list[CheckFinding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def add(
        self,
        severity: ItemStatus,
        rule: str,
        message: str,
        *,
        subject: str | None = None,
        path: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.findings.append(
            CheckFinding(message, severity, subject, path, line, fix, f"{self.id.value}/{rule}")
        )

    def gap(self, rule: str, message: str, **where: Any) -> None:
        """Something is missing or stale: name it, where it should be and what to do."""
        self.add(ItemStatus.GAP, rule, message, **where)

    def fail(self, rule: str, message: str, **where: Any) -> None:
        """A hard violation (e.g. a debug port open in production, a self-performed pentest)."""
        self.add(ItemStatus.FAIL, rule, message, **where)

    def ok(self, message: str, path: str | None = None) -> None:
        self.evidence.append(Evidence(message, path))

    def result(self, pass_summary: str) -> ItemResult:
        if any(f.severity is ItemStatus.FAIL for f in self.findings):
            status = ItemStatus.FAIL
        elif self.findings:
            status = ItemStatus.GAP
        elif not self.evidence:  # never a pass without evidence
            self.gap(
                "no-evidence",
                "no evidence found for this item",
                fix="record the evidence in medsec.yaml",
            )
            status = ItemStatus.GAP
        else:
            status = ItemStatus.PASS
        if status is ItemStatus.PASS:
            summary = pass_summary
        else:
            fails = sum(1 for f in self.findings if f.severity is ItemStatus.FAIL)
            gaps = len(self.findings) - fails
            parts = [f"{fails} failure(s)"] if fails else []
            parts += [f"{gaps} gap(s)"] if gaps else []
            summary = f"{', '.join(parts)}: {self.findings[0].message}"
        return ItemResult(
            id=self.id,
            title=TITLES[self.id],
            mandatory=self.id in MANDATORY,
            status=status,
            summary=summary,
            findings=tuple(self.findings),
            evidence=tuple(self.evidence),
            clauses=CLAUSES[self.id],
        )
