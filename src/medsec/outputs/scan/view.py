"""What every scan format reads: the finished scan and what was scanned.

The scan is structural (``ScanLike``, named by the scan record's module, which owns the JSON
shape): the scan service's result has these attributes, and this layer is below services.
"""

from __future__ import annotations

from dataclasses import dataclass

from medsec.engines.vulnmgmt import VulnStatus
from medsec.project.scan_records import ScanLike


@dataclass(frozen=True)
class ScanReport:
    """The scan and what was scanned (the device id, or the SBOM file), for titles."""

    scan: ScanLike
    target: str


def fixed_in(s: VulnStatus) -> str:
    """The versions that fix the finding, or ``no fix``."""
    return ", ".join(s.finding.fixed_versions) or "no fix"


def due(s: VulnStatus) -> str:
    """The next deadline (triage, else remediation) and ``OVERDUE`` when passed; ``-`` if closed."""
    if s.closed:
        return "-"
    day = s.deadlines.triage if not s.triaged else s.deadlines.remediation
    return f"{day.isoformat()}{' OVERDUE' if s.overdue_triage or s.overdue_remediation else ''}"
