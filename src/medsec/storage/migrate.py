"""Bring a database to the newest schema: Alembic ``upgrade head``, run on every open.

On PostgreSQL a transaction-scoped advisory lock makes concurrent first opens by a team wait
for each other instead of racing to create the same tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from medsec.domain.errors import SourceUnavailableError
from medsec.storage.engine import SQLITE_BEGIN, redact

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 0x6D65_6473  # "meds": serialises schema upgrades on a shared PostgreSQL


def _config() -> Config:
    """Alembic configuration pointing at medsec's migrations, no ini file needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest revision shipped with this medsec."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current(connection: Connection) -> str | None:
    """The revision the database is at, ``None`` for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Upgrade to head when needed; return the revision the database is at."""
    target = head()
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    try:
        with engine.connect() as connection:
            found = current(connection)
            if found == target:
                return target
            if found is not None and found not in known:
                raise SourceUnavailableError(
                    f"vulnerability database {redact(engine.url)} has schema revision {found}, "
                    f"newer than this medsec knows ({target}): upgrade medsec"
                )
        immediate = engine.connect().execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        with immediate as connection, connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
            if current(connection) != target:
                config = _config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        return target
    except DBAPIError as error:
        raise SourceUnavailableError(
            f"vulnerability database {redact(engine.url)} cannot be opened: {error.orig}"
        ) from None
