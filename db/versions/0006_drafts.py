"""Drafting (issue 6): reserved for draft tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21

Placeholder so that work on several issues can land in any order; it changes nothing
until filled in.
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
