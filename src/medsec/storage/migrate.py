"""Bring a database to the newest schema: Alembic ``upgrade head``, run on every open.

Opening a database at the newest schema (the usual case) reads its revision with one plain
query and never loads Alembic: importing Alembic costs a tenth of a second, which every
``medsec scan`` would pay. ``HEAD`` names the newest revision; a test checks it against the
migration scripts. On PostgreSQL a transaction-scoped advisory lock makes concurrent first
opens by a team wait for each other instead of racing to create the same tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from medsec.domain.errors import SourceUnavailableError
from medsec.storage.engine import SQLITE_BEGIN, redact

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0004"  # the newest revision in migrations/versions (tests/storage checks)
_LOCK_KEY = 0x6D65_6473  # "meds": serialises schema upgrades on a shared PostgreSQL


def _config() -> Config:
    """Alembic configuration pointing at medsec's migrations, no ini file needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision shipped with this medsec, as the migration scripts say."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def _known() -> set[str]:
    """Every revision the migration scripts know."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def current(connection: Connection) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if found is None else str(found)


def upgrade(engine: Engine) -> str:
    """Upgrade to head when needed; return the revision the database is at."""
    try:
        with engine.connect() as connection:
            found = current(connection)
        if found == HEAD:
            return HEAD
        if found is not None and found not in _known():
            raise SourceUnavailableError(
                f"vulnerability database {redact(engine.url)} has schema revision {found}, "
                f"newer than this medsec knows ({HEAD}): upgrade medsec"
            )
        _upgrade(engine)
        return HEAD
    except DBAPIError as error:
        raise SourceUnavailableError(
            f"vulnerability database {redact(engine.url)} cannot be opened: {error.orig}"
        ) from None


def _upgrade(engine: Engine) -> None:
    """Run the migrations up to head in one transaction (under a lock on PostgreSQL)."""
    from alembic import command

    immediate = engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
    with immediate as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        if current(connection) != HEAD:
            config = _config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
