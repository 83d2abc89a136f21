"""Agreed language at hand (issue 15, point 5).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

Adds the citation of the adopted text a draft paragraph's wording was taken
from: ``draft_paragraph.source_symbol`` (the document's symbol as printed,
``A/RES/75/1``) and ``draft_paragraph.source_number`` (the paragraph's number
as cited, ``4`` or ``4 (a)``).  Both are kept as text so that the citation
survives the library document being deleted (``source_paragraph_id`` then
becomes NULL).  Existing paragraphs have no citation.  Downgrading drops the columns.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("draft_paragraph", sa.Column("source_symbol", sa.String(200)))
    op.add_column("draft_paragraph", sa.Column("source_number", sa.String(40)))


def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL): a batch copy would drop
    # draft_paragraph, and its ON DELETE CASCADE would take the footnotes with it
    op.drop_column("draft_paragraph", "source_number")
    op.drop_column("draft_paragraph", "source_symbol")
