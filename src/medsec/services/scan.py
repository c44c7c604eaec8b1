"""Use case: match the device's SBOMs against the vulnerability database; keep the evidence.

A project scan writes ``records/scans/<date>.json`` — the dated evidence of the yearly CVE
analysis: which data snapshots were used and how old they were, which elements were covered,
every finding with its provenance, its assessment state and its deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from medsec.domain.advisory import Advisory
from medsec.domain.component import Component
from medsec.domain.coverage import EcosystemCoverage
from medsec.domain.data_age import age_text, basis, data_age
from medsec.domain.ecosystem import base_ecosystem
from medsec.domain.errors import Diagnostic, SourceUnavailableError, UsageError
from medsec.domain.model import Policy, Project
from medsec.domain.vulnerability import Finding, VulnAssessment
from medsec.engines.data_coverage import ecosystem_coverage
from medsec.engines.matching.matcher import (
    LookupKeys,
    MatchNotes,
    forget_compiled,
    lookup_keys,
    match_component,
    merge_findings,
    undetermined_results,
)
from medsec.engines.vulnmgmt import VulnStatus, assessment_for, statuses
from medsec.project import scan_records
from medsec.project.vulnerabilities_file import (
    Assessments,
    Stub,
    add_stubs,
    load_assessments,
    save_assessments,
)
from medsec.services.sbom_inputs import element_inputs, load, read_file
from medsec.storage.allocation import gc_paused
from medsec.storage.store import AdvisoryStore

SEVERITIES = ("none", "low", "medium", "high", "critical")


@dataclass(frozen=True)
class ScanOptions:
    """What to scan (a project or one SBOM file), as of when, against which database."""

    project: Path | None
    sbom: Path | None
    today: dt.date
    db: str | None = None
    write_record: bool = True
    write_stubs: bool = True  # add an in_triage stub to vulnerabilities.yaml per new finding
    # first-seen days known from elsewhere (the monitor's scans of a released version): the
    # earlier of this and the project's own records counts, so deadlines do not restart
    seen: Mapping[str, dt.date] = field(default_factory=dict)
    # the folder whose vulnerabilities.yaml holds the decisions (the branch head, for a released
    # version scanned by the monitor); None: the project's own
    decisions: Path | None = None


@dataclass(frozen=True)
class SnapshotUse:
    """One database snapshot the scan read, with its age: evidence of how fresh the data was.

    The age counts from ``data_date``, which ``dated_by`` names (domain/data_age.py: the rule
    ``medsec db status`` uses too); both are None when the data states no plausible date.
    """

    id: str
    source: str
    imported_at: str
    age_days: int | None
    records: int
    data_date: str | None = None
    dated_by: str = ""

    @property
    def age(self) -> str:
        """``785 days old (newest record modified 2024-10-10)`` or ``age unknown (…)``."""
        return age_text(self.age_days, basis(self.data_date, self.dated_by))


@dataclass(frozen=True)
class ScanResult:
    """The findings of one scan, their statuses, and what was scanned with which data."""

    date: dt.date
    device: str | None
    elements: tuple[str, ...]
    components: int
    snapshots: tuple[SnapshotUse, ...]
    findings: tuple[Finding, ...]
    statuses: tuple[VulnStatus, ...]
    warnings: tuple[Diagnostic, ...]
    record: Path | None = None
    notes: tuple[str, ...] = field(default=())
    stubs: tuple[str, ...] = ()  # finding ids given an assessment stub in vulnerabilities.yaml
    stubs_file: Path | None = None  # the vulnerabilities.yaml written (None: not written)
    coverage: tuple[EcosystemCoverage, ...] = ()  # per ecosystem: data held, what none reached


def _components(options: ScanOptions) -> tuple[Project | None, list[Component], list[Diagnostic]]:
    """The components to scan; an SBOM shared by several elements is scanned once."""
    if options.project is not None and options.sbom is not None:
        raise UsageError("give a PROJECT or --sbom FILE, not both")
    if options.sbom is not None:
        result = read_file(options.sbom)
        return None, list(result.document.components), list(result.warnings)
    project = load(options.project or Path())
    comps: list[Component] = []
    warnings: list[Diagnostic] = []
    owners: dict[str, list[str]] = {}
    first: dict[str, tuple[Component, ...]] = {}
    for item in element_inputs(project, strict=True):
        if item.result is None:
            continue
        owners.setdefault(item.path, []).append(item.element.id)
        if item.path not in first:  # one SBOM listed by several elements is scanned once
            first[item.path] = item.result.document.components
            warnings.extend(item.result.warnings)
    for path, components in first.items():
        shared = ", ".join(owners[path])
        for c in components:
            comps.append(
                c
                if len(owners[path]) == 1
                else replace(c, origin=replace(c.origin, element=shared))
            )
    return project, comps, warnings


def _snapshots(store: AdvisoryStore, today: dt.date) -> tuple[SnapshotUse, ...]:
    """The snapshots in the database, with their data age on ``today``, by source."""
    used = []
    for s in store.snapshots():
        age = data_age(s)
        when = age.data_date.isoformat() if age.data_date else None
        used.append(
            SnapshotUse(
                s.id,
                s.source.value,
                s.imported_at.isoformat(),
                age.days(today),
                s.records,
                when,
                age.dated_by,
            )
        )
    return tuple(sorted(used, key=lambda u: u.source))


def _age_notes(snaps: Sequence[SnapshotUse], limit: int) -> tuple[str, ...]:
    """A note per snapshot older than the policy allows, or whose age is unknown."""
    notes = []
    for s in snaps:
        if s.age_days is None:
            notes.append(
                f"{s.source} data ({s.id}): {s.age}, so the {limit}-day limit cannot be checked"
            )
        elif s.age_days > limit:
            notes.append(f"{s.source} data is {s.age} (limit {limit} days): run 'medsec db update'")
    return tuple(notes)


def match_all(
    store: AdvisoryStore, components: Sequence[Component], notes: list[Diagnostic]
) -> list[Finding]:
    """Batch queries (one per key kind), then pure matching per component.

    The garbage collector is paused: matching makes many short-lived acyclic objects, and the
    collections they trigger cost about a third of a cold scan (storage/allocation.py).
    """
    with gc_paused():
        return _match_all(store, components, notes)


def _match_all(
    store: AdvisoryStore, components: Sequence[Component], notes: list[Diagnostic]
) -> list[Finding]:
    """:func:`match_all`'s work: OSV candidates as match data, CPE candidates whole."""
    keys = {id(c): lookup_keys(c) for c in components}
    osv = store.match_candidates({k for lk in keys.values() for k in lk.osv})
    cpe = store.by_cpe({k for lk in keys.values() for k in lk.cpe})
    results = []
    for c in components:
        found = _candidates(keys[id(c)], osv, cpe)
        if found:  # the exact snapshot each advisory was read from, in its provenance
            results += match_component(c, found, snapshot=store.snapshot_of, notes=notes)
    results += undetermined_results(notes)  # could not evaluate: a finding, not only a note
    forget_compiled()  # this scan's match views: nothing later meets them again
    return merge_findings(results, lookup=lambda cves: _exploits(store, cves))


