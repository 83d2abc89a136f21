"""PostgreSQL search index (issue 16): tokens of our own in a GIN-indexed ``tsvector``.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-07

PostgreSQL only: creates ``paragraph_fts`` (one row per paragraph: its
:func:`briefdesk.core.search.tokens.index_text` tokens as a ``tsvector`` and
its token count), the GIN index over it and the triggers that mark written
paragraphs for indexing, then indexes every stored paragraph
(:mod:`briefdesk.core.search.pg_fts`).  SQLite has its FTS5 index already
(0004): a no-op there.  Downgrading drops these objects on PostgreSQL.
"""
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from briefdesk.core.search import pg_fts

        pg_fts.install_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from briefdesk.core.search import pg_fts

        pg_fts.drop_index(bind)
