"""The library's tables, as SQLAlchemy 2.0 typed ORM classes.

A :class:`Document` owns its :class:`Paragraph` rows in reading order
(``position`` 0, 1, 2…), its :class:`Part` rows (texts embedded with their own
numbering, such as a draft decision inside a note) and, through paragraphs,
its :class:`Footnote` and :class:`Citation` rows.  The schema is created and changed only by the
Alembic migrations in ``db/versions``; a test checks that they match these
classes.  Nothing here is specific to one database.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .document import DocumentKind, ParagraphKind


class Base(DeclarativeBase):
    """Declarative base of every BriefDesk table."""


def utcnow() -> dt.datetime:
    """The current time in UTC without tzinfo (how the library stores times)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def new_uid() -> str:
    """A new identity for a pack or draft that stays the same in every copy of the library:
    ``uuid4().hex`` (32 hex digits)."""
    return uuid.uuid4().hex


class Document(Base):
    """One imported document: decision, resolution, recommendation, draft, note or report.

    One row per language version: the versions of one document share ``work``
    (issue 14), and are shown, listed and filtered as one.

    ``content_hash`` is the SHA-256 (hex) of the file's bytes as imported;
    it is unique, so importing the same file twice stores it once.
    """

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symbol: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(String(300), default="", index=True)
    #: the canonical body (:func:`.bodies.body_code`: ``"ga"``, ``"cbd-cop"``; a body in no table:
    #: its written name); the tree, the body filter and ``briefdesk list`` group by it
    body_code: Mapped[str] = mapped_column(String(300), default="", index=True)
    #: the key the language versions of one document share (:func:`.symbols.work_key`:
    #: ``"A/RES/75/100"`` in ar, zh, en, fr, ru, es); ``None`` when the document has no symbol
    work: Mapped[str | None] = mapped_column(String(300), index=True)
    session: Mapped[str] = mapped_column(String(200), default="")
    language: Mapped[str] = mapped_column(String(8), default="", index=True)
    kind: Mapped[str] = mapped_column(String(32), default=DocumentKind.OTHER.value)
    date: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    agenda_item: Mapped[str] = mapped_column(String(100), default="")
    draft_symbol: Mapped[str | None] = mapped_column(String(200))
    sponsors: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_name: Mapped[str] = mapped_column(String(500), default="")
    source_format: Mapped[str] = mapped_column(String(16), default="")
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: :data:`~.citations.EXTRACTOR_VERSION` that extracted this document's citations; ``None``
    #: for documents stored before citations were extracted (re-extracted when the library opens)
    citations_version: Mapped[int | None] = mapped_column(Integer)

    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="document", order_by="Paragraph.position",
        cascade="all, delete-orphan", passive_deletes=True)
    parts: Mapped[list[Part]] = relationship(
        back_populates="document", order_by="Part.position",
        cascade="all, delete-orphan", passive_deletes=True)

class Part(Base):
    """A text embedded in a document with its own numbering (e.g. a draft decision)."""

    __tablename__ = "part"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="parts")


class Paragraph(Base):
    """One paragraph of a document, in reading order (see :class:`~.document.ParsedParagraph`)."""

    __tablename__ = "paragraph"
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default=ParagraphKind.BODY.value)
    number: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    verb: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(32))
    part_id: Mapped[int | None] = mapped_column(ForeignKey("part.id", ondelete="CASCADE"), index=True)
    #: for a table row: the table's index in the document, its cell texts and their
    #: ``[columns, rows]`` spans (:attr:`~.document.ParsedParagraph.table`, ``cells``,
    #: ``spans``; migration 0010); ``NULL`` for other paragraphs and for rows stored
    #: before 0010, which show as their text
    table_index: Mapped[int | None] = mapped_column(Integer)
    cells: Mapped[list[str] | None] = mapped_column(JSON)
    cell_spans: Mapped[list[list[int]] | None] = mapped_column(JSON)

    document: Mapped[Document] = relationship(back_populates="paragraphs")
    part: Mapped[Part | None] = relationship()
    footnotes: Mapped[list[Footnote]] = relationship(
        back_populates="paragraph", order_by="Footnote.position",
        cascade="all, delete-orphan", passive_deletes=True)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="paragraph", order_by="Citation.position", foreign_keys="Citation.paragraph_id",
        cascade="all, delete-orphan", passive_deletes=True)

