"""Match data and index versions: ``affected_index.entry``, ``snapshots.index_version``.

The new columns are empty for data imported before; the store re-indexes such snapshots from
their stored records when it opens the database (:mod:`medsec.storage.reindex`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the two nullable columns."""
    op.add_column("snapshots", sa.Column("index_version", sa.Integer(), nullable=True))
    op.add_column("affected_index", sa.Column("entry", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    """Drop them again (in batch mode: SQLite rebuilds the tables)."""
    for table, column in (("affected_index", "entry"), ("snapshots", "index_version")):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
