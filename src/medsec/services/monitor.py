"""Use case: continuous monitoring of every released version of every registered device.

One run (``medsec monitor``, or a ``monitor`` job of ``medsec serve``'s scheduler):

1. when the settings ask for it and the run is not offline, update the vulnerability database
   (the feed update ``medsec db update`` runs);
2. for every registered repository × released version (a tag matching its pattern): write the
   project folder at the tag into the state folder's cache, scan its SBOMs against the store
   with the scan service (the version's own assessments and policy; first-seen days carried
   over from its earlier monitoring scans so deadlines never restart), and keep the scan
   record as evidence of the yearly CVE analysis in the branch, at
   ``records/releases/<version>/scans/<DATE>.json`` — one commit per repository per run,
   author ``medsec monitor`` — indexed in table ``release_scans``; then refresh the
   repository's dashboard summaries;
3. notify (e-mail, webhook) each open KEV-listed or critical finding that was not in the
   previous scan of its version, and each deadline passing within ``deadline_days`` (or
   passed): once per finding and repository (the versions it is in are listed), a failed
   notification again on the next run.

A version that cannot be scanned (its SBOM unreadable, its tag's project broken) is an error in
the report and a notification, never skipped silently; the run goes on with the others and
the CLI exits non-zero at the end.

``release_scans.result`` is JSON: ``{"findings": {"<finding id>": {"severity", "kev",
"closed", "first_seen", "triage_due", "remediation_due", "overdue"}}}``, what the next run
compares with and the dashboard counts from.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine, insert, select

from medsec.domain.errors import MedsecError, SourceUnavailableError, UsageError
from medsec.domain.monitor import Alert, Deadline, VersionScan
from medsec.domain.paths import release_scans_dir
from medsec.domain.wording import counted
from medsec.engines.vulnmgmt import VulnStatus
from medsec.project import git, scan_records, server_settings
from medsec.project.server_settings import ServerSettings
from medsec.services import audit, notify, portfolio
from medsec.services import db as db_service
from medsec.services.monitor_notices import notifications
from medsec.services.notify import Delivery
from medsec.services.repositories import Repository, get_repository, list_repositories
from medsec.services.scan import ScanOptions, ScanResult, run_with
from medsec.storage import jobs
from medsec.storage.server_schema import release_scans
from medsec.storage.store import AdvisoryStore

AUTHOR = "medsec monitor <medsec@localhost>"
ACTOR = "medsec monitor"  # who the audit trail names for the scan records it commits
KINDS = ("monitor", "rescan")


@dataclass(frozen=True)
class MonitorOptions:
    """What one monitoring run does; the defaults are those of ``medsec monitor``."""

    today: dt.date
    offline: bool = False
    repository: str | None = None  # only this registered repository
    version: str | None = None  # only this released version (a rescan)
    notify: bool = True
    update_feeds: bool | None = None  # None: as the settings say ([server.monitor])
    commit: bool = True  # commit the scan records (False only for a dry look)


@dataclass(frozen=True)
class MonitorReport:
    """What a monitoring run did: feeds, every version scanned, commits, notifications."""

    started: dt.datetime
    finished: dt.datetime
    feeds: tuple[str, ...] = ()  # one line per feed update step
    feed_error: str | None = None
    versions: tuple[VersionScan, ...] = ()
    commits: Mapping[str, str] = field(default_factory=dict)  # repository -> record commit
    errors: tuple[str, ...] = ()  # repository-level problems (tags, commit, summaries)
    deliveries: tuple[Delivery, ...] = ()

    @property
    def failed(self) -> tuple[VersionScan, ...]:
        """The versions that could not be scanned."""
        return tuple(v for v in self.versions if v.error)

    @property
    def alerts(self) -> int:
        """New KEV-listed or critical findings over all versions."""
        return sum(len(v.alerts) for v in self.versions)

    @property
    def overdue(self) -> int:
        """Overdue deadlines over all versions."""
        return sum(1 for v in self.versions for d in v.deadlines if d.overdue)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON values (``medsec monitor --format json``)."""
        return {
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat(),
            "feeds": list(self.feeds),
            "feed_error": self.feed_error,
            "versions": [_version_json(v) for v in self.versions],
            "commits": dict(sorted(self.commits.items())),
            "errors": list(self.errors),
            "notifications": [
                {"key": d.key, "channel": d.channel, "status": d.status} for d in self.deliveries
            ],
        }


