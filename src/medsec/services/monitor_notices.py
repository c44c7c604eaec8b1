"""The notifications of a monitoring run: what the team hears of, each with a stable key.

Per repository: one per new KEV-listed or critical finding (``kev:<finding id>@<repo>``,
``critical:…``), naming every version it is in; one per deadline passing within
``deadline_days`` or passed (``deadline:<kind>:<finding id>@<repo>:<day>``); one per version
that could not be scanned and per repository-level problem (``error:…``, once per distinct
problem). :mod:`medsec.services.notify` sends each once per channel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sqlalchemy import Engine

from medsec.domain.monitor import Alert, VersionScan
from medsec.domain.wording import counted
from medsec.services import notify
from medsec.services.notify import Notification


def notifications(
    engine: Engine, versions: Sequence[VersionScan], errors: Sequence[str], deadline_days: int
) -> list[Notification]:
    """The notifications of a run: per repository and finding (its versions listed), per
    deadline, per version that could not be scanned; plus earlier ones that failed to send."""
    items: dict[str, Notification] = {}
    standing: dict[str, Notification] = {}  # notified before: sent again only if that failed
    for repo, scans in _grouped(versions).items():
        for n in _finding_notices(repo, scans, [s.alerts for s in scans]):
            items[n.key] = n
        for n in _finding_notices(repo, scans, [s.alerting for s in scans]):
            standing.setdefault(n.key, n)
        for n in _deadline_notices(repo, scans, deadline_days):
            items[n.key] = n
        for scan in scans:
            if scan.error:
                n = _error_notice(repo, scan)
                items[n.key] = n
    for text in errors:
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        items[f"error:{digest}"] = Notification(
            f"error:{digest}", "medsec monitor: a repository could not be monitored", text, {}
        )
    retry = notify.unsent(engine, [*items, *standing])
    for key in retry:
        if key not in items and key in standing:
            items[key] = standing[key]
    return sorted(items.values(), key=lambda n: (n.key not in retry, n.key))


def _grouped(versions: Sequence[VersionScan]) -> dict[str, list[VersionScan]]:
    """The versions by repository."""
    grouped: dict[str, list[VersionScan]] = {}
    for v in versions:
        grouped.setdefault(v.repository, []).append(v)
    return grouped


def _finding_notices(
    repo: str, scans: Sequence[VersionScan], chosen: Sequence[Sequence[Alert]]
) -> list[Notification]:
    """One notification per KEV/critical finding of ``repo`` in ``chosen`` (per scan), naming
    its versions."""
    where: dict[tuple[str, str], list[str]] = {}
    alerts: dict[tuple[str, str], Alert] = {}
    for scan, scan_alerts in zip(scans, chosen, strict=True):
        for a in scan_alerts:
            where.setdefault((a.kind, a.finding), []).append(scan.version)
            alerts[(a.kind, a.finding)] = a
    found = []
    for (kind, fid), a in sorted(alerts.items()):
        versions = where[(kind, fid)]
        what = "on CISA's KEV list" if kind == "kev" else f"{a.severity} severity"
        found.append(
            Notification(
                key=f"{kind}:{fid}@{repo}",
                subject=f"[medsec] {repo}: new {'KEV-listed' if kind == 'kev' else 'critical'} "
                f"finding {a.advisory} in {a.component}",
                text=f"{a.advisory} in {a.component} ({what}) affects {repo} "
                f"{', '.join(versions)}.\nFinding: {fid}\nTriage it: medsec vex / the server's "
                "device page.",
                data={"repository": repo, "versions": versions, **vars(a)},
            )
        )
    return found


def _deadline_notices(
    repo: str, scans: Sequence[VersionScan], deadline_days: int
) -> list[Notification]:
    """One notification per deadline (finding, kind, day) of ``repo``, naming its versions."""
    where: dict[tuple[str, str, dt.date], list[str]] = {}
    passed: set[tuple[str, str, dt.date]] = set()
    for scan in scans:
        for d in scan.deadlines:
            where.setdefault((d.kind, d.finding, d.due), []).append(scan.version)
            if d.overdue:
                passed.add((d.kind, d.finding, d.due))
    found = []
    for (kind, fid, due), versions in sorted(where.items()):
        state = "passed" if (kind, fid, due) in passed else "passes"
        found.append(
            Notification(
                key=f"deadline:{kind}:{fid}@{repo}:{due.isoformat()}",
                subject=f"[medsec] {repo}: {kind} deadline of {fid} {state} on {due.isoformat()}",
                text=f"The {kind} deadline of {fid} in {repo} {', '.join(versions)} {state} on "
                f"{due.isoformat()} (notified {counted(deadline_days, 'day')} ahead).",
                data={
                    "repository": repo,
                    "versions": versions,
                    "kind": kind,
                    "finding": fid,
                    "due": due.isoformat(),
                },
            )
        )
    return found


def _error_notice(repo: str, scan: VersionScan) -> Notification:
    """The notification that a version could not be scanned (once per distinct problem)."""
    text = scan.error or ""
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    return Notification(
        key=f"error:{repo}@{scan.version}:{digest}",
        subject=f"[medsec] {repo} {scan.version} could not be scanned",
        text=f"{repo} {scan.version} (commit {scan.commit[:12]}) could not be scanned:\n{text}",
        data={"repository": repo, "version": scan.version, "commit": scan.commit, "error": text},
    )
