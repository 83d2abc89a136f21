"""Citations: what each paragraph cites, and where in the library it resolves.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "citation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("internal", sa.Boolean, nullable=False),
        sa.Column("target_symbol", sa.String(200)),
        sa.Column("target_paragraph", sa.String(32)),
        sa.Column("target_annex", sa.String(16)),
        sa.Column("resolved_document_id", sa.Integer, sa.ForeignKey("document.id", ondelete="SET NULL")),
        sa.Column("resolved_paragraph_id", sa.Integer, sa.ForeignKey("paragraph.id", ondelete="SET NULL")),
    )
    op.create_index("ix_citation_paragraph_id", "citation", ["paragraph_id"])
    op.create_index("ix_citation_target_symbol", "citation", ["target_symbol"])
    op.create_index("ix_citation_resolved_document_id", "citation", ["resolved_document_id"])
    op.create_index("ix_citation_resolved_paragraph_id", "citation", ["resolved_paragraph_id"])


def downgrade() -> None:
    op.drop_table("citation")
