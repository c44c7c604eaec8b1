"""What the change forms offer to choose from, each with where it stands now.

* Findings to assess: those of the latest monitoring scan of every released version (the
  records ``medsec monitor`` commits to ``records/releases/<version>/scans/`` on the branch,
  indexed in ``release_scans``) and of the branch head's latest record in ``records/scans/``,
  each labelled with the versions it is in, judged with the head's ``vulnerabilities.yaml``
  (the living decisions); findings assessed there but in no latest scan are listed too.
* Pentest findings: every engagement's ``pentests/<id>/findings.yaml`` (``medsec pentest``'s
  service), with their workflow state.
* Document revisions: ``records/documents/<id>.json`` with each revision's signatures.

The same lists are what ``services.changes`` accepts, so a choice offered is a choice that
can be saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from medsec.domain.paths import RELEASES_DIR, release_scans_dir
from medsec.web.api_lookup import CURRENT, VersionTree
from medsec.web.api_models import (
    AssessableOut,
    DocumentChoiceOut,
    FindingChoiceOut,
    PentestChoiceOut,
    RevisionChoiceOut,
    ScanSourceOut,
)

SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3, "none": 4, "unknown": 5}


@dataclass(frozen=True)
class _Source:
    """One scan record the findings come from: the version it belongs to and the record."""

    version: str
    record: Any  # scan_records.ScanRecord


def _release_names(repo: Any) -> dict[str, str]:
    """Folder name under records/releases -> version (tag), oldest release first."""
    from medsec.project import git

    names: dict[str, str] = {}
    for release in git.releases(Path(repo.path), repo.release_pattern):
        folder = release_scans_dir(release.version).split("/")[-2]
        names[folder] = release.version
    return names


def _latest_in(folder: Path, root: Path) -> Any:
    """The newest record file (by its day's name) of a monitoring folder, read strictly."""
    from medsec.project import scan_records

    files = sorted(folder.glob("*.json"))
    if not files:
        return None
    return scan_records.read(files[-1], files[-1].relative_to(root).as_posix())


def _indexed(engine: Any, repo: Any) -> dict[str, tuple[str, str]]:
    """version -> (record path, record commit) of its latest committed monitoring scan."""
    from medsec.storage.server_schema import release_scans

    t = release_scans
    newest = (
        select(func.max(t.c.id))
        .where(t.c.repository_id == repo.id, t.c.record_commit.is_not(None))
        .group_by(t.c.version)
    )
    query = select(t.c.version, t.c.record_path, t.c.record_commit).where(t.c.id.in_(newest))
    with engine.connect() as conn:
        return {v: (p, c) for v, p, c in conn.execute(query) if p and c}


def _from_git(repo: Any, path: str, commit: str) -> Any:
    """A monitoring record as committed (when the branch head no longer holds it)."""
    from medsec.project import git, scan_records

    data = git.file_at(Path(repo.path), commit, path)
    return None if data is None else scan_records.parse(data, source=f"{commit[:12]}:{path}")


def release_sources(engine: Any, repo: Any, head: VersionTree) -> list[_Source]:
    """The latest monitoring record of every released version, oldest release first."""
    names = _release_names(repo)
    order = list(names.values())
    found: dict[str, Any] = {}
    base = head.tree / RELEASES_DIR
    folders = sorted(p for p in base.glob("*/scans") if p.is_dir()) if base.is_dir() else []
    for folder in folders:
        record = _latest_in(folder, head.tree)
        if record is not None:
            found[names.get(folder.parent.name, folder.parent.name)] = record
    for version, (path, commit) in _indexed(engine, repo).items():
        if version not in found:  # indexed, but its record is not on the branch head
            record = _from_git(repo, path, commit)
            if record is not None:
                found[version] = record

    def rank(version: str) -> tuple[int, str]:
        return (order.index(version), "") if version in order else (len(order), version)

    return [_Source(v, found[v]) for v in sorted(found, key=rank)]


def _judged(source: _Source, context: _Judge) -> tuple[Any, ...]:
    """The findings of one record, judged with the head's assessments and policy."""
    from medsec.engines.vulnmgmt import statuses

    seen = dict(context.first_seen)
    for entry in source.record.entries:  # a monitoring record says when each was first seen
        if entry.first_seen is not None:
            seen[entry.finding.id] = min(entry.first_seen, seen.get(entry.finding.id, dt.date.max))
    return statuses(
        source.record.findings, context.assessments, context.policy, seen, context.today
    )


@dataclass(frozen=True)
class _Judge:
    """What judges a finding: the head's assessments, policy and first sightings, the day."""

    assessments: Any
    policy: Any
    first_seen: dict[str, dt.date]
    today: dt.date


def _choice(status: Any, versions: list[str]) -> FindingChoiceOut:
    """One finding as the form offers it."""
    f = status.finding
    return FindingChoiceOut(
        id=f.id,
        advisory=f.advisory,
        component=" ".join(filter(None, (f.component.name, f.component.version))),
        severity=f.severity,
        kev=f.kev,
        state=status.state.value,
        assessed=status.assessment is not None,
        closed=status.closed,
        overdue=status.overdue_triage or status.overdue_remediation,
        versions=versions,
    )


def _rank(status: Any) -> int:
    """Severity order of a judged finding: critical first, unknown last."""
    return SEVERITY_RANK.get(status.finding.severity, len(SEVERITY_RANK))


def _merge(judged: list[tuple[str, tuple[Any, ...]]]) -> list[FindingChoiceOut]:
    """One choice per finding id: the versions it is in, its worst severity, KEV and overdue
    when any version's record says so."""
    versions: dict[str, list[str]] = {}
    best: dict[str, Any] = {}
    flags: dict[str, tuple[bool, bool]] = {}  # finding id -> (kev, overdue)
    for version, statuses in judged:
        for s in statuses:
            fid = s.finding.id
            seen_in = versions.setdefault(fid, [])
            if version not in seen_in:  # one record may list a finding per element
                seen_in.append(version)
            kev, overdue = flags.get(fid, (False, False))
            late = s.overdue_triage or s.overdue_remediation
            flags[fid] = (kev or s.finding.kev, overdue or late)
            if fid not in best or _rank(s) < _rank(best[fid]):
                best[fid] = s
    return [
        _choice(s, versions[fid]).model_copy(
            update={"kev": flags[fid][0], "overdue": flags[fid][1]}
        )
        for fid, s in best.items()
    ]


def _assessed_only(assessments: Any, shown: set[str]) -> list[FindingChoiceOut]:
    """Assessments of vulnerabilities.yaml whose finding is in no latest scan."""
    return [
        FindingChoiceOut(
            id=key,
            advisory=key.split("@", 1)[0],
            component="",
            severity="unknown",
            kev=False,
            state=a.state.value,
            assessed=True,
            closed=True,
            overdue=False,
            versions=[],
        )
        for key, a in sorted(assessments.items())
        if key not in shown
    ]


def _order(c: FindingChoiceOut) -> tuple[bool, bool, int, bool, str]:
    """Not yet assessed first; then KEV, severity, overdue; then by id."""
    return (c.assessed, not c.kev, SEVERITY_RANK.get(c.severity, 9), not c.overdue, c.id)


def assessable(engine: Any, repo: Any, head: VersionTree, today: dt.date) -> AssessableOut:
    """Every finding that may be assessed now, with the versions it is in and its state."""
    from medsec.project import scan_records
    from medsec.project.loader import load_project
    from medsec.project.vulnerabilities_file import load_assessments

    project = load_project(head.tree)
    sources = release_sources(engine, repo, head)
    latest = scan_records.latest(head.tree)
    if latest is not None:
        sources.append(_Source(CURRENT, latest))
    assessments = load_assessments(head.tree).assessments
    judge = _Judge(assessments, project.policy, scan_records.first_seen(head.tree), today)
    merged = _merge([(s.version, _judged(s, judge)) for s in sources])
    merged += _assessed_only(assessments, {c.id for c in merged})
    return AssessableOut(
        repository=repo.name,
        head=head.commit,
        sources=[
            ScanSourceOut(
                version=s.version,
                record=s.record.path,
                scanned=s.record.date.date(),
                findings=len({f.id for f in s.record.findings}),
            )
            for s in sources
        ],
        findings=sorted(merged, key=_order),
    )


def pentest_findings(head: VersionTree) -> list[PentestChoiceOut]:
    """Every finding of every engagement (pentests/*/findings.yaml) with its state."""
    from medsec.services.pentest_findings import ListOptions, list_findings

    _, rows = list_findings(ListOptions(head.tree))
    found = [
        PentestChoiceOut(
            engagement=r.engagement,
            id=r.finding.id,
            title=r.finding.finding.title,
            severity=str(r.finding.finding.severity),
            state=r.finding.state.value,
            approver=r.finding.approver,
            expires=r.finding.expires,
        )
        for r in rows
    ]
    return sorted(found, key=lambda c: (c.engagement, c.state != "open", c.id))


def _titles() -> dict[str, str]:
    """Document id -> title, from the documents ``medsec docs`` builds."""
    from medsec.outputs.documents.registry import DOCUMENTS

    return {key: spec.meta.title for key, spec in DOCUMENTS.items()}


def documents(head: VersionTree) -> list[DocumentChoiceOut]:
    """Every recorded document (records/documents/*.json) with its revisions and signatures."""
    from medsec.project.document_records import DOCUMENTS_DIR, load_revisions

    folder = head.tree / DOCUMENTS_DIR
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    titles = _titles() if files else {}
    out = []
    for path in files:
        revisions = load_revisions(head.tree, path.stem)
        rows = [
            RevisionChoiceOut(
                number=r.number,
                date=r.date,
                signatures=[f"{s.name}: {s.meaning} ({s.at})" for s in r.signatures],
            )
            for r in reversed(revisions)  # the newest revision first
        ]
        out.append(DocumentChoiceOut(id=path.stem, title=titles.get(path.stem), revisions=rows))
    return out
