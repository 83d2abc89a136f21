"""Agreed language at hand (issue 15, point 5).

Revision ID: 0010
Revises: 0009
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

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("draft_paragraph", sa.Column("source_symbol", sa.String(200)))
    op.add_column("draft_paragraph", sa.Column("source_number", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("draft_paragraph") as batch:
        batch.drop_column("source_number")
        batch.drop_column("source_symbol")
