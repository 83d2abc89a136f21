"""Briefing packs (issue 5): packs, agenda items, excerpts copied as imported, highlights, notes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

Tables mirror :mod:`briefdesk.core.packs.models`.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pack",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.String(300), nullable=False),
        sa.Column("session", sa.String(200), nullable=False),
        sa.Column("start_date", sa.Date),
        sa.Column("end_date", sa.Date),
        sa.Column("venue", sa.String(300), nullable=False),
        sa.Column("delegation", sa.String(300), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("classification", sa.String(100), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "pack_item",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pack_id", sa.Integer, sa.ForeignKey("pack.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("background", sa.Text, nullable=False),
        sa.Column("objectives", sa.Text, nullable=False),
        sa.Column("talking_points", sa.Text, nullable=False),
        sa.Column("lines_to_take", sa.Text, nullable=False),
    )
    op.create_index("ix_pack_item_pack_id", "pack_item", ["pack_id"])
    op.create_table(
        "pack_excerpt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("item_id", sa.Integer, sa.ForeignKey("pack_item.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("section", sa.String(32)),
        sa.Column("source_document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="SET NULL")),
        sa.Column("source_symbol", sa.String(200)),
        sa.Column("source_language", sa.String(8), nullable=False),
        sa.Column("source_title", sa.Text, nullable=False),
        sa.Column("source_body", sa.String(300), nullable=False),
        sa.Column("source_kind", sa.String(32), nullable=False),
        sa.Column("source_date", sa.Date),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_pack_excerpt_item_id", "pack_excerpt", ["item_id"])
    op.create_index("ix_pack_excerpt_source_document_id", "pack_excerpt", ["source_document_id"])
    op.create_table(
        "pack_paragraph",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("excerpt_id", sa.Integer, sa.ForeignKey("pack_excerpt.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("source_paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="SET NULL")),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.String(32)),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("verb", sa.String(200)),
        sa.Column("section", sa.String(32)),
        sa.Column("part_title", sa.Text),
        sa.Column("footnotes", sa.JSON, nullable=False),
    )
    op.create_index("ix_pack_paragraph_excerpt_id", "pack_paragraph", ["excerpt_id"])
    op.create_table(
        "pack_highlight",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("pack_paragraph.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_index("ix_pack_highlight_paragraph_id", "pack_highlight", ["paragraph_id"])
    op.create_table(
        "pack_note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("pack_paragraph.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("pack_note", "pack_highlight", "pack_paragraph", "pack_excerpt", "pack_item", "pack"):
        op.drop_table(table)
