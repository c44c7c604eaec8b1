"""Renderers of a scan: a findings table for the terminal, Markdown, SARIF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from medsec import __version__
from medsec.engines.vulnmgmt import Metrics, VulnStatus
from medsec.outputs.json import dumps
from medsec.outputs.report.view import Section

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "none": "note"}


def _fixed(s: VulnStatus) -> str:
    return ", ".join(s.finding.fixed_versions) or "no fix"


def _due(s: VulnStatus) -> str:
    if s.closed:
        return "-"
    due = s.deadlines.triage if not s.triaged else s.deadlines.remediation
    return f"{due.isoformat()}{' OVERDUE' if s.overdue_triage or s.overdue_remediation else ''}"


def render_text(statuses: Sequence[VulnStatus], header: Sequence[str]) -> str:
    lines = list(header)
    if not statuses:
        return "\n".join([*lines, "no findings"]) + "\n"
    cols = (
        "advisory",
        "component",
        "installed → fixed",
        "cvss",
        "severity",
        "kev",
        "epss",
        "state",
        "due",
    )
    rows = []
    for s in statuses:
        f = s.finding
        rows.append(
            (
                f.advisory + (f" (+{len(f.aliases)})" if f.aliases else ""),
                (f.component.element + ":" if f.component.element else "") + f.component.name,
                f"{f.component.version or '?'} → {_fixed(s)}",
                f"{f.cvss_score:.1f}" if f.cvss_score is not None else "-",
                f.severity,
                "KEV" if f.kev else "",
                f"{f.epss:.3f}" if f.epss is not None else "",
                s.state.value,
                _due(s),
            )
        )
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    lines.append("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip())
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(statuses: Sequence[VulnStatus], title: str) -> str:
    lines = [
        f"# {_md(title)}",
        "",
        "| advisory | component | installed → fixed | CVSS | severity | KEV | state | due |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in statuses:
        f = s.finding
        score = f"{f.cvss_score:.1f}" if f.cvss_score is not None else "-"
        lines.append(
            f"| `{f.advisory}` | {_md(f.component.name)} | {_md(f.component.version or '?')} → {_md(_fixed(s))} "
            f"| {score} | {f.severity} | {'yes' if f.kev else ''} | {s.state.value} | {_due(s)} |"
        )
    return "\n".join(lines) + "\n"


def render_sarif(statuses: Sequence[VulnStatus]) -> str:
    rules: dict[str, dict[str, Any]] = {}
    results = []
    for s in statuses:
        f = s.finding
        rules.setdefault(
            f.advisory,
            {
                "id": f.advisory,
                "shortDescription": {"text": f.summary or f.advisory},
                "properties": {"aliases": list(f.aliases), "cwes": list(f.cwes)},
            },
        )
        result: dict[str, Any] = {
            "ruleId": f.advisory,
            "level": LEVEL.get(f.severity, "warning"),
            "message": {
                "text": f"{f.component.name} {f.component.version or ''} is affected by {f.advisory}"
                f" ({f.severity}); fixed in {_fixed(s)}; state {s.state.value}"
            },
            "properties": {"finding": f.id, "kev": f.kev, "state": s.state.value},
        }
        if f.component.sbom:
            result["locations"] = [
                {"physicalLocation": {"artifactLocation": {"uri": f.component.sbom}}}
            ]
        results.append(result)
    return dumps(
        {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "medsec-scan",
                            "version": __version__,
                            "informationUri": "https://medsec.invalid/",
                            "rules": [rules[k] for k in sorted(rules)],
                        }
                    },
                    "results": results,
                }
            ],
        }
    )


def report_section(
    statuses: Sequence[VulnStatus], scan_path: str | None, metrics: Metrics | None
) -> Section:
    """The CVE analysis for the HTML report: every finding with its state and deadline."""
    if scan_path is None:
        intro = "No scan record yet: run 'medsec scan' after 'medsec db update' or 'db import'."
    else:
        intro = f"Findings of the latest scan ({scan_path}), judged with today's assessments."
        if metrics is not None and metrics.findings:
            parts = [f"{metrics.closed} of {metrics.findings} findings closed or patched"]
            if metrics.mean_days_to_triage is not None:
                parts.append(f"mean time to triage {metrics.mean_days_to_triage:.0f} days")
            if metrics.mean_days_to_remediate is not None:
                parts.append(f"mean time to remediate {metrics.mean_days_to_remediate:.0f} days")
            parts.append(f"{metrics.overdue} overdue")
            intro += " FDA metrics over the scan history: " + "; ".join(parts) + "."
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
        ),
        rows,
        empty="No vulnerability findings.",
    )
