"""``db_url``: every storage test runs on SQLite, and on PostgreSQL when MEDSEC_TEST_PG_URL is set.

Each PostgreSQL test gets a schema of its own (``search_path`` in the URL), dropped afterwards,
so tests neither see each other's data nor need a database each. ``.ci/run`` starts a throwaway
PostgreSQL on 127.0.0.1 and exports the URL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "MEDSEC_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "vulns.sqlite")
        return
    yield from _pg_schema_url()


def _pg_schema_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set: PostgreSQL storage tests not run (.ci/run sets it)")
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # a set but unreachable server is a failure, not a skip
        admin.dispose()
        raise AssertionError(f"{PG_ENV} is set but PostgreSQL is unreachable: {error}") from error
    try:
        scoped = url.update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
