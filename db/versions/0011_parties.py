"""Sponsors as codes of Parties and groups (issue 15, point 1).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

No table changes: ``draft_amendment.sponsors`` stays a JSON list of strings.
Upgrading turns each sponsor typed as free text into its code where
:func:`briefdesk.core.parties.to_codes` places it exactly — a code, or a name or
known alias in any of the six UN languages (``"European Union"``,
``"欧洲联盟"``, ``"Union européenne"`` → ``"EU"``; ``"Norway"`` → ``"NOR"``) — and
keeps every other sponsor as it was typed: none is dropped (two spellings of
one Party become one code).  Frozen versions (``draft_version.snapshot``) are
left as they were saved.  Downgrading writes each code back as its English
name (``"EU"`` → ``"European Union"``), which the older schema stored as text.
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _rewrite(convert) -> None:
    amendment = sa.table("draft_amendment", sa.column("id", sa.Integer), sa.column("sponsors", sa.JSON))
    connection = op.get_bind()
    updates = []
    for aid, sponsors in connection.execute(sa.select(amendment.c.id, amendment.c.sponsors)).all():
        old = list(sponsors or [])
        new = convert(old)
        if new != old:
            updates.append({"aid": aid, "s": new})
    if updates:
        connection.execute(amendment.update().where(amendment.c.id == sa.bindparam("aid"))
                           .values(sponsors=sa.bindparam("s", type_=sa.JSON)), updates)


def upgrade() -> None:
    from briefdesk.core import parties

    _rewrite(lambda sponsors: parties.to_codes([str(s) for s in sponsors]) or sponsors)


def downgrade() -> None:
    from briefdesk.core import parties

    _rewrite(lambda sponsors: [parties.label(str(s), "en") for s in sponsors])
