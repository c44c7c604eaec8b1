"""``medsec db ...`` in-process: exit codes, the JSON of ``db status``, MEDSEC_DB, feeds on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest
from tests.sources.advisories.feed_server import FeedServer, Route, serve
from tests.storage.builders import osv_json, osv_zip

from medsec.cli.main import main


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    with serve() as server:
        yield server


STATUS_KEYS = {"database", "dialect", "schema_revision", "counts", "snapshots"}
SNAPSHOT_KEYS = {
    "id",
    "source",
    "scope",
    "origin",
    "imported_at",
    "age_days",
    "records",
    "content_hash",
    "data_date",
    "dated_by",
}


@pytest.fixture
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "vulns.sqlite"
    monkeypatch.setenv("MEDSEC_DB", str(path))
    monkeypatch.setenv("MEDSEC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CI", "true")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["db", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _zip(tmp_path: Path, count: int = 3, broken: bool = False) -> Path:
    entries = {f"GHSA-{i}.json": osv_json(f"GHSA-{i}", "PyPI", "django") for i in range(count)}
    if broken:
        entries["broken.json"] = (
            b'{"id": "B", "affected": [{"package": {"ecosystem": "PyPI", "name": "x"}, "ranges": [{"type": "ECOSYSTEM", "events": 5}]}]}'
        )
    path = tmp_path / ("bad.zip" if broken else "all.zip")
    path.write_bytes(osv_zip(entries))
    return path


def test_import_then_status_json(
    db_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "import", str(_zip(tmp_path)))
    assert code == 0 and out == ""
    assert "osv [pypi]: imported 3 records" in err
    code, out, _ = run(capsys, "status", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == STATUS_KEYS
    assert data["database"] == f"sqlite:///{db_env}"
    assert data["counts"] == {"epss": 0, "kev": 0, "osv": 3}
    (snapshot,) = data["snapshots"]
    assert set(snapshot) == SNAPSHOT_KEYS
    assert snapshot["source"] == "osv" and snapshot["records"] == 3 and snapshot["scope"] == "pypi"
    assert snapshot["id"].startswith("osv:")
    # the data's age, from its newest record (osv_json's 2024-05-01), as `scan` counts it
    assert snapshot["data_date"] == "2024-05-01T12:00:00+00:00"
    assert snapshot["dated_by"] == "newest record modified"
    assert snapshot["age_days"] == (datetime.now(UTC).date() - date(2024, 5, 1)).days


def test_status_text_of_an_empty_database(db_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "status")
    assert code == 0 and "no data yet" in out


def test_bad_input_exits_3_and_keeps_the_database(
    db_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "import", str(_zip(tmp_path)))[0] == 0
    code, _, err = run(capsys, "import", str(_zip(tmp_path, broken=True)))
    assert code == 3
    assert "broken.json" in err and "--skip-invalid" in err
    _, out, _ = run(capsys, "status", "--format", "json")
    assert json.loads(out)["counts"]["osv"] == 3
    code, _, err = run(capsys, "import", str(_zip(tmp_path, broken=True)), "--skip-invalid")
    assert code == 0 and "1 invalid record skipped" in err


def test_db_option_beats_the_environment(
    db_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.sqlite"
    assert run(capsys, "import", str(_zip(tmp_path)), "--db", str(other))[0] == 0
    assert other.exists() and not db_env.exists()


def test_update_offline_is_a_usage_error(db_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "update", "--offline")
    assert code == 2 and "medsec db import" in err
    assert run(capsys, "update", "--source", "ghsa")[0] == 2


def test_update_from_a_local_server(
    db_env: Path,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    feed_server.routes["/osv/npm/all.zip"] = Route(
        osv_zip({"GHSA-n.json": osv_json("GHSA-n", "npm", "lodash")})
    )
    kev = {
        "catalogVersion": "1",
        "vulnerabilities": [{"cveID": "CVE-2021-1", "dateAdded": "2021-01-01"}],
    }
    feed_server.routes["/kev.json"] = Route(orjson.dumps(kev))
    feed_server.routes["/epss.csv.gz"] = Route(
        gzip.compress(b"cve,epss,percentile\nCVE-2021-1,0.2,0.3\n")
    )
    monkeypatch.setenv("MEDSEC_OSV_URL", feed_server.url("/osv"))
    monkeypatch.setenv("MEDSEC_KEV_URL", feed_server.url("/kev.json"))
    monkeypatch.setenv("MEDSEC_EPSS_URL", feed_server.url("/epss.csv.gz"))
    code, _, err = run(capsys, "update", "-s", "osv", "-s", "kev", "-s", "epss", "-e", "npm")
    assert code == 0, err
    assert "osv [npm]: imported 1 records" in err and "kev: imported 1 records" in err
    code, _, err = run(capsys, "update", "-s", "kev")
    assert code == 0 and "kev: up to date" in err


def test_update_with_the_source_down_exits_4(
    db_env: Path,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MEDSEC_KEV_URL", feed_server.url("/gone.json"))
    code, _, err = run(capsys, "update", "-s", "kev")
    assert code == 4
    assert feed_server.url("/gone.json") in err and "medsec db import" in err


def test_unreachable_postgresql_exits_4(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("PGCONNECT_TIMEOUT", "2")
    code, _, err = run(capsys, "status", "--db", f"postgresql://nobody:pw@127.0.0.1:{port}/medsec")
    assert code == 4
    assert "pw" not in err and "cannot be opened" in err


def test_update_tells_each_download_and_each_retry(
    db_env: Path,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kev = {
        "catalogVersion": "1",
        "vulnerabilities": [{"cveID": "CVE-2021-1", "dateAdded": "2021-01-01"}],
    }
    feed_server.routes["/kev.json"] = Route(orjson.dumps(kev), fail_first=1)  # one 500 first
    url = feed_server.url("/kev.json")
    monkeypatch.setenv("MEDSEC_KEV_URL", url)
    code, out, err = run(capsys, "update", "-s", "kev")
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert lines[0] == f"kev: downloading {url}"
    assert lines[1] == f"  HTTP 500 from {url}; retrying in 1 s (attempt 2 of 5)"
    assert lines[2].startswith("kev: imported 1 records")


def _zip_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return _zip(folder)


def test_the_project_setting_chooses_the_database_after_option_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    project = tmp_path / "repo" / "device"
    project.mkdir(parents=True)
    (tmp_path / "repo" / ".medsec.toml").write_text('database = "shared.sqlite"\n')
    feed = _zip_in(tmp_path / "feeds")
    assert run(capsys, "import", str(feed), "--project", str(project))[0] == 0
    assert (tmp_path / "repo" / "shared.sqlite").is_file()  # relative to the .medsec.toml
    monkeypatch.chdir(project)  # without --project: the current folder, then upwards
    _, out, _ = run(capsys, "status", "--format", "json")
    assert json.loads(out)["database"] == f"sqlite:///{tmp_path / 'repo' / 'shared.sqlite'}"
    monkeypatch.setenv("MEDSEC_DB", str(tmp_path / "env.sqlite"))  # the environment wins
    _, out, _ = run(capsys, "status", "--format", "json")
    assert json.loads(out)["database"] == f"sqlite:///{tmp_path / 'env.sqlite'}"
    _, out, _ = run(capsys, "status", "--format", "json", "--db", str(tmp_path / "opt.sqlite"))
    assert json.loads(out)["database"] == f"sqlite:///{tmp_path / 'opt.sqlite'}"  # the option wins
    assert not (tmp_path / "xdg").exists()  # the default was never used


def test_a_broken_project_setting_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    (tmp_path / ".medsec.toml").write_text('databse = "x.sqlite"\n')
    code, _, err = run(capsys, "status", "--project", str(tmp_path))
    assert code == 3 and "did you mean 'database'?" in err and ".medsec.toml" in err


def test_a_database_in_a_missing_folder_is_exit_3_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "medsek" / "vulns.sqlite"
    monkeypatch.setenv("MEDSEC_DB", str(typo))
    code, _, err = run(capsys, "import", str(_zip(tmp_path)))
    assert code == 3 and str(typo) in err and "mkdir -p" in err
    assert not typo.parent.exists()


def test_a_file_that_is_not_a_database_is_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    code, _, err = run(capsys, "status", "--db", str(notes))
    assert code == 3 and f"{notes}: is not a SQLite database" in err
    assert notes.read_text() == "shopping list\n"


def test_the_cli_names_the_same_environment_variable_as_storage() -> None:
    from medsec.cli.common import ENV_DB
    from medsec.storage.engine import ENV_DB as STORAGE_ENV_DB

    assert ENV_DB == STORAGE_ENV_DB == "MEDSEC_DB"
