from __future__ import annotations

from pathlib import Path

import pytest

from medsec.domain.errors import InputError, UsageError
from medsec.storage.engine import (
    CACHE_KIB,
    SQLITE_BEGIN,
    check_sqlite_file,
    create,
    default_path,
    redact,
    resolve_url,
)


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


def test_sqlite_url_is_kept(tmp_path: Path) -> None:
    assert resolve_url(f"sqlite:///{tmp_path}/v.sqlite", {}).database == f"{tmp_path}/v.sqlite"


def test_other_databases_are_refused() -> None:
    with pytest.raises(UsageError, match="mysql"):
        resolve_url("mysql://me@host/db", {})


def test_a_path_in_a_missing_folder_is_bad_input_and_nothing_is_made(tmp_path: Path) -> None:
    typo = tmp_path / "dta" / "vulns.sqlite"
    for given in (str(typo), f"sqlite:///{typo}"):
        with pytest.raises(InputError) as caught:
            resolve_url(given, {})
        text = caught.value.diagnostics()
        assert given in text and f"mkdir -p '{typo.parent}'" in text
        assert "--db, MEDSEC_DB or 'database' in .medsec.toml" in text
    assert not typo.parent.exists()


def test_the_same_from_the_environment(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        resolve_url(None, {"MEDSEC_DB": str(tmp_path / "no" / "v.sqlite")})


def test_a_folder_is_not_a_database_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        resolve_url(str(tmp_path), {})


def test_the_default_folder_is_created(tmp_path: Path) -> None:
    url = resolve_url(None, {"XDG_DATA_HOME": str(tmp_path / "data")})
    assert Path(url.database or "").parent.is_dir()


def test_a_file_that_is_not_a_database_is_bad_input(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("not a database\n")
    with pytest.raises(InputError, match="is not a SQLite database"):
        create(resolve_url(str(notes), {}))
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    create(resolve_url(str(empty), {})).dispose()  # an empty file is a new database
    check_sqlite_file(tmp_path / "new.sqlite")  # so is a file that does not exist yet


def test_reads_use_a_small_page_cache_and_writes_a_large_one(tmp_path: Path) -> None:
    # a 64 MiB cache made a scan's reads 4x slower (fresh memory faulted in per page read)
    engine = create(resolve_url(str(tmp_path / "v.sqlite")))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB["read"]
        writing = engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with writing as conn, conn.begin():
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB["write"]
        with engine.connect() as conn:  # the same pooled connection, reading again
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -CACHE_KIB["read"]
    finally:
        engine.dispose()
