"""Monitoring on a temp git copy of examples/infusion-pump with two release tags: scans
committed as evidence, indexed, a new KEV finding notified to a local webhook exactly once,
an unreadable SBOM reported (never skipped), a failing webhook retried; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, func, select
from tests.conftest import EXAMPLE
from tests.services.notify_servers import Hook, webhook_server
from tests.storage.conftest import db_url  # noqa: F401 - the parametrised database fixture

from medsec.cli.exit_codes import ExitCode
from medsec.cli.main import main
from medsec.cli.monitor_cmds import exit_code
from medsec.project.server_settings import NotifySettings, ServerSettings
from medsec.services import audit, db, monitor
from medsec.services.monitor import MonitorOptions
from medsec.services.repositories import add_repository
from medsec.storage import jobs
from medsec.storage.server_schema import release_scans, release_summaries
from medsec.storage.store import AdvisoryStore

TODAY = dt.date(2026, 12, 1)  # after the example's newest decision date (2026-11-25)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Release Manager",
    "GIT_AUTHOR_EMAIL": "rm@example.com",
    "GIT_COMMITTER_NAME": "Release Manager",
    "GIT_COMMITTER_EMAIL": "rm@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
}
H11 = "CVE-2025-43859@pkg:pypi/h11"  # critical in the example's advisories
CURL = "CVE-2024-6197@pkg:generic/curl"  # high; KEV-listed by the test


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as the release manager; its output."""
    env = {**os.environ, **GIT_ENV}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@dataclass
class Setup:
    engine: Engine
    store: AdvisoryStore
    url: str
    repo: Path
    settings: ServerSettings


@pytest.fixture
def pump(tmp_path: Path, db_url: str) -> Iterator[Setup]:  # noqa: F811 - the fixture imported above
    repo = tmp_path / "pump"
    shutil.copytree(EXAMPLE, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "ACME Infusion System 3.1.0")
    git(repo, "tag", "v3.1.0")
    (repo / "README.md").write_text((repo / "README.md").read_text() + "\n3.2.0\n")
    git(repo, "commit", "-qam", "3.2.0")
    git(repo, "tag", "-a", "v3.2.0", "-m", "release 3.2.0")
    git(repo, "tag", "not-a-release")  # outside the pattern: never scanned
    db.import_path(db.ImportOptions(EXAMPLE / "advisories", db_url))
    with AdvisoryStore.open(db_url) as store:
        add_repository(store.engine, repo)
        settings = ServerSettings(state_dir=tmp_path / "state")
        yield Setup(store.engine, store, db_url, repo, settings)


def list_kev(tmp_path: Path, url: str, cve: str) -> None:
    """CISA lists ``cve`` as known exploited (a catalogue imported into the database)."""
    path = tmp_path / "kev.json"
    entry = {"cveID": cve, "vendorProject": "haxx", "product": "curl", "dateAdded": "2026-11-30"}
    catalogue = {
        "catalogVersion": "2026.11.30",
        "dateReleased": "2026-11-30T16:00:00.000Z",
        "vulnerabilities": [entry],
    }
    path.write_bytes(orjson.dumps(catalogue))
    db.import_path(db.ImportOptions(path, url))


def with_hook(setup: Setup, hook: Hook) -> ServerSettings:
    """The settings with the local webhook as notification channel."""
    notify = NotifySettings(webhook_url=hook.url, webhook_secret="s3cret")
    return ServerSettings(state_dir=setup.settings.state_dir, notify=notify)


def keys(hook: Hook, prefix: str) -> list[str]:
    """The keys of the notifications the webhook accepted, starting with ``prefix``."""
    found = [json.loads(body)["key"] for body in hook.bodies]
    return [k for k in found if k.startswith(prefix)]


