"""Use case: the portfolio — every registered device × released version, summarised once.

A version's summary is what the dashboard shows for it: the checklist status per item (from
``services.check``, the same judgement ``medsec check`` makes), open critical and KEV-listed
findings and overdue deadlines (the ``vulnmgmt`` engine over the latest scan of the version),
components whose support ends within twelve months (the SBOM support engine), the pentest's
age, the date of the last CVE analysis and the attack-surface score (``services.surface``).
Nothing here judges anew; it only gathers.

A released version is judged in its release view (``services.release_view``): its files at the
tag with the branch head's vulnerabilities.yaml and the version's monitoring scan records laid
over them, so its ``cve-analysis`` item sees the yearly re-checks ``medsec monitor`` made.
Findings of a released version come from its latest monitoring scan (``release_scans``, the
record committed as evidence) or, before the first one, from the latest scan record in the
project at the tag; they are judged with the assessments of the branch head, the living
decisions (a finding triaged today is triaged for every version that has it).

Summaries are precomputed into ``release_summaries`` (``refresh``) and recomputed only when one
of their inputs changed: the version's commit, its latest scan, the branch head's
vulnerabilities.yaml, or the day (deadlines and ages move with it). ``portfolio`` and ``trend``
read the table only, so the dashboard stays fast for hundreds of versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from medsec.domain.component import SupportStatus
from medsec.domain.errors import MedsecError, UsageError
from medsec.domain.paths import VULNERABILITIES_FILE
from medsec.engines.sbom import support
from medsec.engines.vulnmgmt import VulnStatus, statuses
from medsec.project import git, scan_records
from medsec.project.vulnerabilities_file import load_assessments
from medsec.services.release_view import release_view
from medsec.services.repositories import Repository, get_repository, list_repositories
from medsec.storage.server_schema import release_scans, release_summaries, repositories
from medsec.storage.store import AdvisoryStore

CURRENT = "current"  # the version name of the branch head
EOS_WINDOW = dt.timedelta(days=365)
TREES = "trees"  # folder of materialised versions under the state folder


@dataclass(frozen=True, slots=True)
class EndOfSupport:
    """A component whose support ends within the window, and the day it ends."""

    component: str
    date: dt.date


@dataclass(frozen=True)
class ReleaseSummary:
    """The dashboard figures of one device version (a row of ``release_summaries``)."""

    repository: str
    device_id: str
    device_name: str
    version: str  # the tag, or "current" for the branch head
    commit: str
    released_at: dt.datetime | None  # the tag's commit date; None for "current"
    items: dict[str, str]  # checklist item id -> "pass" | "gap" | "fail"
    open_critical: int
    open_kev: int
    overdue: int  # open findings past their triage or remediation deadline
    end_of_support_12m: tuple[EndOfSupport, ...]
    pentest_age_days: int | None
    last_cve_analysis: dt.date | None
    surface_score: float | None
    findings: int  # open findings of the latest scan
    computed_at: dt.datetime
    problems: tuple[str, ...] = ()  # why figures are missing (a version that does not load)
    inputs: dict[str, str] = field(default_factory=dict)  # what it was computed from


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One version on a device's trend chart."""

    version: str
    released_at: dt.datetime | None
    findings: int
    critical: int
    surface_score: float | None


def _latest_scan(engine: Engine, repository_id: int, version: str) -> Mapping[str, Any] | None:
    """The newest ``release_scans`` row of a version; None when it was never scanned."""
    t = release_scans
    query = (
        select(t)
        .where(t.c.repository_id == repository_id, t.c.version == version)
        .order_by(t.c.scanned_at.desc(), t.c.id.desc())
        .limit(1)
    )
    with engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def _result_ids(text: str) -> set[str]:
    """The finding ids in a ``release_scans.result`` JSON: a list of ids or of {"id": ..}, a
    mapping keyed by id, or either under "findings"."""
    try:
        data = json.loads(text)
    except ValueError:
        return set()
    if isinstance(data, dict) and "findings" in data:
        data = data["findings"]
    if isinstance(data, dict):
        return {str(k) for k in data}
    if isinstance(data, list):
        return {str(e.get("id")) if isinstance(e, dict) else str(e) for e in data}
    return set()


def _scan_first_seen(engine: Engine, repository_id: int, version: str) -> dict[str, dt.date]:
    """The day each finding id first appeared in a monitoring scan of the version."""
    t = release_scans
    query = (
        select(t.c.scanned_at, t.c.result)
        .where(t.c.repository_id == repository_id, t.c.version == version)
        .order_by(t.c.scanned_at, t.c.id)
    )
    seen: dict[str, dt.date] = {}
    with engine.connect() as conn:
        for when, result in conn.execute(query):
            for fid in _result_ids(result):
                seen.setdefault(fid, when.date())
    return seen


