"""Who may do what in a team library on PostgreSQL (issue 16, point 5): three roles.

* ``briefdesk_reader`` — reads everything: documents, packs, drafts; searches (and may bring
  the search index up to date, a cache of the paragraphs' own words: ``paragraph_fts``);
* ``briefdesk_drafter`` — a reader who may also write briefing packs and drafts (the tables of
  :mod:`.packs.models` and :mod:`.drafting.models`);
* ``briefdesk_librarian`` — a drafter who may also import and delete documents.

Each is a PostgreSQL role without login (``NOLOGIN``), the next one a member of the one before
(``GRANT briefdesk_reader TO briefdesk_drafter``…); a delegate's login role is made a member of
one of them (:func:`grant`).  The server enforces them: a write the role does not allow fails
with ``insufficient_privilege`` (SQLSTATE 42501), which the library words as
:class:`~.errors.NotPermitted`.  The application asks :func:`capabilities` to hide what the user
cannot do.  The database owner (who runs the migrations) runs :func:`install_roles` once, and
again after an upgrade that adds tables (``briefdesk team roles``); it is idempotent.

All the role SQL of BriefDesk is here (PostgreSQL only; the statements follow the PostgreSQL
manual, "Database Roles" and ``GRANT``).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .errors import BriefDeskError
from .i18n import _

READER, DRAFTER, LIBRARIAN = "briefdesk_reader", "briefdesk_drafter", "briefdesk_librarian"
#: the short names the command line takes → the roles
ROLES = {"reader": READER, "drafter": DRAFTER, "librarian": LIBRARIAN}

#: what a library lets the user do: read, write packs and drafts, import and delete documents
READ, DRAFT, IMPORT = "read", "draft", "import"
EVERYTHING = frozenset({READ, DRAFT, IMPORT})

#: tables a reader may update (a cache of the paragraphs' own words)
_READER_WRITES = ("paragraph_fts",)


def _tables() -> tuple[list[str], list[str]]:
    """``(drafting tables, every table)`` of the library's schema, from the ORM metadata."""
    from .models import Base

    drafting = sorted({m.local_table.name for m in Base.registry.mappers
                       if m.class_.__module__.startswith(("briefdesk.core.packs", "briefdesk.core.drafting"))})
    return drafting, sorted(Base.metadata.tables)


def _quote(connection: Connection, name: str) -> str:
    return connection.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one()


def install_roles(connection: Connection) -> None:
    """Create the three roles where missing and grant them what they may do on every table of
    the current schema (run as the database owner, after migrating).  Idempotent."""
    _postgres_only(connection)
    for role in (READER, DRAFTER, LIBRARIAN):
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {role} NOLOGIN"))
    connection.execute(text(f"GRANT {READER} TO {DRAFTER}"))
    connection.execute(text(f"GRANT {DRAFTER} TO {LIBRARIAN}"))
    database = _quote(connection, connection.execute(text("SELECT current_database()")).scalar_one())
    connection.execute(text(f"GRANT CONNECT ON DATABASE {database} TO {READER}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {READER}"))
    existing = set(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
    drafting, everything = _tables()
    everything = [t for t in everything if t in existing] + [t for t in _READER_WRITES if t in existing]
    for table in sorted(set(everything)):
        connection.execute(text(f"GRANT SELECT ON {_quote(connection, table)} TO {READER}"))
    if "alembic_version" in existing:
        connection.execute(text(f"GRANT SELECT ON alembic_version TO {READER}"))
    for table in _READER_WRITES:
        if table in existing:
            connection.execute(text(f"GRANT UPDATE, INSERT ON {table} TO {READER}"))
    for table in drafting:
        if table in existing:
            connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {_quote(connection, table)} TO {DRAFTER}"))
    for table in sorted(set(everything)):
        connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {_quote(connection, table)} TO {LIBRARIAN}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {DRAFTER}"))


def grant(connection: Connection, user: str, role: str) -> None:
    """Make login role ``user`` a member of ``role`` (``"reader"``, ``"drafter"`` or
    ``"librarian"``), taking it out of the others.  Raises :class:`BriefDeskError` for an unknown
    role name."""
    _postgres_only(connection)
    if role not in ROLES:
        raise BriefDeskError(_("Unknown role {role}: reader, drafter or librarian.").format(role=role))
    who = _quote(connection, user)
    for other in ROLES.values():
        connection.execute(text(f"REVOKE {other} FROM {who}"))
    connection.execute(text(f"GRANT {ROLES[role]} TO {who}"))


def capabilities(connection: Connection) -> frozenset[str]:
    """What the connected user may do: a subset of :data:`EVERYTHING`, from the server's own
    privilege checks (``has_table_privilege``), so it holds whether the user is in one of the
    roles above, owns the database, or was granted privileges by hand.  Other databases
    (SQLite: the file's permissions decide) → :data:`EVERYTHING`."""
    if connection.dialect.name != "postgresql":
        return EVERYTHING
    row = connection.execute(text(
        "SELECT has_table_privilege('document', 'SELECT'), has_table_privilege('draft_amendment', 'INSERT')"
        " AND has_table_privilege('pack', 'INSERT'), has_table_privilege('document', 'INSERT')"
        " AND has_table_privilege('document', 'DELETE')")).one()
    return frozenset(name for name, allowed in zip((READ, DRAFT, IMPORT), row) if allowed)


def _postgres_only(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise BriefDeskError(_("Roles are for a team library on PostgreSQL; this library is {kind}.").format(
            kind=connection.dialect.name))