def _exploits(store: AdvisoryStore, cves: list[str]) -> tuple[set[str], dict[str, float]]:
    """The KEV-listed ones of ``cves`` and their EPSS scores: what the findings carry."""
    return store.kev_listed(cves), store.epss_scores(cves)


def _candidates(
    keys: LookupKeys,
    osv: Mapping[tuple[str, str], list[Advisory]],
    cpe: Mapping[tuple[str, str], list[Advisory]],
) -> list[Advisory]:
    """A component's candidates, each advisory once (by id and source), in the order found."""
    if len(keys.osv) == 1 and not keys.cpe:  # the usual purl: one key, its advisories unique
        return osv.get(keys.osv[0], [])
    found = {a.id + "/" + a.source: a for k in keys.osv for a in osv.get(k, [])}
    found.update({a.id + "/" + a.source: a for k in keys.cpe for a in cpe.get(k, [])})
    return list(found.values())


def _coverage(
    store: AdvisoryStore, components: Sequence[Component], project: Project | None
) -> tuple[EcosystemCoverage, ...]:
    """Per ecosystem of the components: the advisories the database holds, what no data reaches."""
    bases = {base_ecosystem(k[0]) for c in components for k in lookup_keys(c).osv}
    osv, nvd = store.held(bases)
    maker = project.device.manufacturer if project else None
    return ecosystem_coverage(components, osv, nvd, maker)


def run(options: ScanOptions) -> ScanResult:
    """Match the components, give each finding its status; a project scan also writes its record.

    The garbage collector is paused for the whole scan, not only the matching: the findings,
    statuses and record are thousands of acyclic objects too, and with the matching's results
    alive each collection walks them all (a 10,000-component scan spent about a second in
    collections before; storage/allocation.py).
    """
    with gc_paused():
        return _run(options)


def run_with(store: AdvisoryStore, options: ScanOptions) -> ScanResult:
    """:func:`run` against a store already open (``options.db`` unused): the monitor scans
    many released versions with one connection."""
    with gc_paused():
        project, components, warnings = _components(options)
        matched = _matched(store, components, project, options.today)
        return _result(options, project, components, warnings, matched)


def _run(options: ScanOptions) -> ScanResult:
    """:func:`run`'s work."""
    project, components, warnings = _components(options)
    with AdvisoryStore.open(options.db) as store:
        matched = _matched(store, components, project, options.today)
    return _result(options, project, components, warnings, matched)