def _release_record(repo: Repository, scan: Mapping[str, Any]) -> scan_records.ScanRecord | None:
    """The scan record a monitoring scan committed, read back from git as it was committed."""
    if not scan["record_path"] or not scan["record_commit"]:
        return None
    data = git.file_at(repo.root, scan["record_commit"], scan["record_path"])
    if data is None:
        return None
    return scan_records.parse(data, source=f"{repo.name}: {scan['record_path']}")


@dataclass(frozen=True)
class _Findings:
    """The judged findings of a version and when they were last analysed."""

    statuses: tuple[VulnStatus, ...]
    analysed: dt.date | None


def _findings(
    store: AdvisoryStore, repo: Repository, version: str, ctx: Any, decisions: Path, today: dt.date
) -> _Findings:
    """The version's findings (latest monitoring scan, else the tree's latest record), judged
    with the assessments in ``decisions`` by the vulnmgmt engine."""
    scan = _latest_scan(store.engine, repo.id, version)
    record = _release_record(repo, scan) if scan is not None else None
    tree_record = scan_records.latest(Path(ctx.project.root))
    first_seen = scan_records.first_seen(Path(ctx.project.root))
    if record is None:
        record = tree_record
    else:
        for fid, day in _scan_first_seen(store.engine, repo.id, version).items():
            first_seen[fid] = min(day, first_seen.get(fid, day))
    if record is None:
        return _Findings((), None)
    assessments = load_assessments(decisions).assessments
    judged = statuses(record.findings, assessments, ctx.project.policy, first_seen, today)
    dates = [record.date.date()] + ([tree_record.date.date()] if tree_record else [])
    return _Findings(judged, max(dates))


def _end_of_support(project: Any, today: dt.date) -> tuple[EndOfSupport, ...]:
    """Components of the version's SBOMs whose support ends within twelve months."""
    from medsec.services.sbom_inputs import element_inputs

    ending: set[EndOfSupport] = set()
    for item in element_inputs(project):
        if item.result is None:
            continue
        for c in item.result.document.components:
            end = c.end_of_support
            state = support.status(c, today, EOS_WINDOW)
            if end is not None and state is SupportStatus.ENDING:
                label = f"{c.name} {c.version}" if c.version else c.name
                ending.add(EndOfSupport(label, end))
    return tuple(sorted(ending, key=lambda e: (e.date, e.component)))


def _surface_score(project: Any, tree: Path) -> float | None:
    """The attack-surface score of the version (``services.surface``)."""
    from medsec.services.pentest_findings import base_of
    from medsec.services.surface import current_surface

    return round(current_surface(project, base_of(tree)).score, 2)


def summarise(
    repo_row: Repository,
    version: str,
    commit: str,
    tree: Path,
    store: AdvisoryStore,
    today: dt.date,
    *,
    released_at: dt.datetime | None = None,
    decisions: Path | None = None,
) -> ReleaseSummary:
    """The summary of one version whose project folder is ``tree`` (materialised at ``commit``).

    ``decisions``: the project folder whose vulnerabilities.yaml judges the findings (the
    branch head's; default ``tree``). A version that cannot be evaluated raises its error.
    """
    from medsec.services import check

    result = check.run(check.CheckOptions(tree, today))
    project = result.context.project
    found = _findings(store, repo_row, version, result.context, decisions or tree, today)
    open_ = [s for s in found.statuses if not s.closed]
    pentests = [p.date for p in project.pentests]
    return ReleaseSummary(
        repository=repo_row.name,
        device_id=project.device.id,
        device_name=project.device.name,
        version=version,
        commit=commit,
        released_at=released_at,
        items={i.id.value: i.status.value for i in result.checklist.items},
        open_critical=sum(1 for s in open_ if s.finding.severity == "critical"),
        open_kev=sum(1 for s in open_ if s.finding.kev),
        overdue=sum(1 for s in open_ if s.overdue_triage or s.overdue_remediation),
        end_of_support_12m=_end_of_support(project, today),
        pentest_age_days=(today - max(pentests)).days if pentests else None,
        last_cve_analysis=found.analysed,
        surface_score=_surface_score(project, tree),
        findings=len(open_),
        computed_at=dt.datetime.now(dt.UTC),
    )


# --- the table ---------------------------------------------------------------------------


