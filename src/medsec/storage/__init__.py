"""The vulnerability database: advisories, KEV, EPSS and snapshots (SQLAlchemy Core + Alembic)."""
