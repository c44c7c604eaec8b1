from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.errors import UsageError
from medsec.storage.engine import default_path, redact, resolve_url


def test_default_is_a_sqlite_file_in_the_user_data_dir(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    assert default_path(env) == tmp_path / "medsec" / "vulns.sqlite"
    url = resolve_url(None, env)
    assert url.get_backend_name() == "sqlite"
    assert url.database == str(tmp_path / "medsec" / "vulns.sqlite")


def test_medsec_db_env_and_option(tmp_path: Path) -> None:
    env = {"MEDSEC_DB": str(tmp_path / "env.sqlite")}
    assert resolve_url(None, env).database == str(tmp_path / "env.sqlite")
    assert resolve_url(str(tmp_path / "opt.sqlite"), env).database == str(tmp_path / "opt.sqlite")


def test_relative_paths_become_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert resolve_url("here.sqlite", {}).database == str(tmp_path / "here.sqlite")


@pytest.mark.parametrize(
    "given",
    ["postgresql://me:secret@db.example/medsec", "postgres://me:secret@db.example/medsec"],
)
def test_postgresql_urls_use_psycopg3(given: str) -> None:
    url = resolve_url(given, {})
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "db.example"
    assert "secret" not in redact(url)


def test_sqlite_url_is_kept() -> None:
    assert (
        resolve_url("sqlite:////var/lib/medsec/v.sqlite", {}).database == "/var/lib/medsec/v.sqlite"
    )


def test_other_databases_are_refused() -> None:
    with pytest.raises(UsageError, match="mysql"):
        resolve_url("mysql://me@host/db", {})
