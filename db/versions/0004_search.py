"""Search (issue 4): reserved for search index changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21

Placeholder so that work on several issues can land in any order; it changes nothing
until filled in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