def test_scans_are_committed_indexed_and_summarised(pump: Setup) -> None:
    options = MonitorOptions(today=TODAY, notify=False)
    report = monitor.run(pump.engine, pump.store, pump.settings, options)
    assert [(v.version, v.error) for v in report.versions] == [("v3.1.0", None), ("v3.2.0", None)]
    first = report.versions[0]
    assert first.findings == 10
    assert (first.critical, first.kev) == (1, 0)
    assert [a.finding for a in first.alerts] == [H11]
    assert first.record_path == "records/releases/v3.1.0/scans/2026-12-01.json"
    commit = report.commits["pump"]
    assert git(pump.repo, "rev-parse", "HEAD") == commit
    assert git(pump.repo, "log", "-1", "--format=%an <%ae>|%cn") == (
        "medsec monitor <medsec@localhost>|medsec server"
    )
    changed = git(pump.repo, "show", "--name-only", "--format=", commit).splitlines()
    assert changed == [
        "records/releases/v3.1.0/scans/2026-12-01.json",
        "records/releases/v3.2.0/scans/2026-12-01.json",
    ]
    record = json.loads(git(pump.repo, "show", f"{commit}:{changed[0]}"))
    assert record["scan"]["device"] == "acme-infusion"
    assert H11 in {f["id"] for f in record["findings"]}
    assert git(pump.repo, "status", "--porcelain") == ""
    with pump.engine.connect() as conn:
        rows = conn.execute(select(release_scans).order_by(release_scans.c.version)).all()
        summaries = conn.execute(select(func.count()).select_from(release_summaries)).scalar()
    assert [(r.version, r.record_commit, r.findings) for r in rows] == [
        ("v3.1.0", commit, 10),
        ("v3.2.0", commit, 10),
    ]
    assert H11 in json.loads(rows[0].result)["findings"]
    assert summaries == 3  # two releases and "current"
    # every committed record is in the audit trail, with its digest and the commit
    logged = [e for e in audit.entries(pump.engine) if e.action == "scan.record"]
    assert sorted(e.target for e in logged) == [f"pump:{path}" for path in changed]
    assert {json.loads(e.details)["commit"] for e in logged} == {commit}
    show = ["git", "-C", str(pump.repo), "show", f"{commit}:{changed[0]}"]
    blob = subprocess.run(show, capture_output=True, check=True).stdout
    assert hashlib.sha256(blob).hexdigest() in {e.after for e in logged}
    assert audit.verify(pump.engine).ok

    again = monitor.run(pump.engine, pump.store, pump.settings, options)
    assert again.commits["pump"] == commit  # same records: nothing new to commit
    assert [v.new for v in again.versions] == [(), ()]
    assert again.alerts == 0
    assert exit_code(again) is ExitCode.OK


def test_new_kev_finding_notifies_the_webhook_exactly_once(pump: Setup, tmp_path: Path) -> None:
    options = MonitorOptions(today=TODAY)
    with webhook_server() as hook:
        settings = with_hook(pump, hook)
        first = monitor.run(pump.engine, pump.store, settings, options)
        assert keys(hook, "kev:") == []
        assert keys(hook, "critical:") == [f"critical:{H11}@pump"]  # once for both versions
        list_kev(tmp_path, pump.url, "CVE-2024-6197")
        second = monitor.run(pump.engine, pump.store, settings, options)
        third = monitor.run(pump.engine, pump.store, settings, options)
    assert exit_code(first) is ExitCode.CHECK_FAILED
    assert [a.finding for v in second.versions for a in v.alerts] == [CURL, CURL]
    assert exit_code(second) is ExitCode.CHECK_FAILED
    assert keys(hook, "kev:") == [f"kev:{CURL}@pump"]
    assert third.alerts == 0
    assert exit_code(third) is ExitCode.OK
    [body] = [d for d in map(json.loads, hook.bodies) if d["key"].startswith("kev:")]
    assert body["data"]["versions"] == ["v3.1.0", "v3.2.0"]
    assert body["data"]["advisory"] == "CVE-2024-6197"
    assert "CISA's KEV list" in body["text"]
    assert all(d.status in {"sent", "already sent"} for d in third.deliveries)


def test_unreadable_sbom_is_an_error_not_a_skip(pump: Setup) -> None:
    (pump.repo / "sbom" / "pump-fw.spdx.json").write_text("{ not json")
    git(pump.repo, "commit", "-qam", "broken SBOM")
    git(pump.repo, "tag", "v3.3.0")
    with webhook_server() as hook:
        report = monitor.run(pump.engine, pump.store, with_hook(pump, hook), MonitorOptions(TODAY))
    by_version = {v.version: v for v in report.versions}
    assert by_version["v3.1.0"].error is None and by_version["v3.1.0"].findings == 10
    broken = by_version["v3.3.0"]
    assert broken.error is not None and "sbom/pump-fw.spdx.json" in broken.error
    assert str(pump.settings.state_dir) not in broken.error  # named as in the repository
    assert broken.record_path is None
    assert exit_code(report) is ExitCode.BAD_INPUT
    assert [k.split(":")[1].split("@")[1] for k in keys(hook, "error:")] == ["v3.3.0"]
    with pump.engine.connect() as conn:
        indexed = conn.execute(select(release_scans.c.version)).scalars().all()
    assert sorted(indexed) == ["v3.1.0", "v3.2.0"]


