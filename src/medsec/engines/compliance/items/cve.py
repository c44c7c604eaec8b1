"""``cve-analysis``: SBOMs matched against current vulnerability data at least yearly."""

from __future__ import annotations

from medsec.domain.checklist import ItemId, ItemResult
from medsec.engines.compliance.context import CheckContext
from medsec.engines.compliance.result import ItemBuilder


def evaluate(ctx: CheckContext) -> ItemResult:
    b = ItemBuilder(ItemId.CVE_ANALYSIS)
    p = ctx.project
    if not ctx.scans:
        b.gap(
            "no-scan",
            "no CVE scan record under records/scans/",
            path="records/scans/",
            fix="run 'medsec db update' then 'medsec scan' on the project",
        )
        return b.result("")
    last = max(ctx.scans, key=lambda s: s.date)
    age = (ctx.today - last.date).days
    if age > p.policy.cve_scan_interval_days:
        b.gap(
            "scan-stale",
            f"the last CVE scan ({last.date}) is {age} days old "
            f"(limit {p.policy.cve_scan_interval_days})",
            path=last.path,
            fix="scan again",
        )
    else:
        b.ok(f"last scan {last.date} ({age} days ago)", last.path)
    if last.data_age_days is None:
        b.gap(
            "no-snapshot",
            "the scan record does not name its vulnerability data snapshot",
            path=last.path,
        )
    elif last.data_age_days > p.policy.data_max_age_days:
        b.gap(
            "old-data",
            f"the scan used data {last.data_age_days} days old (limit "
            f"{p.policy.data_max_age_days})",
            path=last.path,
            fix="update the database before scanning",
        )
    with_sbom = {e.id for e in p.elements if e.sbom}
    missing = sorted(with_sbom - set(last.elements))
    if missing:
        b.gap(
            "not-scanned",
            f"elements not covered by the last scan: {', '.join(missing)}",
            path=last.path,
        )
    unassessed = last.unassessed
    if ctx.vulnerability_scan == last.path and ctx.vulnerabilities:
        # the latest scan judged with today's vulnerabilities.yaml, not the states it recorded
        unassessed = sum(1 for s in ctx.vulnerabilities if not s.triaged)
    if unassessed:
        b.gap(
            "unassessed",
            f"{unassessed} of {last.findings} findings have no assessment",
            path="vulnerabilities.yaml",
            fix="assess them in vulnerabilities.yaml",
        )
    elif last.findings:
        b.ok(f"all {last.findings} findings assessed", "vulnerabilities.yaml")
    return b.result("SBOMs scanned within the interval on current data; findings assessed")
