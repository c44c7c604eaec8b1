"""``cve-analysis``: SBOMs matched against current vulnerability data at least yearly.

Sub-checks, named after the rule codes they report: ``scan_recorded`` (no-scan),
``scan_current`` (scan-stale), ``data_current`` (no-snapshot, old-data), ``elements_scanned``
(not-scanned), ``ecosystems_covered`` (coverage-unknown, no-data) and ``findings_assessed``
(unassessed), all on the latest scan record. An analysis against no data is no analysis:
every ecosystem of the SBOMs must have had advisories in the database (or its components a CPE
matched against NVD data); the manufacturer's own components are exempt.
"""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemMeta, ItemResult
from medsec.domain.coverage import CPE_ECOSYSTEM, EcosystemCoverage
from medsec.domain.paths import SCANS_DIR, VULNERABILITIES_FILE
from medsec.domain.wording import counted
from medsec.engines.compliance.context import CheckContext, ScanRecordFact
from medsec.engines.compliance.fixes import command, commands, edit, listed
from medsec.engines.compliance.result import ItemBuilder

# what an assessment sets, once someone has looked at a finding
ASSESSED = "not_affected|exploitable|resolved|false_positive"


class CveAnalysis:
    """The SBOMs scanned for known vulnerabilities within the interval, on fresh data."""

    meta = ItemMeta(
        id=ItemId.CVE_ANALYSIS,
        title="CVE analysis based on the SBOM, at least yearly",
        clauses=(
            "IEC 81001-5-1 5.7.3, 6.2.1, 9.3",
            "FDA premarket V.A.2 (KEV), V.A.4.b",
            "FDA postmarket",
        ),
        mandatory=True,
    )

    def evaluate(self, ctx: CheckContext) -> ItemResult:
        """Judge the latest scan record: its age, its data, its coverage, its assessments."""
        b = ItemBuilder(self.meta)
        last = scan_recorded(b, ctx)
        if last is None:
            return b.result("")
        scan_current(b, ctx, last)
        data_current(b, ctx, last)
        elements_scanned(b, ctx, last)
        ecosystems_covered(b, ctx, last)
        findings_assessed(b, ctx, last)
        return b.result("SBOMs scanned within the interval on current data; findings assessed")


def scan_recorded(b: ItemBuilder, ctx: CheckContext) -> ScanRecordFact | None:
    """no-scan: a CVE scan record exists; returns the latest one."""
    if not ctx.scans:
        b.gap(
            "no-scan",
            f"no CVE scan record under {SCANS_DIR}/",
            path=f"{SCANS_DIR}/",
            fix=command("scan", ctx.project_dir),
        )
        return None
    return max(ctx.scans, key=lambda s: s.date)


def scan_current(b: ItemBuilder, ctx: CheckContext, last: ScanRecordFact) -> None:
    """scan-stale: the latest scan is within the policy's CVE scan interval."""
    age = (ctx.today - last.date).days
    limit = ctx.project.policy.cve_scan_interval_days
    if age > limit:
        b.gap(
            "scan-stale",
            f"the last CVE scan ({last.date}) is {age} days old (limit {limit})",
            path=last.path,
            fix=command("scan", ctx.project_dir),
        )
    else:
        b.ok(f"last scan {last.date} ({age} days ago)", last.path)


def data_current(b: ItemBuilder, ctx: CheckContext, last: ScanRecordFact) -> None:
    """no-snapshot, old-data: the scan names its data snapshot, fresh enough at scan time."""
    limit = ctx.project.policy.data_max_age_days
    if last.data_age_days is None:
        b.gap(
            "no-snapshot",
            "the scan record does not name its vulnerability data snapshot",
            path=last.path,
            fix=command("scan", ctx.project_dir),
        )
    elif last.data_age_days > limit:
        b.gap(
            "old-data",
            f"the scan used data {last.data_age_days} days old (limit {limit})",
            path=last.path,
            fix=commands(command("db", "update"), command("scan", ctx.project_dir)),
        )


def elements_scanned(b: ItemBuilder, ctx: CheckContext, last: ScanRecordFact) -> None:
    """not-scanned: the latest scan covered every element that has an SBOM."""
    with_sbom = {e.id for e in ctx.project.elements if e.sbom}
    missing = sorted(with_sbom - set(last.elements))
    if missing:
        b.gap(
            "not-scanned",
            f"elements not covered by the last scan: {', '.join(missing)}",
            path=last.path,
            fix=command("scan", ctx.project_dir),
        )


def ecosystems_covered(b: ItemBuilder, ctx: CheckContext, last: ScanRecordFact) -> None:
    """coverage-unknown, no-data: the database held advisories for every ecosystem scanned."""
    if last.coverage is None:
        b.gap(
            "coverage-unknown",
            "the scan record does not say which ecosystems the vulnerability data covered "
            "(written by an older medsec)",
            path=last.path,
            fix=command("scan", ctx.project_dir),
        )
        return
    for row in last.coverage:
        if row.covered:
            continue
        names = listed([u.component for u in row.uncovered])
        cpe = " and no CPE to match against NVD" if row.ecosystem != CPE_ECOSYSTEM else ""
        b.gap(
            "no-data",
            f"no vulnerability data for {row.ecosystem}: the database held "
            f"{counted(row.advisories, f'{row.ecosystem} advisory', f'{row.ecosystem} advisories')}"
            f"{cpe} ({counted(len(row.uncovered), 'component')}: {names})",
            subject=f"ecosystem:{row.ecosystem}",
            path=last.path,
            fix=commands(command("db", "update"), command("scan", ctx.project_dir)),
        )
    if last.coverage and all(r.covered for r in last.coverage):
        held = ", ".join(_held(r) for r in last.coverage)
        b.ok(f"advisories held for every ecosystem scanned: {held}", last.path)


def _held(row: EcosystemCoverage) -> str:
    """``PyPI (7)``; ``GitHub Actions (0; 2 by CPE)``; ``generic (0; 4 own)``."""
    apart = [f"{n} {what}" for n, what in ((row.by_cpe, "by CPE"), (row.own, "own")) if n]
    return f"{row.ecosystem} ({'; '.join([str(row.advisories), *apart])})"


def findings_assessed(b: ItemBuilder, ctx: CheckContext, last: ScanRecordFact) -> None:
    """unassessed: every finding of the latest scan has an assessment."""
    unassessed = last.unassessed
    first: str | None = None
    if ctx.vulnerability_scan == last.path and ctx.vulnerabilities:
        # the latest scan judged with today's vulnerabilities.yaml, not the states it recorded
        # (an in_triage entry, such as the stub 'medsec scan' writes, is no assessment yet)
        open_ = sorted(s.finding.id for s in ctx.vulnerabilities if not s.triaged)
        unassessed, first = len(open_), next(iter(open_), None)
    if unassessed:
        b.gap(
            "unassessed",
            f"{unassessed} of {last.findings} findings have no assessment",
            path=VULNERABILITIES_FILE,
            fix=edit(
                VULNERABILITIES_FILE,
                f"vulnerabilities[{first or 'FINDING-ID'}].state",
                ASSESSED,
                note="each finding in_triage, with justification or responses, author and date",
            ),
        )
    elif last.findings:
        b.ok(f"all {last.findings} findings assessed", VULNERABILITIES_FILE)


ITEM = CveAnalysis()
