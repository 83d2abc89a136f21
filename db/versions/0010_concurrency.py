"""Optimistic concurrency on packs and drafts (issue 16, point 3).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

Adds ``pack.row_version`` and ``draft.row_version``: a count of the row's edits that every
write checks and increments (SQLAlchemy's ``version_id_col``), so that two people editing
one pack or draft of a team library at once never overwrite each other unseen
(:mod:`briefdesk.core.concurrency`).  Existing rows start at 1.  Downgrading drops them.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("pack", "draft")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    # a plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later, PostgreSQL): a batch copy of
    # ``draft`` would drop the table, and its ON DELETE CASCADE would take the amendments with it
    for table in TABLES:
        op.drop_column(table, "row_version")