def _version_json(v: VersionScan) -> dict[str, Any]:
    """One version's outcome as JSON values."""
    return {
        "repository": v.repository,
        "version": v.version,
        "commit": v.commit,
        "findings": v.findings,
        "critical": v.critical,
        "kev": v.kev,
        "new": list(v.new),
        "alerts": [vars(a) for a in v.alerts],
        "deadlines": [{**vars(d), "due": d.due.isoformat()} for d in v.deadlines],
        "record": v.record_path,
        "record_commit": v.record_commit,
        "error": v.error,
    }


def run(
    engine: Engine, store: AdvisoryStore, settings: ServerSettings, options: MonitorOptions
) -> MonitorReport:
    """One monitoring run over the registered repositories (see the module doc)."""
    started = dt.datetime.now(dt.UTC)
    feeds, feed_error = _update_feeds(store, settings, options)
    versions: list[VersionScan] = []
    commits: dict[str, str] = {}
    errors: list[str] = []
    for repo in _repositories(engine, options.repository):
        scans, commit, problems = _monitor_repository(engine, store, settings, repo, options)
        versions += scans
        errors += problems
        if commit:
            commits[repo.name] = commit
    deliveries: list[Delivery] = []
    if options.notify:
        items = notifications(engine, versions, errors, settings.notify.deadline_days)
        deliveries = notify.deliver(engine, notify.channels(settings.notify), items)
    return MonitorReport(
        started=started,
        finished=dt.datetime.now(dt.UTC),
        feeds=tuple(feeds),
        feed_error=feed_error,
        versions=tuple(versions),
        commits=commits,
        errors=tuple(errors),
        deliveries=tuple(deliveries),
    )


def _repositories(engine: Engine, name: str | None) -> list[Repository]:
    """The repositories to monitor: all, or the one named (an error when not registered)."""
    if name is None:
        return list_repositories(engine)
    found = get_repository(engine, name)
    if found is None:
        known = ", ".join(r.name for r in list_repositories(engine)) or "none yet"
        msg = f"--repository: '{name}' is not registered (registered: {known}); see medsec repo add"
        raise UsageError(msg)
    return [found]


def _update_feeds(
    store: AdvisoryStore, settings: ServerSettings, options: MonitorOptions
) -> tuple[list[str], str | None]:
    """Update the vulnerability database when asked and online; (steps, error)."""
    wanted = settings.monitor.update_feeds if options.update_feeds is None else options.update_feeds
    if not wanted or options.offline:
        return [], None
    url = store.engine.url.render_as_string(hide_password=False)
    try:
        steps = db_service.update(db_service.UpdateOptions(db=url))
    except SourceUnavailableError as error:
        return [], error.diagnostics()
    lines = [
        f"{s.source.value} {s.target}: " + (s.snapshot.id if s.snapshot else "unchanged")
        for s in steps
    ]
    return lines, None


@dataclass(frozen=True)
class _Scope:
    """What the scans of one repository share."""

    engine: Engine
    store: AdvisoryStore
    settings: ServerSettings
    repo: Repository
    today: dt.date
    decisions: Path  # the branch head's project folder: its vulnerabilities.yaml decides