def test_failing_webhook_is_retried_on_the_next_run(pump: Setup) -> None:
    with webhook_server() as hook:
        hook.fail_next = 1000
        settings = with_hook(pump, hook)
        first = monitor.run(pump.engine, pump.store, settings, MonitorOptions(TODAY))
        assert keys(hook, "critical:") == []
        assert any(d.failed and d.key == f"critical:{H11}@pump" for d in first.deliveries)
        hook.fail_next = 0
        second = monitor.run(pump.engine, pump.store, settings, MonitorOptions(TODAY))
    assert second.alerts == 0  # not new any more ...
    assert keys(hook, "critical:") == [f"critical:{H11}@pump"]  # ... but still delivered


def test_commit_refused_is_reported(pump: Setup) -> None:
    git(pump.repo, "switch", "-q", "-c", "elsewhere")
    report = monitor.run(
        pump.engine, pump.store, pump.settings, MonitorOptions(TODAY, notify=False)
    )
    assert [v.error for v in report.versions] == [None, None]
    assert len(report.errors) == 1
    assert "were not committed" in report.errors[0] and "git switch main" in report.errors[0]
    assert exit_code(report) is ExitCode.BAD_INPUT
    assert [v.record_commit for v in report.versions] == [None, None]


def test_unknown_repository_is_a_usage_error(pump: Setup) -> None:
    from medsec.domain.errors import UsageError

    with pytest.raises(UsageError, match=r"'pmup' is not registered \(registered: pump"):
        monitor.run(
            pump.engine, pump.store, pump.settings, MonitorOptions(TODAY, repository="pmup")
        )


def test_rescan_job_by_a_worker(pump: Setup) -> None:
    assert monitor.schedule(pump.engine, pump.settings) is not None
    assert monitor.schedule(pump.engine, pump.settings) is None  # one is waiting already
    job_id = jobs.enqueue(pump.engine, "rescan", {"repository": "pump", "version": "v3.2.0"})
    worker = monitor.Worker(pump.engine, "w1", pump.settings, pump.url)
    first = worker.run_once(TODAY)
    assert first is not None and first.kind == "monitor"
    assert worker.last is not None and len(worker.last.versions) == 2
    second = worker.run_once(TODAY)
    assert second is not None and second.id == job_id
    assert worker.last is not None
    assert [v.version for v in worker.last.versions] == ["v3.2.0"]
    assert worker.run_once(TODAY) is None
    done = jobs.get(pump.engine, job_id)
    assert done is not None and done.state == "done"


def test_cli(pump: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "server"
    work.mkdir()
    (work / ".medsec.toml").write_text('[server]\nstate_dir = "state"\n')
    monkeypatch.chdir(work)
    args = ["monitor", "--db", pump.url, "--offline", "--today", TODAY.isoformat()]
    assert main([*args, "--no-notify"]) == ExitCode.CHECK_FAILED  # a new critical finding
    assert (work / "state" / "trees").is_dir()
    assert main([*args, "--format", "json"]) == ExitCode.OK
    assert main([*args, "--repository", "nope"]) == ExitCode.USAGE
    assert main([*args, "--format", "yaml"]) == ExitCode.USAGE
    (work / ".medsec.toml").write_text("[server.monitor]\ninterval_hours = -1\n")
    assert main(args) == ExitCode.BAD_INPUT


def test_cli_json(pump: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    settings = pump.settings
    report = monitor.run(pump.engine, pump.store, settings, MonitorOptions(TODAY, notify=False))
    doc = report.as_json()
    assert [v["version"] for v in doc["versions"]] == ["v3.1.0", "v3.2.0"]
    assert doc["versions"][0]["alerts"][0]["finding"] == H11
    assert doc["commits"] == {"pump": report.commits["pump"]}
    capsys.readouterr()
