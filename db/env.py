"""Alembic environment for the BriefDesk library.

The application runs migrations itself on open (``Library``), passing its
own connection in ``config.attributes["connection"]`` so that the SQLite
connection hooks (``bd_tokens``) are in force.  From the shell:
``alembic -c db/alembic.ini -x url=sqlite:////path/library.sqlite upgrade head``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from briefdesk.core.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    from briefdesk.core.library import make_engine

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = make_engine(url) if url else create_engine("sqlite://")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
