"""Document understanding (issue 3): link targets and citation re-extraction.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21

* ``citation.href``: the link the source set on a cited text (AKN ``<a href>``).
* ``citation.footnote_id``: a citation printed in a footnote (offsets into its text).
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
        batch.add_column(sa.Column("footnote_id", sa.Integer))
        batch.create_foreign_key("fk_citation_footnote_id_footnote", "footnote", ["footnote_id"], ["id"],
                                 ondelete="CASCADE")
        batch.create_index("ix_citation_footnote_id", ["footnote_id"])
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("citations_version", sa.Integer))


def downgrade() -> None:
    # Not in batch mode: recreating the document table would cascade-delete every paragraph on
    # SQLite with foreign keys on; ALTER TABLE … DROP COLUMN is standard SQL (SQLite 3.35+).
    op.drop_column("document", "citations_version")
    with op.batch_alter_table("citation") as batch:
        batch.drop_index("ix_citation_footnote_id")
        batch.drop_constraint("fk_citation_footnote_id_footnote", type_="foreignkey")
        batch.drop_column("footnote_id")
        batch.drop_column("href")
