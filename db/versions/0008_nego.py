"""Numbered amendments (issue 15, point 2).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

Adds ``draft_amendment.number``: the amendment's number within its draft
(1, 2, 3 … in the order proposed, never reused or renumbered), and numbers the
amendments already stored, per draft, in the order of their ids (the order in
which they were proposed).  Downgrading drops the column.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("draft_amendment", sa.Column("number", sa.Integer))
    amendment = sa.table("draft_amendment", sa.column("id", sa.Integer), sa.column("draft_id", sa.Integer),
                         sa.column("number", sa.Integer))
    connection = op.get_bind()
    rows = connection.execute(sa.select(amendment.c.id, amendment.c.draft_id).order_by(amendment.c.id)).all()
    counters: dict[int, int] = {}
    updates = []
    for aid, draft_id in rows:
        counters[draft_id] = counters.get(draft_id, 0) + 1
        updates.append({"aid": aid, "n": counters[draft_id]})
    if updates:
        connection.execute(amendment.update().where(amendment.c.id == sa.bindparam("aid"))
                           .values(number=sa.bindparam("n")), updates)


def downgrade() -> None:
    with op.batch_alter_table("draft_amendment") as batch:
        batch.drop_column("number")