def _to_json(summary: ReleaseSummary) -> str:
    """The summary as the JSON kept in ``release_summaries.summary``."""
    return json.dumps(asdict(summary), default=str, sort_keys=True, separators=(",", ":"))


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime with its zone (SQLite hands back naive UTC)."""
    return value.replace(tzinfo=dt.UTC) if value and value.tzinfo is None else value


def _from_json(text: str) -> ReleaseSummary:
    """A summary from its stored JSON."""
    d = json.loads(text)

    def when(key: str) -> dt.datetime | None:
        """The stored time ``key``, with its zone."""
        return _aware(dt.datetime.fromisoformat(d[key])) if d.get(key) else None

    def day(key: str) -> dt.date | None:
        """The stored day ``key``."""
        return dt.date.fromisoformat(d[key]) if d.get(key) else None

    return ReleaseSummary(
        **{k: d[k] for k in ("repository", "device_id", "device_name", "version", "commit")},
        released_at=when("released_at"),
        items=dict(d["items"]),
        open_critical=d["open_critical"],
        open_kev=d["open_kev"],
        overdue=d["overdue"],
        end_of_support_12m=tuple(
            EndOfSupport(e["component"], dt.date.fromisoformat(e["date"]))
            for e in d["end_of_support_12m"]
        ),
        pentest_age_days=d["pentest_age_days"],
        last_cve_analysis=day("last_cve_analysis"),
        surface_score=d["surface_score"],
        findings=d["findings"],
        computed_at=when("computed_at") or dt.datetime.now(dt.UTC),
        problems=tuple(d.get("problems", ())),
        inputs=dict(d.get("inputs", {})),
    )


# engine url -> (stamp of release_summaries, its summaries decoded): each process decodes the
# table once per change, not once per dashboard request (1,200 summaries take ~20 ms to decode)
_DECODED: dict[str, tuple[tuple[Any, ...], tuple[ReleaseSummary, ...]]] = {}


def stamp(engine: Engine) -> tuple[Any, ...]:
    """What changes whenever a summary is saved or dropped: count, max and sum of the row ids
    (a save deletes and inserts, so its row id grows), one cheap query."""
    t = release_summaries
    query = select(func.count(), func.max(t.c.id), func.sum(t.c.id)).select_from(t)
    with engine.connect() as conn:
        row = conn.execute(query).one()
    return tuple(int(v or 0) for v in row)


def portfolio(engine: Engine) -> list[ReleaseSummary]:
    """Every stored summary, by repository, then release date ("current" last). Table only;
    decoded once per change of the table (:func:`stamp`) in each process."""
    return stamped(engine)[1]


def stamped(engine: Engine) -> tuple[tuple[Any, ...], list[ReleaseSummary]]:
    """:func:`portfolio` with the :func:`stamp` it was read at (one query when unchanged)."""
    key, now = str(engine.url), stamp(engine)
    cached = _DECODED.get(key)
    if cached is not None and cached[0] == now:
        return now, list(cached[1])
    t, r = release_summaries, repositories
    query = select(t.c.summary).join(r, r.c.id == t.c.repository_id).order_by(r.c.name)
    with engine.connect() as conn:
        rows = sorted((_from_json(text) for (text,) in conn.execute(query)), key=_order)
    _DECODED[key] = (now, tuple(rows))
    return now, rows


def _order(s: ReleaseSummary) -> tuple[str, int, dt.datetime, str]:
    """Sort key: repository, released versions by date, "current" last."""
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (s.repository, s.released_at is None, s.released_at or never, s.version)


def trend(engine: Engine, repository: str) -> list[TrendPoint]:
    """Findings, critical findings and surface score over a device's versions, oldest first."""
    return [
        TrendPoint(s.version, s.released_at, s.findings, s.open_critical, s.surface_score)
        for s in portfolio(engine)
        if s.repository == repository and not s.problems
    ]


# --- refreshing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Version:
    """A version to summarise: name, commit, release date."""

    name: str
    commit: str
    released_at: dt.datetime | None


def _versions(repo: Repository) -> list[_Version]:
    """The released versions of the repository and its branch head ("current")."""
    found = [
        _Version(r.version, r.commit, r.date) for r in git.releases(repo.root, repo.release_pattern)
    ]
    return [*found, _Version(CURRENT, git.head(repo.root, repo.branch), None)]


def _stored(engine: Engine, repository_id: int) -> dict[str, dict[str, str]]:
    """version -> the inputs its stored summary was computed from."""
    query = select(release_summaries.c.version, release_summaries.c.summary).where(
        release_summaries.c.repository_id == repository_id
    )
    with engine.connect() as conn:
        return {v: dict(json.loads(s).get("inputs", {})) for v, s in conn.execute(query)}