_Matched = tuple[
    tuple[SnapshotUse, ...], list[Finding], list[Diagnostic], tuple[EcosystemCoverage, ...]
]


def _matched(
    store: AdvisoryStore, components: list[Component], project: Project | None, today: dt.date
) -> _Matched:
    """The database's part of a scan: snapshots used, findings, match notes, coverage."""
    snaps = _snapshots(store, today)
    if not snaps:
        raise SourceUnavailableError(
            f"the vulnerability database at {store.url} holds no data: run 'medsec db update' "
            "(online) or 'medsec db import PATH' (air-gapped) first"
        )
    notes: list[Diagnostic] = MatchNotes()  # de-duplicated, bounded per kind
    findings = match_all(store, components, notes)
    return snaps, findings, notes, _coverage(store, components, project)


def _result(
    options: ScanOptions,
    project: Project | None,
    components: list[Component],
    warnings: list[Diagnostic],
    matched: _Matched,
) -> ScanResult:
    """The statuses of the findings on ``options.today``; a project scan keeps its files."""
    snaps, findings, notes, coverage = matched
    policy = project.policy if project else Policy()
    root = Path(project.root) if project else None
    decided = options.decisions or root
    loaded = load_assessments(decided, today=options.today) if decided is not None else None
    assessments: dict[str, VulnAssessment] = dict(loaded.assessments) if loaded else {}
    first_seen = scan_records.first_seen(root) if root is not None else {}
    for fid, day in options.seen.items():
        first_seen[fid] = min(day, first_seen.get(fid, day))
    current = statuses(findings, assessments, policy, first_seen, options.today)
    result_notes = _age_notes(snaps, policy.data_max_age_days)
    elements = tuple(
        sorted({e for c in components if c.origin.element for e in c.origin.element.split(", ")})
    )
    result = ScanResult(
        date=options.today,
        device=project.device.id if project else None,
        elements=elements,
        components=len(components),
        snapshots=snaps,
        findings=tuple(findings),
        statuses=current,
        warnings=tuple(warnings) + tuple(notes),
        notes=result_notes,
        coverage=coverage,
    )
    if root is not None and loaded is not None:
        result = _keep(root, result, options, loaded)
    return result


def _keep(root: Path, result: ScanResult, options: ScanOptions, loaded: Assessments) -> ScanResult:
    """Write what a project scan keeps, each file atomically: its record, then the stubs.

    The stubs' text is made before anything is written, so a problem with it leaves no record.
    """
    stubs = stubs_for(result.statuses, loaded) if options.write_stubs else []
    text = add_stubs(loaded.document, stubs, when=options.today) if options.write_stubs else None
    if options.write_record:
        result = replace(result, record=scan_records.write(root, scan_records.of_scan(result)))
    if text is not None:
        written = save_assessments(root, text)
        result = replace(result, stubs=tuple(s.finding for s in stubs), stubs_file=written)
    return result


def stubs_for(current: Sequence[VulnStatus], loaded: Assessments) -> list[Stub]:
    """One stub per finding id that has no entry in vulnerabilities.yaml, with a line about it."""
    by_id: dict[str, list[VulnStatus]] = {}
    for s in current:
        if assessment_for(s.finding, loaded.assessments) is None:
            by_id.setdefault(s.finding.id, []).append(s)
    return [Stub(fid, _about(found)) for fid, found in sorted(by_id.items())]


def _about(found: Sequence[VulnStatus]) -> str:
    """``high, openssl 3.0.13 and 3.2.1, fixed in 3.0.14, on CISA's KEV list``."""
    f = max((s.finding for s in found), key=lambda x: _rank(x.severity))
    versions = sorted({s.finding.component.version for s in found if s.finding.component.version})
    fixed = sorted({v for s in found for v in s.finding.fixed_versions})
    parts = [f.severity, f"{f.component.name} {' and '.join(versions)}".strip()]
    parts += [f"fixed in {', '.join(fixed)}"] if fixed else []
    parts += ["on CISA's KEV list"] if any(s.finding.kev for s in found) else []
    return ", ".join(parts)


def _rank(severity: str) -> int:
    """Order of a severity (unknown ones count as critical, as for deadlines)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def failing(result: ScanResult, threshold: str) -> list[VulnStatus]:
    """Open findings at or above ``threshold`` (for ``--fail-on``)."""
    if threshold not in SEVERITIES:
        raise UsageError(f"--fail-on: '{threshold}' is not one of {', '.join(SEVERITIES)}")
    floor = SEVERITIES.index(threshold)
    return [
        s
        for s in result.statuses
        if not s.closed
        and SEVERITIES.index(s.finding.severity if s.finding.severity in SEVERITIES else "critical")
        >= floor
    ]
