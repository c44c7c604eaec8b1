"""Registering project repositories: what is checked, what is stored, ``medsec repo``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.services.server_repo import example_repo, git
from tests.storage.conftest import db_url  # noqa: F401 - the sqlite/PostgreSQL fixture

from medsec.cli.main import main
from medsec.domain.errors import InputError, UsageError
from medsec.project.git import GitError
from medsec.services import repositories as service
from medsec.storage import server_schema as s
from medsec.storage.store import AdvisoryStore


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:  # noqa: F811 - the imported fixture
    store = AdvisoryStore.open(db_url)
    yield store.engine
    store.close()


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(s.repositories)).scalar_one())


def test_add_with_defaults_then_list_get_remove(engine: Engine, tmp_path: Path) -> None:
    path = example_repo(tmp_path / "pump")
    added = service.add_repository(engine, path)
    assert (added.name, added.path, added.project_dir) == ("pump", str(path), ".")
    assert (added.branch, added.release_pattern) == ("main", "v*")
    assert added.added_at.tzinfo is not None
    assert [r.name for r in service.list_repositories(engine)] == ["pump"]
    assert service.get_repository(engine, "pump") == added
    assert service.get_repository(engine, "other") is None

    removed = service.remove_repository(engine, "pump")
    assert removed.id == added.id
    assert service.list_repositories(engine) == []
    assert (path / "medsec.yaml").is_file()  # the repository itself is untouched


def test_add_the_project_folder_inside_a_repository(engine: Engine, tmp_path: Path) -> None:
    top = example_repo(tmp_path / "mono", subfolder="devices/pump")
    by_folder = service.add_repository(engine, top / "devices" / "pump", name="pump-a")
    assert (by_folder.path, by_folder.project_dir) == (str(top), "devices/pump")
    with pytest.raises(UsageError, match="registered already"):
        service.add_repository(engine, top, name="pump-b", project_dir="devices/pump")
    assert count(engine) == 1


def test_refused_registrations_store_nothing(engine: Engine, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as caught:
        service.add_repository(engine, plain)
    assert caught.value.reason == "not-a-repository"

    path = example_repo(tmp_path / "pump")
    with pytest.raises(UsageError, match=r"no medsec\.yaml.*--project-dir"):
        service.add_repository(engine, path, project_dir="docs")
    with pytest.raises(UsageError, match="inside the repository"):
        service.add_repository(engine, path, project_dir="../elsewhere")
    with pytest.raises(GitError, match="git switch release") as branch:
        service.add_repository(engine, path, branch="release")
    assert branch.value.reason == "wrong-branch"
    with pytest.raises(UsageError, match="letters, digits"):
        service.add_repository(engine, path, name="no spaces/please")
    with pytest.raises(UsageError, match="release-pattern"):
        service.add_repository(engine, path, release_pattern=" ")
    assert count(engine) == 0

    service.add_repository(engine, path)
    with pytest.raises(UsageError, match="'pump' is registered already"):
        service.add_repository(engine, path, name="pump")
    assert count(engine) == 1


def test_a_project_that_does_not_load_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = example_repo(tmp_path / "pump")
    (path / "medsec.yaml").write_text("device: [unclosed\n")
    with pytest.raises(InputError) as caught:
        service.add_repository(engine, path)
    assert "medsec.yaml" in caught.value.diagnostics()
    assert count(engine) == 0


def test_detached_head_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = example_repo(tmp_path / "pump", tags=["v1.0"])
    git(path, "switch", "-q", "--detach", "v1.0")
    with pytest.raises(GitError, match="detached HEAD"):
        service.add_repository(engine, path)


def test_remove_unknown(engine: Engine) -> None:
    with pytest.raises(UsageError, match=r"no repository 'ghost'.*medsec repo list"):
        service.remove_repository(engine, "ghost")


# --- medsec repo ---------------------------------------------------------------------------


def test_cli_add_list_remove(
    db_url: str,  # noqa: F811 - the imported fixture
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    monkeypatch.setenv("MEDSEC_SERVER_STATE_DIR", str(tmp_path / "state"))
    path = example_repo(tmp_path / "pump")

    assert main(["repo", "add", str(path), "--name", "pump", "--db", db_url]) == 0
    out, err = capsys.readouterr()
    assert out == "pump\n"
    assert "registered 'pump'" in err

    assert main(["repo", "list", "--format", "json", "--db", db_url]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == [
        {"branch": "main", "name": "pump", "path": str(path), "project_dir": ".",
         "release_pattern": "v*"}
    ]  # fmt: skip

    assert main(["repo", "add", str(path), "--name", "pump", "--db", db_url]) == 2
    assert "registered already" in capsys.readouterr().err

    assert main(["repo", "add", str(tmp_path), "--db", db_url]) == 3
    assert "is not a git repository" in capsys.readouterr().err

    assert main(["repo", "remove", "pump", "--db", db_url]) == 0
    assert "removed 'pump'" in capsys.readouterr().err
    assert main(["repo", "remove", "pump", "--db", db_url]) == 2
    assert main(["repo", "list", "--db", db_url]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "no repository is registered" in err


def summaries(url: str) -> list[tuple[str, str]]:
    """(repository id, version) of every stored dashboard summary."""
    with AdvisoryStore.open(url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            select(s.release_summaries.c.repository_id, s.release_summaries.c.version)
        )
        return sorted((str(r), v) for r, v in rows)


def test_cli_add_summarises_the_versions_for_the_dashboard(
    db_url: str,  # noqa: F811 - the imported fixture
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".medsec.toml").write_text('[server]\nstate_dir = "server-state"\n')
    path = example_repo(tmp_path / "pump", tags=["v1.0", "v1.1"])

    assert main(["repo", "add", str(path), "--name", "pump", "--db", db_url]) == 0
    err = capsys.readouterr().err
    assert "summarised 3 versions of 'pump' for the dashboard: v1.0, v1.1, current" in err
    assert "medsec monitor --repository pump" in err
    assert [v for _, v in summaries(db_url)] == ["current", "v1.0", "v1.1"]
    assert (tmp_path / "server-state" / "trees").is_dir()  # the state folder medsec serve uses

    other = example_repo(tmp_path / "other", tags=["v2.0"])
    assert main(["repo", "add", str(other), "--name", "other", "--no-refresh", "--db", db_url]) == 0
    err = capsys.readouterr().err
    assert "registered 'other'" in err and "summarised" not in err
    assert len(summaries(db_url)) == 3  # nothing for "other" until medsec monitor


def test_cli_add_with_broken_server_settings_registers_nothing(
    db_url: str,  # noqa: F811 - the imported fixture
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MEDSEC_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".medsec.toml").write_text("[server]\nport = 0\n")
    path = example_repo(tmp_path / "pump")
    assert main(["repo", "add", str(path), "--db", db_url]) == 3
    assert "server.port" in capsys.readouterr().err
    assert main(["repo", "list", "--format", "json", "--db", db_url]) == 0
    assert json.loads(capsys.readouterr().out) == []
