"""The portfolio: per-version summaries from the existing services, refreshed only on change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from tests.services.server_repo import example_repo, git
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.cli.main import main
from medsec.domain.errors import UsageError
from medsec.domain.vulnerability import ComponentRef, Finding
from medsec.project import git as gitops
from medsec.project import scan_records
from medsec.project.loader import load_project
from medsec.services import portfolio
from medsec.services.repositories import Repository, add_repository
from medsec.storage import server_schema as s
from medsec.storage.store import AdvisoryStore

TODAY = dt.date(2026, 12, 5)
AUTHOR = "Monitor <monitor@localhost>"
KEV_CRITICAL = "CVE-2099-0001@pkg:generic/openssl"
HIGH = "CVE-2099-0002@pkg:generic/zlib"
ASSESSED = (
    "CVE-2023-42364@pkg:generic/busybox"  # not_affected in the example's vulnerabilities.yaml
)


@pytest.fixture
def store(db_url: str) -> Iterator[AdvisoryStore]:  # noqa: F811 - the imported fixture
    opened = AdvisoryStore.open(db_url)
    yield opened
    opened.close()


@pytest.fixture
def repo(store: AdvisoryStore, tmp_path: Path) -> Repository:
    path = example_repo(tmp_path / "pump", tags=["v1.0", "v1.1"])
    return add_repository(store.engine, path)


def finding(fid: str, severity: str, kev: bool = False) -> Finding:
    name = fid.split("/")[-1]
    return Finding(
        id=fid,
        advisory=fid.split("@")[0],
        component=ComponentRef(name=name, version="1.0", purl=f"{fid.split('@')[1]}@1.0"),
        aliases=(),
        summary="test advisory",
        fixed_versions=(),
        severity=severity,
        cvss_vector=None,
        cvss_score=None,
        kev=kev,
        epss=None,
        details=(),
    )


def monitor_scan(
    store: AdvisoryStore, repo: Repository, version: str, day: dt.date, findings: list[Finding]
) -> None:
    """What the monitor does: commit the scan record to the branch, index it in release_scans."""
    when = dt.datetime.combine(day, dt.time(), dt.UTC)
    record = scan_records.ScanRecord(
        date=when, entries=tuple(scan_records.RecordedFinding(f) for f in findings)
    )
    path = f"records/releases/{version}/scans/{day.isoformat()}.json"
    data = scan_records.dumps(record).encode()
    commit = gitops.commit_paths(repo.root, "main", {path: data}, f"Scan {version}", AUTHOR, None)
    result = [{"id": f.id, "severity": f.severity, "kev": f.kev} for f in findings]
    with store.engine.begin() as conn:
        conn.execute(
            insert(s.release_scans).values(
                repository_id=repo.id,
                version=version,
                commit="0" * 40,
                scanned_at=when,
                snapshots="[]",
                findings=len(findings),
                critical=0,
                kev=0,
                record_path=path,
                record_commit=commit,
                result=json.dumps(result),
            )
        )


def by_version(summaries: list[portfolio.ReleaseSummary]) -> dict[str, portfolio.ReleaseSummary]:
    return {x.version: x for x in summaries}


def test_summary_gathers_what_the_existing_services_judge(
    store: AdvisoryStore, repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = portfolio.refresh(store.engine, store, tmp_path / "state", TODAY)

    assert sorted(x.version for x in done) == ["current", "v1.0", "v1.1"]
    v10 = by_version(done)["v1.0"]
    assert v10.commit == git(repo.root, "rev-parse", "v1.0")
    assert v10.released_at == dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    assert (v10.device_id, v10.device_name) == ("acme-infusion", "ACME Infusion System")
    # the checklist is medsec check's, item by item
    tree = tmp_path / "state" / "trees" / v10.commit
    assert main(["check", str(tree), "--format", "json", "--today", TODAY.isoformat()]) == 1
    checked = json.loads(capsys.readouterr().out)
    assert v10.items == {i["id"]: i["status"] for i in checked["items"]}
    assert len(v10.items) == 9
    project = load_project(tree)
    assert v10.pentest_age_days == (TODAY - max(p.date for p in project.pentests)).days
    assert [(e.component, e.date) for e in v10.end_of_support_12m] == [
        ("linux-imx 6.6.23", dt.date(2026, 12, 31)),
        ("freertos-kernel 10.5.1", dt.date(2027, 6, 30)),
    ]
    assert v10.surface_score is not None and v10.surface_score > 0
    # the example has no scan yet: nothing found, no analysis date
    assert (v10.findings, v10.open_critical, v10.open_kev, v10.last_cve_analysis) == (0, 0, 0, None)
    assert v10.problems == ()


def test_findings_of_a_release_come_from_its_monitoring_scans(
    store: AdvisoryStore, repo: Repository, tmp_path: Path
) -> None:
    monitor_scan(
        store, repo, "v1.0", dt.date(2026, 9, 1), [finding(KEV_CRITICAL, "critical", True)]
    )
    latest = [
        finding(KEV_CRITICAL, "critical", True),
        finding(HIGH, "high"),
        finding(ASSESSED, "critical"),
    ]
    monitor_scan(store, repo, "v1.0", dt.date(2026, 12, 1), latest)

    v10 = by_version(portfolio.refresh(store.engine, store, tmp_path / "state", TODAY))["v1.0"]

    assert v10.findings == 2  # the not_affected one is closed
    assert (v10.open_critical, v10.open_kev) == (1, 1)
    assert v10.overdue == 1  # the KEV one was first seen in September (triage: 7 days)
    assert v10.last_cve_analysis == dt.date(2026, 12, 1)
    v11 = by_version(portfolio.portfolio(store.engine))["v1.1"]
    assert (v11.findings, v11.last_cve_analysis) == (0, None)  # another version's scans only


def test_a_decision_on_the_branch_counts_for_released_versions(
    store: AdvisoryStore, repo: Repository, tmp_path: Path
) -> None:
    monitor_scan(store, repo, "v1.0", TODAY, [finding(HIGH, "high")])
    state = tmp_path / "state"
    assert by_version(portfolio.refresh(store.engine, store, state, TODAY))["v1.0"].findings == 1
    vulns = repo.root / "vulnerabilities.yaml"
    vulns.write_text(
        vulns.read_text()
        + f"\n  {HIGH}:\n    state: false_positive\n    author: A\n    date: 2026-12-04\n"
    )
    git(repo.root, "commit", "-qam", "triage")

    again = by_version(portfolio.refresh(store.engine, store, state, TODAY))

    assert again["v1.0"].findings == 0
    assert "v1.1" in again  # every version is judged again with the new decisions


def test_refresh_recomputes_only_what_changed(
    store: AdvisoryStore, repo: Repository, tmp_path: Path
) -> None:
    state = tmp_path / "state"
    assert len(portfolio.refresh(store.engine, store, state, TODAY)) == 3
    assert portfolio.refresh(store.engine, store, state, TODAY) == []

    monitor_scan(store, repo, "v1.1", TODAY, [finding(HIGH, "high")])  # commits to main too
    redone = sorted(x.version for x in portfolio.refresh(store.engine, store, state, TODAY))
    assert redone == ["current", "v1.1"]

    tomorrow = TODAY + dt.timedelta(days=1)
    assert len(portfolio.refresh(store.engine, store, state, tomorrow, repository="pump")) == 3

    git(repo.root, "tag", "-d", "v1.0")
    portfolio.refresh(store.engine, store, state, tomorrow)
    assert [x.version for x in portfolio.portfolio(store.engine)] == ["v1.1", "current"]
    with pytest.raises(UsageError, match="no repository 'ghost'"):
        portfolio.refresh(store.engine, store, state, TODAY, repository="ghost")


def test_a_version_that_does_not_load_is_shown_not_skipped(
    store: AdvisoryStore, repo: Repository, tmp_path: Path
) -> None:
    (repo.root / "medsec.yaml").write_text("device: [broken\n")
    git(repo.root, "commit", "-qam", "break it")
    git(repo.root, "tag", "v2.0")

    rows = by_version(portfolio.refresh(store.engine, store, tmp_path / "state", TODAY))

    assert rows["v2.0"].items == {}
    assert "medsec.yaml" in rows["v2.0"].problems[0]
    assert rows["v1.0"].problems == () and len(rows["v1.0"].items) == 9
    assert [p.version for p in portfolio.trend(store.engine, "pump")] == ["v1.0", "v1.1"]


def test_portfolio_and_trend_read_the_table(
    store: AdvisoryStore, repo: Repository, tmp_path: Path
) -> None:
    monitor_scan(store, repo, "v1.1", TODAY, [finding(KEV_CRITICAL, "critical", True)])
    computed = by_version(portfolio.refresh(store.engine, store, tmp_path / "state", TODAY))
    read = portfolio.portfolio(store.engine)

    assert [x.version for x in read] == ["v1.0", "v1.1", "current"]
    for summary in read:  # what was stored is what is read back, field by field
        assert summary == replace(computed[summary.version])
    points = portfolio.trend(store.engine, "pump")
    assert [(p.version, p.findings, p.critical) for p in points] == [
        ("v1.0", 0, 0),
        ("v1.1", 1, 1),
        ("current", 0, 0),
    ]
    assert portfolio.trend(store.engine, "other") == []
    with store.engine.connect() as conn:
        stored = conn.execute(select(s.release_summaries.c.version)).scalars().all()
    assert sorted(stored) == ["current", "v1.0", "v1.1"]


def test_a_release_is_judged_with_its_monitoring_scans(
    store: AdvisoryStore, repo: Repository, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monitor_scan(store, repo, "v1.0", TODAY, [finding(HIGH, "high")])

    done = by_version(portfolio.refresh(store.engine, store, tmp_path / "state", TODAY))

    views = list((tmp_path / "state" / "trees" / "views").iterdir())
    view = next(v for v in views if (v / "records" / "scans" / f"{TODAY}.json").is_file())
    assert main(["check", str(view), "--format", "json", "--today", TODAY.isoformat()]) == 1
    checked = {i["id"]: i for i in json.loads(capsys.readouterr().out)["items"]}
    assert done["v1.0"].items == {k: i["status"] for k, i in checked.items()}
    # the scan the monitor committed is the evidence the item judges; v1.1 was never scanned
    v10_cve = json.dumps(checked["cve-analysis"])
    assert "no CVE scan record" not in v10_cve and HIGH in v10_cve
    assert main(["check", str(tmp_path / "state" / "trees" / done["v1.1"].commit)]) == 1
    assert "no CVE scan record under records/scans/" in capsys.readouterr().out
    # the tag's own files are untouched: the view links them, never writes through
    tag_tree = tmp_path / "state" / "trees" / done["v1.0"].commit
    assert not (tag_tree / "records" / "scans").exists()


def test_the_table_is_decoded_once_per_change(
    store: AdvisoryStore, repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio.refresh(store.engine, store, tmp_path / "state", TODAY)
    decoded = []
    real = portfolio._from_json
    monkeypatch.setattr(portfolio, "_from_json", lambda text: decoded.append(1) or real(text))
    first = portfolio.portfolio(store.engine)
    assert portfolio.portfolio(store.engine) == first and len(decoded) == 3  # once, not twice
    monitor_scan(store, repo, "v1.0", TODAY, [finding(HIGH, "high")])
    portfolio.refresh(store.engine, store, tmp_path / "state", TODAY)  # v1.0 saved again
    again = by_version(portfolio.portfolio(store.engine))
    assert again["v1.0"].findings == 1 and len(decoded) == 6  # the change is seen at once
