"""The tables of briefing packs (issue 5), as SQLAlchemy 2.0 typed ORM classes.

A :class:`Pack` is one briefing pack for one meeting.  It owns its
:class:`AgendaItem` rows in order (``position`` 0, 1, 2…); each item owns
its :class:`Excerpt` rows in order; each excerpt owns the paragraphs it
copied (:class:`ExcerptParagraph`), which own their :class:`Highlight` rows
and at most one :class:`Note`.

An excerpt is **self-contained**: its paragraphs are stored as imported
(number, kind, level, verb, section, footnotes — the fields of
:class:`~briefdesk.core.document.ParsedParagraph`), with the source's
symbol, language, title and dates, so a pack still reads and prints when
its source document is deleted or absent (a pack shared as ``.briefpack``).
``source_document_id`` and ``ExcerptParagraph.source_paragraph_id`` point
back into the library while the source is there (``NULL`` otherwise).
``content_hash`` is :func:`briefdesk.core.packs.service.excerpt_hash` of the
paragraphs as copied; comparing it with the same hash of the library's
current source tells whether the excerpt is stale.

Rich text (agenda item sections, notes) is stored as the restricted HTML
that :func:`briefdesk.core.packs.richtext.sanitize` returns.  The schema is
created by migration ``db/versions/0005_packs.py``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models import Base, new_uid, utcnow


class Pack(Base):
    """A briefing pack for one meeting.

    * ``body``, ``session``, ``venue``: as a delegate writes them
      (``"执行问题附属机构"``, ``"第二次会议"``, ``"加拿大蒙特利尔"``);
    * ``start_date``/``end_date``: the meeting's dates;
    * ``delegation``: whose pack it is (``"中国代表团"``);
    * ``language``: ISO 639-1 code of the pack (labels, dates: ``"zh"``, ``"en"``);
    * ``classification``: marking printed on every page (``"内部"``, ``"RESTRICTED"``);
    * ``version``: free text (``"1"``, ``"draft 2"``).
    """

    __tablename__ = "pack"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(String(300), default="")
    session: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(300), default="")
    delegation: Mapped[str] = mapped_column(String(300), default="")
    language: Mapped[str] = mapped_column(String(8), default="en")
    classification: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: edits so far, for optimistic concurrency (SQLAlchemy's ``version_id_col``): every write
    #: of the row checks that it still holds the count it was read with (issue 16)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    #: the same in every library that holds a copy of it (a team library and the laptops'
    #: offline copies: :mod:`briefdesk.core.team`); 32 hex digits (``uuid4().hex``)
    uid: Mapped[str | None] = mapped_column(String(32), default=new_uid, index=True, unique=True)

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="pack", order_by="AgendaItem.position",
        cascade="all, delete-orphan", passive_deletes=True)


class AgendaItem(Base):
    """One agenda item of a pack, with the delegation's rich-text sections.

    ``number`` as printed on the agenda (``"11"``, ``"3 (a)"``); the four
    sections hold sanitized HTML (see :mod:`.richtext`): ``background``,
    ``objectives`` (objectives and position), ``talking_points``,
    ``lines_to_take``.
    """

    __tablename__ = "pack_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("pack.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    background: Mapped[str] = mapped_column(Text, default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    talking_points: Mapped[str] = mapped_column(Text, default="")
    lines_to_take: Mapped[str] = mapped_column(Text, default="")

    pack: Mapped[Pack] = relationship(back_populates="items")
    excerpts: Mapped[list[Excerpt]] = relationship(
        back_populates="item", order_by="Excerpt.position",
        cascade="all, delete-orphan", passive_deletes=True)


class Excerpt(Base):
    """Paragraphs copied from one library document into an agenda item.

    ``scope`` says what was taken: ``"document"`` (the whole document),
    ``"section"`` (``section`` names it, e.g. ``"A"``) or ``"paragraphs"``.
    ``source_*`` fields copy the source's metadata at excerpt time;
    ``content_hash`` is the SHA-256 (hex) of the copied paragraphs
    (:func:`~briefdesk.core.packs.service.excerpt_hash`).
    """

    __tablename__ = "pack_excerpt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("pack_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    scope: Mapped[str] = mapped_column(String(16), default="paragraphs")
    section: Mapped[str | None] = mapped_column(String(32))
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True)
    source_symbol: Mapped[str | None] = mapped_column(String(200))
    source_language: Mapped[str] = mapped_column(String(8), default="")
    source_title: Mapped[str] = mapped_column(Text, default="")
    source_body: Mapped[str] = mapped_column(String(300), default="")
    source_kind: Mapped[str] = mapped_column(String(32), default="")
    source_date: Mapped[dt.date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[AgendaItem] = relationship(back_populates="excerpts")
    paragraphs: Mapped[list[ExcerptParagraph]] = relationship(
        back_populates="excerpt", order_by="ExcerptParagraph.position",
        cascade="all, delete-orphan", passive_deletes=True)


class ExcerptParagraph(Base):
    """One paragraph of an excerpt, stored as imported.

    Fields mean what they mean in :class:`~briefdesk.core.document.ParsedParagraph`;
    ``footnotes`` is a list of ``{"marker", "text", "offset"}`` objects;
    ``part_title`` is the title of the embedded part (draft decision) the
    paragraph belongs to, or ``None``; ``source_paragraph_id`` the library
    paragraph it was copied from while that exists.
    """

    __tablename__ = "pack_paragraph"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    excerpt_id: Mapped[int] = mapped_column(ForeignKey("pack_excerpt.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    source_paragraph_id: Mapped[int | None] = mapped_column(ForeignKey("paragraph.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16), default="body")
    number: Mapped[str | None] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    verb: Mapped[str | None] = mapped_column(String(200))
    section: Mapped[str | None] = mapped_column(String(32))
    part_title: Mapped[str | None] = mapped_column(Text)
    footnotes: Mapped[list[dict]] = mapped_column(JSON, default=list)

    excerpt: Mapped[Excerpt] = relationship(back_populates="paragraphs")
    highlights: Mapped[list[Highlight]] = relationship(
        back_populates="paragraph", order_by="Highlight.start",
        cascade="all, delete-orphan", passive_deletes=True)
    note: Mapped[Note | None] = relationship(
        back_populates="paragraph", cascade="all, delete-orphan", passive_deletes=True)


class Highlight(Base):
    """Highlighted characters ``text[start:end]`` of one excerpt paragraph (0-based, end exclusive)."""

    __tablename__ = "pack_highlight"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("pack_paragraph.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    paragraph: Mapped[ExcerptParagraph] = relationship(back_populates="highlights")


class Note(Base):
    """The delegation's note on one excerpt paragraph: sanitized rich text (see :mod:`.richtext`)."""

    __tablename__ = "pack_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(
        ForeignKey("pack_paragraph.id", ondelete="CASCADE"), unique=True)
    text: Mapped[str] = mapped_column(Text, default="")

    paragraph: Mapped[ExcerptParagraph] = relationship(back_populates="note")
