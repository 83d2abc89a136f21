"""Briefing packs (issue 5): reserved for pack tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21

Placeholder so that work on several issues can land in any order; it changes nothing
until filled in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