def _scan_ids(engine: Engine, repository_id: int) -> dict[str, str]:
    """version -> id of its latest monitoring scan."""
    t = release_scans
    query = (
        select(t.c.version, func.max(t.c.id))
        .where(t.c.repository_id == repository_id)
        .group_by(t.c.version)
    )
    with engine.connect() as conn:
        return {v: str(i) for v, i in conn.execute(query)}


def _decisions_digest(repo: Repository, head: str) -> str:
    """Digest of vulnerabilities.yaml at the branch head (absent: empty)."""
    rel = (
        VULNERABILITIES_FILE
        if repo.project_dir == "."
        else f"{repo.project_dir}/{VULNERABILITIES_FILE}"
    )
    return hashlib.sha256(git.file_at(repo.root, head, rel) or b"").hexdigest()


def _failed(repo: Repository, v: _Version, error: MedsecError) -> ReleaseSummary:
    """The summary of a version that could not be evaluated: no figures, the reason."""
    return ReleaseSummary(
        repository=repo.name, device_id="", device_name=repo.name, version=v.name,
        commit=v.commit, released_at=v.released_at, items={}, open_critical=0, open_kev=0,
        overdue=0, end_of_support_12m=(), pentest_age_days=None, last_cve_analysis=None,
        surface_score=None, findings=0, computed_at=dt.datetime.now(dt.UTC),
        problems=(f"{v.name} ({v.commit[:12]}): {error.diagnostics()}",),
    )  # fmt: skip


def _save(engine: Engine, repo: Repository, summary: ReleaseSummary) -> None:
    """Replace the stored summary of the version."""
    t = release_summaries
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.repository_id == repo.id, t.c.version == summary.version))
        conn.execute(
            insert(t).values(
                repository_id=repo.id,
                version=summary.version,
                commit=summary.commit,
                released_at=summary.released_at,
                computed_at=summary.computed_at,
                summary=_to_json(summary),
            )
        )


def _refresh_one(
    engine: Engine, store: AdvisoryStore, cache: Path, repo: Repository, today: dt.date
) -> list[ReleaseSummary]:
    """Recompute the summaries of one repository whose inputs changed; drop vanished tags."""
    versions = _versions(repo)
    head_commit = versions[-1].commit
    stored, scans = _stored(engine, repo.id), _scan_ids(engine, repo.id)
    decisions_key = _decisions_digest(repo, head_commit)
    head_tree = git.materialise(repo.root, head_commit, repo.project_dir, cache)
    done = []
    for v in versions:
        inputs = {
            "commit": v.commit,
            "scan": scans.get(v.name, ""),
            "decisions": decisions_key,
            "day": today.isoformat(),
        }
        if stored.get(v.name) == inputs:
            continue
        try:
            tree = git.materialise(repo.root, v.commit, repo.project_dir, cache)
            if v.name != CURRENT:  # judged with the head's decisions and monitoring scans
                tree = release_view(tree, head_tree, v.name, cache)
            summary = summarise(
                repo, v.name, v.commit, tree, store, today,
                released_at=v.released_at, decisions=head_tree,
            )  # fmt: skip
        except git.GitError:
            raise  # the repository itself is unusable: the caller reports it
        except MedsecError as error:  # this version does not load: shown, never skipped
            summary = _failed(repo, v, error)
        summary = _with_inputs(summary, inputs)
        _save(engine, repo, summary)
        done.append(summary)
    _drop_vanished(engine, repo, {v.name for v in versions})
    return done


def _with_inputs(summary: ReleaseSummary, inputs: dict[str, str]) -> ReleaseSummary:
    """The summary carrying the inputs it was computed from."""
    return replace(summary, inputs=inputs)


def _drop_vanished(engine: Engine, repo: Repository, names: Iterable[str]) -> None:
    """Delete summaries of versions whose tag is gone."""
    t = release_summaries
    with engine.begin() as conn:
        conn.execute(delete(t).where(t.c.repository_id == repo.id, t.c.version.not_in(list(names))))


def refresh(
    engine: Engine,
    store: AdvisoryStore,
    state_dir: Path,
    today: dt.date,
    repository: str | None = None,
) -> list[ReleaseSummary]:
    """Recompute the summaries whose inputs changed (of one repository when named); the
    summaries recomputed. Versions are materialised under ``state_dir/trees``."""
    if repository is not None:
        found = get_repository(engine, repository)
        if found is None:
            raise UsageError(f"no repository '{repository}' is registered: see medsec repo list")
        repos = [found]
    else:
        repos = list_repositories(engine)
    cache = Path(state_dir) / TREES
    done: list[ReleaseSummary] = []
    for repo in repos:
        done.extend(_refresh_one(engine, store, cache, repo, today))
    return done
