"""Search (issue 4): the paragraph index rebuilt in its current design, with its vocabulary.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

SQLite only: drops the FTS5 index and its triggers and installs them again
as :mod:`briefdesk.core.search.sqlite_fts` now defines them (tokens, prefix
index, the ``fts5vocab`` table that similar-paragraph search reads), then
indexes every stored paragraph.  Other databases have no index to change.
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from briefdesk.core.search import sqlite_fts

        sqlite_fts.drop_index(bind)
        sqlite_fts.install_index(bind)


def downgrade() -> None:
    pass  # the index of 0001 is a subset of this one; nothing to undo
