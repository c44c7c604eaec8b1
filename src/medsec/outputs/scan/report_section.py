"""The CVE analysis section of the HTML report: every finding with its state and deadline."""

from __future__ import annotations

from collections.abc import Sequence

from medsec.domain.wording import counted
from medsec.engines.vulnmgmt import Metrics, VulnStatus
from medsec.outputs.provenance import match_lines
from medsec.outputs.report.view import Section
from medsec.outputs.scan.view import due as _due
from medsec.outputs.scan.view import fixed_in as _fixed


def _metrics_text(statuses: Sequence[VulnStatus], metrics: Metrics) -> str:
    """The FDA figures in words; triage time only over triaged findings, the others counted."""
    waiting = sum(1 for s in statuses if not s.triaged)
    parts = [f"{metrics.closed} of {metrics.findings} findings closed or patched"]
    if metrics.mean_days_to_triage is not None:
        triaged = len(statuses) - waiting
        parts.append(
            f"mean time to triage {metrics.mean_days_to_triage:.0f} days "
            f"over the {counted(triaged, 'triaged finding')}"
        )
    if waiting:
        parts.append(f"{counted(waiting, 'finding')} still in triage, not counted in that mean")
    if metrics.mean_days_to_remediate is not None:
        parts.append(f"mean time to remediate {metrics.mean_days_to_remediate:.0f} days")
    parts.append(f"{metrics.overdue} overdue")
    return "; ".join(parts) + "."


def report_section(
    statuses: Sequence[VulnStatus], scan_path: str | None, metrics: Metrics | None
) -> Section:
    """The CVE analysis for the HTML report: every finding with its state and deadline."""
    if scan_path is None:
        intro = "No scan record yet: run 'medsec scan' after 'medsec db update' or 'db import'."
    else:
        intro = f"Findings of the latest scan ({scan_path}), judged with today's assessments."
        if metrics is not None and metrics.findings:
            intro += " FDA metrics over the scan history: " + _metrics_text(statuses, metrics)
    rows = tuple(
        (
            s.finding.advisory
            + (f" ({', '.join(s.finding.aliases)})" if s.finding.aliases else ""),
            f"{s.finding.component.name} {s.finding.component.version or '?'}",
            s.finding.component.element or "",
            _fixed(s),
            f"{s.finding.cvss_score:.1f}" if s.finding.cvss_score is not None else "-",
            s.finding.severity,
            "yes" if s.finding.kev else "",
            s.state.value,
            _due(s),
            s.rereview or "",
            "; ".join(match_lines(s.finding.details)),
        )
        for s in statuses
    )
    return Section(
        "Vulnerability findings",
        intro,
        (
            "Advisory",
            "Component",
            "Element",
            "Fixed in",
            "CVSS",
            "Severity",
            "KEV",
            "State",
            "Due",
            "Re-review",
            "Found by",
        ),
        rows,
        empty="No vulnerability findings.",
        legend=(
            "Mean time to triage: days from the first scan that showed a finding to the date of "
            "its assessment, over assessed findings only (a decision taken before the scan "
            "counts 0 days). Closed or patched: fixed, not affected, or no longer found. Found "
            "by: per matching record, the matcher and its confidence (purl-osv high: the "
            "package's OSV range; cpe-nvd low: an NVD CPE criterion), the record, the data "
            "snapshot it was read from, and the range or criterion that held the version."
        ),
    )
