"""Alembic migrations of the vulnerability database, run by :func:`medsec.storage.migrate.upgrade`."""
