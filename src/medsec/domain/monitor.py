"""What a monitoring run found for one released version: counts, alerts, deadlines, errors.

Values only; ``medsec.services.monitor`` makes them, the CLI, the notifications and the
server's pages show them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Alert:
    """A finding worth telling the team: KEV-listed or critical, new since the previous scan."""

    kind: str  # "kev" | "critical"
    finding: str
    advisory: str
    component: str
    severity: str


@dataclass(frozen=True)
class Deadline:
    """A deadline of an open finding passing within ``deadline_days`` (or passed)."""

    kind: str  # "triage" | "remediation"
    finding: str
    due: dt.date
    overdue: bool


@dataclass(frozen=True)
class VersionScan:
    """The outcome for one released version."""

    repository: str
    version: str
    commit: str
    findings: int = 0
    critical: int = 0
    kev: int = 0
    new: tuple[str, ...] = ()  # finding ids not in the previous scan
    alerts: tuple[Alert, ...] = ()  # open findings KEV-listed or critical since this scan
    alerting: tuple[Alert, ...] = ()  # every open KEV-listed or critical finding
    deadlines: tuple[Deadline, ...] = ()
    record_path: str | None = None
    record_commit: str | None = None
    error: str | None = None  # why the version could not be scanned
