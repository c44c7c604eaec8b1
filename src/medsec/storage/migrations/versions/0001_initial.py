"""The first schema: snapshots, advisories with their id/ecosystem/CPE indexes, KEV, EPSS, meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables and indexes of the first schema."""
    op.create_table(
        "meta",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_meta"),
    )
    op.create_table(
        "snapshots",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(80), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(400), nullable=False),
        sa.Column("mode", sa.String(12), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("data_date", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_snapshots"),
    )
    op.create_index("ix_snapshots_source_state", "snapshots", ["source", "state"])
    op.create_index("ix_snapshots_id", "snapshots", ["id"])
    op.create_table(
        "advisories",
        sa.Column("pk", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(200), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn", sa.DateTime(timezone=True), nullable=True),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_seq"], ["snapshots.seq"], name="fk_advisories_snapshot_seq_snapshots"
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_advisories"),
    )
    op.create_index("ix_advisories_source_id", "advisories", ["source", "id"])
    op.create_index("ix_advisories_snapshot_seq", "advisories", ["snapshot_seq"])
    _child("advisory_ids", sa.Column("alias", sa.String(200), nullable=False))
    op.create_index("ix_advisory_ids_alias", "advisory_ids", ["alias"])
    _child(
        "affected_index",
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("base", sa.String(64), nullable=False),
        sa.Column("ecosystem", sa.String(200), nullable=False),
    )
    op.create_index("ix_affected_index_name_base", "affected_index", ["name", "base"])
    _child(
        "cpe_index",
        sa.Column("product", sa.String(256), nullable=False),
        sa.Column("vendor", sa.String(256), nullable=False),
    )
    op.create_index("ix_cpe_index_product_vendor", "cpe_index", ["product", "vendor"])
    op.create_table(
        "kev",
        sa.Column("cve", sa.String(32), nullable=False),
        sa.Column("vendor", sa.Text(), nullable=False),
        sa.Column("product", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_added", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("known_ransomware", sa.Boolean(), nullable=True),
        sa.Column("required_action", sa.Text(), nullable=False),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_seq"], ["snapshots.seq"], name="fk_kev_snapshot_seq_snapshots"
        ),
        sa.PrimaryKeyConstraint("cve", name="pk_kev"),
    )
    op.create_table(
        "epss",
        sa.Column("cve", sa.String(32), nullable=False),
        sa.Column("epss", sa.Float(), nullable=False),
        sa.Column("percentile", sa.Float(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_seq"], ["snapshots.seq"], name="fk_epss_snapshot_seq_snapshots"
        ),
        sa.PrimaryKeyConstraint("cve", name="pk_epss"),
    )


def _child(table: str, *columns: sa.Column[object]) -> None:
    """A table of rows pointing at one advisory, deletable by advisory and by snapshot."""
    op.create_table(
        table,
        *columns,
        sa.Column("advisory_pk", sa.Integer(), nullable=False),
        sa.Column("snapshot_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["advisory_pk"], ["advisories.pk"], name=f"fk_{table}_advisory_pk_advisories"
        ),
    )
    op.create_index(f"ix_{table}_advisory_pk", table, ["advisory_pk"])
    op.create_index(f"ix_{table}_snapshot_seq", table, ["snapshot_seq"])


def downgrade() -> None:
    """Drop every table, dependants first."""
    for table in ("epss", "kev", "cpe_index", "affected_index", "advisory_ids", "advisories"):
        op.drop_table(table)
    op.drop_table("snapshots")
    op.drop_table("meta")
