"""Drafting (issue 6): drafts, their paragraphs, footnotes, amendments and versions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

Tables of :mod:`briefdesk.core.drafting.models`.  Ids are never reused
(``sqlite_autoincrement``) so that undoing a deletion restores the old id.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body_name", sa.String(300), nullable=False),
        sa.Column("symbol", sa.String(200), nullable=False),
        sa.Column("date", sa.Date),
        sa.Column("numbering", sa.JSON, nullable=False),
        sa.Column("source_document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="SET NULL")),
        sa.Column("source_part", sa.Integer),
        sa.Column("source_label", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_draft_source_document_id", "draft", ["source_document_id"])
    op.create_table(
        "draft_paragraph",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("draft.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("numbered", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("verb", sa.String(200)),
        sa.Column("source_paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="SET NULL")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_draft_paragraph_draft_id", "draft_paragraph", ["draft_id"])
    op.create_table(
        "draft_footnote",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("draft_paragraph.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("offset", sa.Integer),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_draft_footnote_paragraph_id", "draft_footnote", ["paragraph_id"])
    op.create_table(
        "draft_amendment",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("draft.id", ondelete="CASCADE"), nullable=False),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("draft_paragraph.id", ondelete="SET NULL")),
        sa.Column("op", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("old_text", sa.Text, nullable=False),
        sa.Column("new_text", sa.Text, nullable=False),
        sa.Column("anchor", sa.Text, nullable=False),
        sa.Column("sponsors", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_draft_amendment_draft_id", "draft_amendment", ["draft_id"])
    op.create_index("ix_draft_amendment_paragraph_id", "draft_amendment", ["paragraph_id"])
    op.create_table(
        "draft_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("draft.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("draft_id", "number"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_draft_version_draft_id", "draft_version", ["draft_id"])


def downgrade() -> None:
    for table in ("draft_version", "draft_amendment", "draft_footnote", "draft_paragraph", "draft"):
        op.drop_table(table)