class Footnote(Base):
    """A footnote attached to the paragraph whose text carries its marker."""

    __tablename__ = "footnote"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    marker: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    offset: Mapped[int | None] = mapped_column(Integer)

    paragraph: Mapped[Paragraph] = relationship(back_populates="footnotes")


class Citation(Base):
    """A citation printed in a paragraph, and what it resolves to in the library.

    ``start``/``end`` are character offsets into the citing paragraph's text;
    ``kind`` is a :class:`~.citations.CitationKind` value; ``target_symbol`` is
    normalised (``"XII/6"``, ``"A/RES/75/1"``; ``None`` for articles and for
    internal references, whose target is the citing document).  The resolved
    ids are ``None`` while the cited document is not in the library (see
    :mod:`.citations` for the rules).  ``href`` is the link the source itself
    set on the cited text (an AKN ``<a href="https://undocs.org/…">``), or ``None``.
    A citation printed in a footnote has ``footnote_id`` set, and then
    ``start``/``end`` are offsets into that footnote's text; ``paragraph_id`` is
    still the paragraph the footnote is attached to.
    """

    __tablename__ = "citation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraph.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    target_symbol: Mapped[str | None] = mapped_column(String(200), index=True)
    target_paragraph: Mapped[str | None] = mapped_column(String(32))
    target_annex: Mapped[str | None] = mapped_column(String(16))
    resolved_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True)
    resolved_paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("paragraph.id", ondelete="SET NULL"), index=True)
    href: Mapped[str | None] = mapped_column(String(500))
    footnote_id: Mapped[int | None] = mapped_column(ForeignKey("footnote.id", ondelete="CASCADE"), index=True)

    paragraph: Mapped[Paragraph] = relationship(foreign_keys=[paragraph_id], back_populates="citations")
    footnote: Mapped[Footnote | None] = relationship(foreign_keys=[footnote_id])
    resolved_document: Mapped[Document | None] = relationship(foreign_keys=[resolved_document_id])
    resolved_paragraph: Mapped[Paragraph | None] = relationship(foreign_keys=[resolved_paragraph_id])


class TeamLink(Base):
    """The team library this one is an offline copy of (issue 16; :mod:`.team`).

    ``url``: the team library's address without any password (passwords stay in libpq's
    ``.pgpass`` or the system keyring); ``bodies``/``sessions``: what was taken offline
    (empty: everything); ``synced_at``: the end of the last complete synchronisation (UTC)."""

    __tablename__ = "team_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(500), unique=True)
    bodies: Mapped[list[str]] = mapped_column(JSON, default=list)
    sessions: Mapped[list[str]] = mapped_column(JSON, default=list)
    synced_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class TeamSyncState(Base):
    """What a pack or draft looked like when this library and its team library last agreed on
    it: ``kind`` ``"pack"`` or ``"draft"``, its ``uid``, and the ``fingerprint`` (SHA-256 of its
    content, :func:`.team.fingerprint`) both sides had then.  Kept in the laptop's library."""

    __tablename__ = "team_sync_state"
    __table_args__ = (UniqueConstraint("link_id", "kind", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("team_link.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    uid: Mapped[str] = mapped_column(String(32))
    fingerprint: Mapped[str] = mapped_column(String(64))


# Tables of the drafting workspace (issue 6) share this Base and its metadata.
from .drafting import models as _drafting_models  # noqa: E402,F401
# Briefing-pack tables (issue 5) join Base.metadata wherever the library's tables do.
from .packs import models as _pack_models  # noqa: E402,F401
