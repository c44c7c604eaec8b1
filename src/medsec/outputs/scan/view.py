"""What every scan format reads: the finished scan and what was scanned.

The scan is structural (``ScanLike``, named by the scan record's module, which owns the JSON
shape): the scan service's result has these attributes, and this layer is below services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from medsec.engines.vulnmgmt import VulnStatus
from medsec.project.scan_records import ScanLike


@dataclass(frozen=True)
class ScanReport:
    """The scan and what was scanned (the device id, or the SBOM file), for titles."""

    scan: ScanLike
    target: str


def fixed_in(s: VulnStatus) -> str:
    """The versions that fix the finding, or ``no fix``; a finding whose ranges could not be
    evaluated says so first (``could not evaluate; record names fix 1.2.3``)."""
    fixes = ", ".join(s.finding.fixed_versions)
    if s.finding.undetermined:
        return f"{UNDETERMINED}; record names fix {fixes}" if fixes else UNDETERMINED
    return fixes or "no fix"


UNDETERMINED = "could not evaluate"


def undetermined_lines(statuses: Sequence[VulnStatus]) -> list[str]:
    """One line per finding that could not be evaluated: which, on what, and why."""
    return [
        f"{s.finding.advisory} on {s.finding.component.name} "
        f"{s.finding.component.version or '?'}: {s.finding.evaluation}"
        for s in statuses
        if s.finding.undetermined
    ]


def due(s: VulnStatus) -> str:
    """The next deadline (triage, else remediation) and ``OVERDUE`` when passed; ``-`` if closed."""
    if s.closed:
        return "-"
    day = s.deadlines.triage if not s.triaged else s.deadlines.remediation
    return f"{day.isoformat()}{' OVERDUE' if s.overdue_triage or s.overdue_remediation else ''}"
