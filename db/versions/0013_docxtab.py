"""Tables as tables (issue 11, point 5).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

Adds to ``paragraph`` what a table row needs to be shown as a grid:
``table_index`` (the table's index in its document, shared by its rows),
``cells`` (the cell texts, JSON list) and ``cell_spans`` (each cell's
``[columns, rows]``, JSON, ``NULL`` when all are 1 × 1).  Rows stored before
keep ``NULL`` and show as their text, as they did (cells joined by ``" | "``);
importing the file again stores the grid.  Downgrading drops the columns.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("paragraph", sa.Column("table_index", sa.Integer))
    op.add_column("paragraph", sa.Column("cells", sa.JSON))
    op.add_column("paragraph", sa.Column("cell_spans", sa.JSON))


def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy of the table
    # would drop the triggers that keep the search index (0004) up to date
    for name in ("cell_spans", "cells", "table_index"):
        op.drop_column("paragraph", name)
