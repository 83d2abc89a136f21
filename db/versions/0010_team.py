"""A team's library and its offline copies (issue 16, points 3 and 4).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

* ``pack.row_version``, ``draft.row_version``: a count of the row's edits that every write
  checks and increments (SQLAlchemy's ``version_id_col``), so that two people editing one
  pack or draft at once never overwrite each other unseen (:mod:`briefdesk.core.concurrency`).
  Existing rows start at 1.
* ``pack.uid``, ``draft.uid``: an identity that is the same in every copy of the library
  (32 hex digits; a new one for each existing row), unique.
* ``team_link`` and ``team_sync_state``: the team library a laptop's library is an offline copy
  of, and what each pack and draft looked like when both last agreed (:mod:`briefdesk.core.team`).

Downgrading drops them all.
"""
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("pack", "draft")


def upgrade() -> None:
    connection = op.get_bind()
    for table in TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer, nullable=False, server_default="1"))
        op.add_column(table, sa.Column("uid", sa.String(32)))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("uid", sa.String))
        ids = connection.execute(sa.select(rows.c.id)).scalars().all()
        if ids:
            connection.execute(rows.update().where(rows.c.id == sa.bindparam("rid")).values(uid=sa.bindparam("u")),
                               [{"rid": i, "u": uuid.uuid4().hex} for i in ids])
        op.create_index(f"ix_{table}_uid", table, ["uid"], unique=True)
    op.create_table(
        "team_link",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(500), nullable=False, unique=True),
        sa.Column("bodies", sa.JSON, nullable=False),
        sa.Column("sessions", sa.JSON, nullable=False),
        sa.Column("synced_at", sa.DateTime),
    )
    op.create_table(
        "team_sync_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("link_id", sa.Integer, sa.ForeignKey("team_link.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.UniqueConstraint("link_id", "kind", "uid"),
    )
    op.create_index("ix_team_sync_state_link_id", "team_sync_state", ["link_id"])


def downgrade() -> None:
    op.drop_table("team_sync_state")
    op.drop_table("team_link")
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and later, PostgreSQL): a batch copy of
    # ``draft`` would drop the table, and its ON DELETE CASCADE would take the amendments with it
    for table in TABLES:
        op.drop_index(f"ix_{table}_uid", table_name=table)
        op.drop_column(table, "uid")
        op.drop_column(table, "row_version")
