"""Document understanding (issue 3): link targets and citation re-extraction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

* ``citation.href``: the link the source set on a cited text (AKN ``<a href>``).
* ``document.citations_version``: which version of the citation extractor
  filled a document's citations.  Every existing row gets NULL, so
  documents imported before citations existed (before 0002), or by an older
  extractor, are re-extracted by :class:`briefdesk.core.library.Library`
  when it opens the library (the data step needs the extractor and the
  resolver, which live in ``briefdesk.core``, not in a migration frozen in time).
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("citation") as batch:
        batch.add_column(sa.Column("href", sa.String(500)))
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("citations_version", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("document") as batch:
        batch.drop_column("citations_version")
    with op.batch_alter_table("citation") as batch:
        batch.drop_column("href")
