"""Language versions as one document, canonical bodies (issue 14).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Adds ``document.work`` (the key the language versions of one document share,
:func:`briefdesk.core.symbols.work_key`) and ``document.body_code`` (the
canonical body, :func:`briefdesk.core.bodies.body_code`), and fills both for
the documents already in the library from their stored symbol and body, so an
existing library is converted without re-importing anything.  Downgrading
drops the two columns (nothing else was changed).
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from briefdesk.core.bodies import body_code
    from briefdesk.core.symbols import work_key

    # Not in batch mode: recreating the document table would cascade-delete every paragraph on
    # SQLite with foreign keys on (as in 0003); ALTER TABLE … ADD/DROP COLUMN is standard SQL.
    op.add_column("document", sa.Column("body_code", sa.String(300), nullable=False, server_default=""))
    op.add_column("document", sa.Column("work", sa.String(300)))
    op.create_index("ix_document_body_code", "document", ["body_code"])
    op.create_index("ix_document_work", "document", ["work"])
    document = sa.table("document", sa.column("id", sa.Integer), sa.column("symbol", sa.String),
                        sa.column("body", sa.String), sa.column("body_code", sa.String),
                        sa.column("work", sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(document.c.id, document.c.symbol, document.c.body)).all()
    updates = []
    for doc_id, symbol, body in rows:
        code = body_code(symbol, body)
        updates.append({"doc_id": doc_id, "code": code, "work": work_key(symbol, code)})
    if updates:
        connection.execute(document.update().where(document.c.id == sa.bindparam("doc_id"))
                           .values(body_code=sa.bindparam("code"), work=sa.bindparam("work")), updates)


def downgrade() -> None:
    op.drop_index("ix_document_work", "document")
    op.drop_index("ix_document_body_code", "document")
    op.drop_column("document", "work")
    op.drop_column("document", "body_code")
