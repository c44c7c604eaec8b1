"""Collecting one checklist item's findings and evidence into an :class:`ItemResult`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from medsec.domain.checklist import CheckFinding, Evidence, ItemMeta, ItemResult, ItemStatus
from medsec.domain.paths import PROJECT_FILE
from medsec.domain.wording import counted


@dataclass
class ItemBuilder:
    """Gathers the gaps, failures and evidence of one item; ``result()`` decides the status."""

    meta: ItemMeta
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
        """Record a finding under the rule code ``<item id>/<rule>``."""
        self.findings.append(
            CheckFinding(
                message, severity, subject, path, line, fix, f"{self.meta.id.value}/{rule}"
            )
        )

    def gap(self, rule: str, message: str, **where: Any) -> None:
        """Something is missing or stale: name it, where it should be and what to do."""
        self.add(ItemStatus.GAP, rule, message, **where)

    def fail(self, rule: str, message: str, **where: Any) -> None:
        """A hard violation (e.g. a debug port open in production, a self-performed pentest)."""
        self.add(ItemStatus.FAIL, rule, message, **where)

    def ok(self, message: str, path: str | None = None) -> None:
        """Record a fact that supports the item, and where it was found."""
        self.evidence.append(Evidence(message, path))

    def rules(self) -> list[str]:
        """The rule codes found so far, without the item prefix (for tests and summaries)."""
        return [f.rule.split("/", 1)[1] for f in self.findings]

    def result(self, pass_summary: str, *, unproven_fix: str | None = None) -> ItemResult:
        """The item's result: fail on any failure, gap on any gap or no evidence, else pass.

        ``unproven_fix``: what to record when nothing was found at all (default: the evidence
        in medsec.yaml).
        """
        if any(f.severity is ItemStatus.FAIL for f in self.findings):
            status = ItemStatus.FAIL
        elif self.findings:
            status = ItemStatus.GAP
        elif not self.evidence:  # never a pass without evidence
            self.gap(
                "no-evidence",
                "no evidence found for this item",
                fix=unproven_fix or f"{PROJECT_FILE}: the evidence this item looks for",
            )
            status = ItemStatus.GAP
        else:
            status = ItemStatus.PASS
        return ItemResult(
            id=self.meta.id,
            title=self.meta.title,
            mandatory=self.meta.mandatory,
            status=status,
            summary=pass_summary if status is ItemStatus.PASS else self._summary(),
            findings=tuple(self.findings),
            evidence=tuple(self.evidence),
            clauses=self.meta.clauses,
        )

    def _summary(self) -> str:
        fails = sum(1 for f in self.findings if f.severity is ItemStatus.FAIL)
        gaps = len(self.findings) - fails
        parts = [counted(fails, "failure")] if fails else []
        parts += [counted(gaps, "gap")] if gaps else []
        return f"{', '.join(parts)}: {self.findings[0].message}"