def _monitor_repository(
    engine: Engine,
    store: AdvisoryStore,
    settings: ServerSettings,
    repo: Repository,
    options: MonitorOptions,
) -> tuple[list[VersionScan], str | None, list[str]]:
    """Scan every released version of ``repo``, commit the records, index, refresh summaries."""
    try:
        releases = git.releases(repo.root, repo.release_pattern)
        head = git.head(repo.root, repo.branch)
        decisions = git.materialise(repo.root, head, repo.project_dir, _cache(settings))
    except git.GitError as error:
        return [], None, [f"{repo.name}: {error.diagnostics()}"]
    if options.version is not None:
        releases = [r for r in releases if r.version == options.version]
        if not releases:
            return [], None, [f"{repo.name}: no released version '{options.version}'"]
    scope = _Scope(engine, store, settings, repo, options.today, decisions)
    scanned = [_scan_version(scope, r) for r in releases]
    records = {pending[1]: pending[2] for _, pending in scanned if pending is not None}
    problems: list[str] = []
    commit = None
    if records and options.commit:
        try:
            commit = _commit(engine, repo, records, options.today)
        except MedsecError as error:
            problems.append(
                f"{repo.name}: the scan records were not committed: {error.diagnostics()}"
            )
    versions = [_index(engine, repo, scan, rec, commit) for scan, rec in scanned]
    if releases:
        problems += _refresh(engine, store, settings, repo, options.today)
    return versions, commit, problems


def _scan_version(
    scope: _Scope, release: git.Release
) -> tuple[VersionScan, tuple[ScanResult, str, bytes] | None]:
    """Scan one released version; its outcome and, when scanned, (result, path, record)."""
    repo = scope.repo
    base = VersionScan(repo.name, release.version, release.commit)
    previous = _previous(scope.engine, repo.id, release.version)
    tree: Path | None = None
    try:
        tree = git.materialise(repo.root, release.commit, repo.project_dir, _cache(scope.settings))
        options = ScanOptions(
            project=tree,
            sbom=None,
            today=scope.today,
            write_record=False,
            write_stubs=False,
            seen=_first_seen(previous),
            decisions=scope.decisions,
        )
        result = run_with(scope.store, options)
    except MedsecError as error:
        return VersionScan(**{**vars(base), "error": _readable(error, scope, tree)}), None
    text = scan_records.dumps(scan_records.of_scan(result)).encode("utf-8")
    path = record_path(repo.project_dir, release.version, scope.today)
    days = scope.settings.notify.deadline_days
    return _outcome(base, result, previous, scope.today, days), (result, path, text)


def _readable(error: MedsecError, scope: _Scope, tree: Path | None) -> str:
    """The error with the cache folders named as the user knows them (version, branch)."""
    text = error.diagnostics()
    if tree is not None:
        text = text.replace(f"{tree}/", f"{scope.repo.project_dir}/".removeprefix("./"))
    return text.replace(f"{scope.decisions}/", f"{scope.repo.branch}:")


def _cache(settings: ServerSettings) -> Path:
    """Where versions are materialised (the dashboard's summaries use the same cache)."""
    return settings.state_dir / portfolio.TREES


def record_path(project_dir: str, version: str, day: dt.date) -> str:
    """``<project>/records/releases/<version>/scans/<DAY>.json``, relative to the repository."""
    folder = PurePosixPath(project_dir) / release_scans_dir(version)
    return (folder / f"{day.isoformat()}.json").as_posix().removeprefix("./")


