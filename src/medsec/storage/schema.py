"""The vulnerability database's tables (SQLAlchemy Core). Migrations create them; see migrations/.

* ``snapshots`` — one row per import: the evidence of which data a scan used, and the
  ``index_version`` (:data:`medsec.storage.rows.INDEX_VERSION`) its index rows follow.
* ``advisories`` — one row per OSV/NVD record: the domain value as JSON (``payload``).
* ``advisory_ids`` — every id and alias of an advisory (CVE ↔ GHSA ↔ PYSEC merging).
* ``affected_index`` — ``(ecosystem, package name)`` → advisory, normalised as in
  :mod:`medsec.domain.ecosystem`; ``base`` is the ecosystem without its release; ``entry`` the
  match data a scan reads: the record's head and its ``affected`` entries for that key.
* ``cpe_index`` — ``(vendor, product)`` of vulnerable NVD CPE criteria → advisory.
* ``kev``, ``epss`` — one row per CVE.
* ``meta`` — small key/value facts (HTTP validators of the last download, NVD update times).

Every data row carries the ``snapshot_seq`` it came from, so an import replaces exactly the
rows of the snapshots it supersedes.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

snapshots = Table(
    "snapshots",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(80), nullable=False),  # content-derived: "<source>:<hash[:16]>"
    Column("source", String(16), nullable=False),
    Column("scope", String(400), nullable=False),
    Column("mode", String(12), nullable=False),  # "replace" | "merge"
    Column("state", String(12), nullable=False),  # "importing" | "current" | "superseded"
    Column("origin", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("records", Integer, nullable=False),
    Column("data_date", DateTime(timezone=True), nullable=True),
    Column("index_version", Integer, nullable=True),  # None: before versions were recorded
)
Index(None, snapshots.c.source, snapshots.c.state)
Index(None, snapshots.c.id)

advisories = Table(
    "advisories",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=False),
    Column("id", String(200), nullable=False),
    Column("source", String(16), nullable=False),
    Column("modified", DateTime(timezone=True), nullable=True),
    Column("withdrawn", DateTime(timezone=True), nullable=True),
    Column("snapshot_seq", Integer, ForeignKey("snapshots.seq"), nullable=False),
    Column("payload", LargeBinary, nullable=False),
)
Index(None, advisories.c.source, advisories.c.id)
Index(None, advisories.c.snapshot_seq)

advisory_ids = Table(
    "advisory_ids",
    metadata,
    Column("alias", String(200), nullable=False),
    Column("advisory_pk", Integer, ForeignKey("advisories.pk"), nullable=False),
    Column("snapshot_seq", Integer, nullable=False),
)
Index(None, advisory_ids.c.alias)
Index(None, advisory_ids.c.advisory_pk)
Index(None, advisory_ids.c.snapshot_seq)

affected_index = Table(
    "affected_index",
    metadata,
    Column("name", String(512), nullable=False),
    Column("base", String(64), nullable=False),
    Column("ecosystem", String(200), nullable=False),
    Column("advisory_pk", Integer, ForeignKey("advisories.pk"), nullable=False),
    Column("snapshot_seq", Integer, nullable=False),
    Column("entry", LargeBinary, nullable=True),  # match data (storage/codec.py)
)
Index(None, affected_index.c.name, affected_index.c.base)
Index(None, affected_index.c.base, affected_index.c.advisory_pk)  # held(): counts per base
Index(None, affected_index.c.advisory_pk)
Index(None, affected_index.c.snapshot_seq)

cpe_index = Table(
    "cpe_index",
    metadata,
    Column("product", String(256), nullable=False),
    Column("vendor", String(256), nullable=False),
    Column("advisory_pk", Integer, ForeignKey("advisories.pk"), nullable=False),
    Column("snapshot_seq", Integer, nullable=False),
)
Index(None, cpe_index.c.product, cpe_index.c.vendor)
Index(None, cpe_index.c.advisory_pk)
Index(None, cpe_index.c.snapshot_seq)

kev = Table(
    "kev",
    metadata,
    Column("cve", String(32), primary_key=True),
    Column("vendor", Text, nullable=False),
    Column("product", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("date_added", Date, nullable=True),
    Column("due_date", Date, nullable=True),
    Column("known_ransomware", Boolean, nullable=True),
    Column("required_action", Text, nullable=False),
    Column("snapshot_seq", Integer, ForeignKey("snapshots.seq"), nullable=False),
)

epss = Table(
    "epss",
    metadata,
    Column("cve", String(32), primary_key=True),
    Column("epss", Float, nullable=False),
    Column("percentile", Float, nullable=False),
    Column("date", Date, nullable=True),
    Column("snapshot_seq", Integer, ForeignKey("snapshots.seq"), nullable=False),
)

meta = Table(
    "meta",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("value", Text, nullable=False),
)

INDEX_TABLES = (advisory_ids, affected_index, cpe_index)  # children of advisories
