"""The library: documents, parts, paragraphs, footnotes, and the paragraph index.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("symbol", sa.String(200)),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.String(300), nullable=False),
        sa.Column("session", sa.String(200), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("agenda_item", sa.String(100), nullable=False),
        sa.Column("draft_symbol", sa.String(200)),
        sa.Column("sponsors", sa.JSON, nullable=False),
        sa.Column("source_name", sa.String(500), nullable=False),
        sa.Column("source_format", sa.String(16), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_document_symbol", "document", ["symbol"])
    op.create_index("ix_document_body", "document", ["body"])
    op.create_index("ix_document_language", "document", ["language"])
    op.create_table(
        "part",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
    )
    op.create_index("ix_part_document_id", "part", ["document_id"])
    op.create_table(
        "paragraph",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.String(32)),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("verb", sa.String(200)),
        sa.Column("section", sa.String(32)),
        sa.Column("part_id", sa.Integer, sa.ForeignKey("part.id", ondelete="CASCADE")),
        sa.UniqueConstraint("document_id", "position"),
    )
    op.create_index("ix_paragraph_document_id", "paragraph", ["document_id"])
    op.create_index("ix_paragraph_part_id", "paragraph", ["part_id"])
    op.create_table(
        "footnote",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("marker", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("offset", sa.Integer),
    )
    op.create_index("ix_footnote_paragraph_id", "footnote", ["paragraph_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from briefdesk.core.search import sqlite_fts

        sqlite_fts.install_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        from briefdesk.core.search import sqlite_fts

        sqlite_fts.drop_index(bind)
    for table in ("footnote", "paragraph", "part", "document"):
        op.drop_table(table)