def _previous(engine: Engine, repository_id: int, version: str) -> dict[str, dict[str, Any]] | None:
    """The findings of the version's latest monitoring scan (None: never scanned)."""
    t = release_scans
    query = (
        select(t.c.result)
        .where(t.c.repository_id == repository_id, t.c.version == version)
        .order_by(t.c.scanned_at.desc(), t.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    found: dict[str, dict[str, Any]] = json.loads(row.result).get("findings", {})
    return found


def _first_seen(previous: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dt.date]:
    """The first-seen day of each finding the previous scan knew."""
    seen = {}
    for fid, item in (previous or {}).items():
        if item.get("first_seen"):
            seen[fid] = dt.date.fromisoformat(item["first_seen"])
    return seen


def _outcome(
    base: VersionScan,
    result: ScanResult,
    previous: Mapping[str, Any] | None,
    today: dt.date,
    deadline_days: int,
) -> VersionScan:
    """Counts, new findings, alerts and deadlines of one scanned version."""
    by_id = _by_finding(result.statuses)
    open_ = {fid: s for fid, s in by_id.items() if not s.closed}
    before = previous or {}
    new = tuple(sorted(set(by_id) - set(before)))
    alerting = tuple(_alert(s) for _, s in sorted(open_.items()) if _alerting(s))
    alerts = tuple(a for a in alerting if not _alerted(before.get(a.finding), a.kind))
    horizon = today + dt.timedelta(days=deadline_days)
    deadlines = tuple(d for s in open_.values() for d in _deadlines(s, horizon, today))
    return VersionScan(
        **{
            **vars(base),
            "findings": len(by_id),
            "critical": sum(1 for s in open_.values() if s.finding.severity == "critical"),
            "kev": sum(1 for s in open_.values() if s.finding.kev),
            "new": new,
            "alerts": alerts,
            "alerting": alerting,
            "deadlines": tuple(sorted(deadlines, key=lambda d: (d.due, d.finding, d.kind))),
        }
    )


def _by_finding(found: Sequence[VulnStatus]) -> dict[str, VulnStatus]:
    """One status per finding id (the first; a finding shared by elements is one finding)."""
    by_id: dict[str, VulnStatus] = {}
    for s in found:
        by_id.setdefault(s.finding.id, s)
    return by_id


def _alerting(s: VulnStatus) -> bool:
    """Whether an open finding is worth a notification: KEV-listed or critical."""
    return s.finding.kev or s.finding.severity == "critical"


def _alerted(before: Mapping[str, Any] | None, kind: str) -> bool:
    """Whether the previous scan had the finding open and already ``kind`` (KEV, critical)."""
    if before is None or before.get("closed"):
        return False
    if kind == "kev":
        return bool(before.get("kev"))
    return bool(before.get("kev")) or before.get("severity") == "critical"


def _alert(s: VulnStatus) -> Alert:
    """The alert of one finding (KEV wins over critical)."""
    f = s.finding
    component = f"{f.component.name} {f.component.version or ''}".strip()
    return Alert("kev" if f.kev else "critical", f.id, f.advisory, component, f.severity)


def _deadlines(s: VulnStatus, horizon: dt.date, today: dt.date) -> Iterator[Deadline]:
    """The finding's deadlines due by ``horizon``: triage until triaged, then remediation."""
    pairs = (
        ("triage", s.deadlines.triage, not s.triaged),
        ("remediation", s.deadlines.remediation, True),
    )
    for kind, due, applies in pairs:
        if applies and due is not None and due <= horizon:
            yield Deadline(kind, s.finding.id, due, due < today)


def _commit(
    engine: Engine, repo: Repository, records: Mapping[str, bytes], today: dt.date
) -> str | None:
    """Commit the records that differ from the branch head and record the commit in the audit
    trail (one entry per record: its path and digest); the commit (the head: nothing new)."""
    head = git.head(repo.root, repo.branch)
    changed = {p: data for p, data in records.items() if git.file_at(repo.root, head, p) != data}
    if not changed:
        return head
    message = (
        f"medsec monitor {today.isoformat()}: scan records of "
        f"{counted(len(changed), 'released version')}\n\n" + "\n".join(sorted(changed))
    )
    commit = git.commit_paths(repo.root, repo.branch, dict(changed), message, AUTHOR, None)
    with audit.writing(engine) as conn:
        for path in sorted(changed):
            before = git.file_at(repo.root, head, path)
            details = {"commit": commit, "day": today.isoformat()}
            audit.append(
                conn, ACTOR, "scan.record", f"{repo.name}:{path}", before, changed[path], details
            )
    return commit


def _index(
    engine: Engine,
    repo: Repository,
    scan: VersionScan,
    pending: tuple[ScanResult, str, bytes] | None,
    commit: str | None,
) -> VersionScan:
    """Insert the scan into ``release_scans`` (a failed version is not indexed)."""
    if pending is None:
        return scan
    result, path, _ = pending
    findings = {
        fid: {
            "severity": s.finding.severity,
            "kev": s.finding.kev,
            "closed": s.closed,
            "first_seen": s.first_seen.isoformat(),
            "triage_due": s.deadlines.triage.isoformat() if s.deadlines.triage else None,
            "remediation_due": s.deadlines.remediation.isoformat()
            if s.deadlines.remediation
            else None,
            "overdue": s.overdue_triage or s.overdue_remediation,
        }
        for fid, s in sorted(_by_finding(result.statuses).items())
    }
    values = {
        "repository_id": repo.id,
        "version": scan.version,
        "commit": scan.commit,
        "scanned_at": dt.datetime.now(dt.UTC),
        "snapshots": json.dumps([s.id for s in result.snapshots]),
        "findings": scan.findings,
        "critical": scan.critical,
        "kev": scan.kev,
        "record_path": path if commit else None,
        "record_commit": commit,
        "result": json.dumps({"findings": findings}, sort_keys=True),
    }
    with engine.begin() as conn:
        conn.execute(insert(release_scans).values(**values))
    return VersionScan(
        **{**vars(scan), "record_path": values["record_path"], "record_commit": commit}
    )


def _refresh(
    engine: Engine, store: AdvisoryStore, settings: ServerSettings, repo: Repository, today: dt.date
) -> list[str]:
    """Recompute the repository's dashboard summaries; a problem is reported, not raised."""
    try:
        portfolio.refresh(engine, store, settings.state_dir, today, repository=repo.name)
    except MedsecError as error:
        return [f"{repo.name}: the dashboard summaries were not refreshed: {error.diagnostics()}"]
    return []


# --- scheduler and worker --------------------------------------------------------------


def schedule(
    engine: Engine, settings: ServerSettings, now: dt.datetime | None = None
) -> int | None:
    """Queue a monitoring run when one is due (none waiting, the last one older than the
    interval); the job id, or None when none was queued."""
    now = now or dt.datetime.now(dt.UTC)
    if jobs.pending(engine, ["monitor"]):
        return None
    last = jobs.last_created(engine, "monitor")
    if last is not None and now - last < dt.timedelta(hours=settings.monitor.interval_hours):
        return None
    return jobs.enqueue(engine, "monitor", {}, run_after=now)


class Worker:
    """Runs queued jobs (``monitor``, ``rescan`` {repository, version}) one at a time."""

    def __init__(
        self,
        engine: Engine,
        name: str | None = None,
        settings: ServerSettings | None = None,
        store_url: str | None = None,
    ) -> None:
        """A worker on ``engine``; the store on the same database unless ``store_url``."""
        self.engine = engine
        self.name = name or f"{socket.gethostname()}:{id(self)}"
        self.settings = settings
        self.store_url = store_url or engine.url.render_as_string(hide_password=False)
        self.last: MonitorReport | None = None

    def run_once(self, today: dt.date | None = None) -> jobs.Job | None:
        """Claim one due job and run it; the job (None when nothing was due)."""
        job = jobs.claim(self.engine, self.name, KINDS)
        if job is None:
            return None
        try:
            report = self._run(job, today or dt.datetime.now(dt.UTC).date())
        except Exception as error:
            jobs.finish(self.engine, job.id, f"{type(error).__name__}: {error}", worker=self.name)
            return job
        self.last = report
        problems = [f"{v.repository} {v.version}: {v.error}" for v in report.failed]
        problems += list(report.errors) + ([report.feed_error] if report.feed_error else [])
        jobs.finish(self.engine, job.id, "\n".join(problems) or None, worker=self.name)
        return job

    def _run(self, job: jobs.Job, today: dt.date) -> MonitorReport:
        """Run one job: a whole monitoring run, or the rescan of one version."""
        settings = self.settings
        if settings is None:
            settings = server_settings.load(Path.cwd())
        payload = job.payload
        options = MonitorOptions(
            today=today,
            repository=payload.get("repository") if job.kind == "rescan" else None,
            version=payload.get("version") if job.kind == "rescan" else None,
            offline=job.kind == "rescan",
        )
        with AdvisoryStore.open(self.store_url) as store:
            return run(self.engine, store, settings, options)
