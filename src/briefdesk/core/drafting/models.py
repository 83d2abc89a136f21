"""Tables of the drafting workspace (issue 6), as SQLAlchemy 2.0 typed ORM classes.

A :class:`Draft` owns, in reading order, its :class:`DraftParagraph` rows
(headings, preambular and operative paragraphs, sub-paragraphs), each with
its :class:`DraftFootnote` rows; its :class:`DraftAmendment` rows (proposals
by Parties on a span of one paragraph); and its frozen :class:`DraftVersion`
snapshots (``Rev.1``, ``Rev.2`` …).

Identity is independent of numbering: a paragraph keeps its ``id`` when it
moves, and numbers (``1.``, ``(a)``, ``(i)``, ``A.``) are computed from the
order (:mod:`.numbering`).  Internal references in a paragraph's ``text`` are
stored as tokens naming the target paragraph's id (:mod:`.references`), so
they follow their paragraph.  Square brackets are stored as the literal
``[``/``]`` characters a negotiating text prints (:mod:`.brackets`).

Ids are never reused (``sqlite_autoincrement``), so an undone deletion can
restore a paragraph under its old id and every reference to it comes back.
The schema is created by migration ``db/versions/0006_drafts.py``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models import Base, new_uid, utcnow


class Draft(Base):
    """A draft decision, recommendation or resolution being negotiated.

    * ``kind``: ``"decision"``, ``"recommendation"`` or ``"resolution"``
      (:class:`~briefdesk.core.drafting.service.DraftKind`).
    * ``language``: ISO 639-1 (``"zh"``, ``"en"``, ``"fr"``, ``"es"``, ``"ru"``, ``"ar"``).
    * ``body_name``: the adopting body's line as printed before the
      preamble (``"缔约方大会，"``, ``"The Conference of the Parties,"``).
    * ``symbol``: the symbol line (``"CBD/SBI/2/L.5"``, ``"第**/2017 号决议草案"``).
    * ``numbering``: printed patterns, keys ``operative`` (``"{n}."`` or
      ``"{n})"``), ``sub`` (``"({a})"``, ``"（{a}）"``), ``subsub`` (``"({i})"``),
      ``section`` (``"{A}."``); see :mod:`.numbering`.
    * ``source_document_id``/``source_part``: the library document (and the
      index of its embedded part) the draft was started from, or ``None``;
      ``source_label`` keeps its symbol and title should it be deleted.
    """

    __tablename__ = "draft"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="decision")
    language: Mapped[str] = mapped_column(String(8), default="en")
    title: Mapped[str] = mapped_column(Text, default="")
    body_name: Mapped[str] = mapped_column(String(300), default="")
    symbol: Mapped[str] = mapped_column(String(200), default="")
    date: Mapped[dt.date | None] = mapped_column(Date)
    numbering: Mapped[dict] = mapped_column(JSON, default=dict)
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="SET NULL"), index=True)
    source_part: Mapped[int | None] = mapped_column(Integer)
    source_label: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: edits so far, for optimistic concurrency (SQLAlchemy's ``version_id_col``): every write
    #: of the row checks that it still holds the count it was read with (issue 16)
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": row_version}
    #: the same in every library that holds a copy of it (a team library and the laptops'
    #: offline copies: :mod:`briefdesk.core.team`); 32 hex digits (``uuid4().hex``)
    uid: Mapped[str | None] = mapped_column(String(32), default=new_uid, index=True, unique=True)

    paragraphs: Mapped[list[DraftParagraph]] = relationship(
        back_populates="draft", order_by="DraftParagraph.position",
        cascade="all, delete-orphan", passive_deletes=True)
    amendments: Mapped[list[DraftAmendment]] = relationship(
        back_populates="draft", order_by="DraftAmendment.id",
        cascade="all, delete-orphan", passive_deletes=True)
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft", order_by="DraftVersion.number",
        cascade="all, delete-orphan", passive_deletes=True)


class DraftParagraph(Base):
    """One paragraph of a draft, in reading order (``position`` 0, 1, 2 …).

    * ``kind``: ``"heading"``, ``"preambular"`` or ``"operative"``.
    * ``level``: 0 for paragraphs and headings, 1 for ``(a)``, 2 for ``(i)``.
    * ``numbered``: whether numbering gives it a number (operative paragraphs,
      sub-paragraphs and section headings by default; preambular paragraphs not).
    * ``text``: the paragraph as stored — verb included, internal references
      as tokens (:func:`.references.render`), brackets as ``[``/``]``.
    * ``verb``: the leading verb or phrase (a prefix of ``text``) or ``None``.
    * ``source_paragraph_id``: the library paragraph it was copied from.
    * ``source_symbol``/``source_number``: the citation of the adopted text whose wording
      was put in from the agreed-language panel ("source: A/RES/75/1, para. 4"), kept as
      text so that it outlives the library document (migration 0010); ``None`` otherwise.
    """

    __tablename__ = "draft_paragraph"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16), default="operative")
    level: Mapped[int] = mapped_column(Integer, default=0)
    numbered: Mapped[bool] = mapped_column(Boolean, default=True)
    text: Mapped[str] = mapped_column(Text, default="")
    verb: Mapped[str | None] = mapped_column(String(200))
    source_paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("paragraph.id", ondelete="SET NULL"))
    source_symbol: Mapped[str | None] = mapped_column(String(200))
    source_number: Mapped[str | None] = mapped_column(String(40))

    draft: Mapped[Draft] = relationship(back_populates="paragraphs")
    footnotes: Mapped[list[DraftFootnote]] = relationship(
        back_populates="paragraph", order_by="DraftFootnote.position",
        cascade="all, delete-orphan", passive_deletes=True)


class DraftFootnote(Base):
    """A footnote of a draft paragraph; ``offset`` is the character position in the
    paragraph's displayed text just after which its marker stands (``None``: at the end).
    Markers are numbered 1, 2, … across the draft when rendered."""

    __tablename__ = "draft_footnote"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("draft_paragraph.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, default="")
    offset: Mapped[int | None] = mapped_column(Integer)

    paragraph: Mapped[DraftParagraph] = relationship(back_populates="footnotes")


class DraftAmendment(Base):
    """A proposal to change a span of one paragraph.

    * ``op``: ``"insert"`` (``new_text`` at ``start``), ``"delete"``
      (``old_text`` at ``start:end``) or ``"replace"`` (both).
    * ``start``/``end``: offsets into the paragraph's stored ``text``;
      ``old_text`` and ``anchor`` (the stored text just before ``start``)
      re-anchor the proposal when the paragraph is edited.
    * ``sponsors``: one or more Parties or groups (``["China", "G-77"]``).
    * ``status``: ``"proposed"``, ``"accepted"``, ``"rejected"`` or ``"withdrawn"``.
    * ``number``: the amendment's number within its draft (1, 2, … in the
      order proposed; stable: never renumbered; migration 0008).
    """

    __tablename__ = "draft_amendment"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    paragraph_id: Mapped[int | None] = mapped_column(
        ForeignKey("draft_paragraph.id", ondelete="SET NULL"), index=True)
    op: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    anchor: Mapped[str] = mapped_column(Text, default="")
    sponsors: Mapped[list[str]] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    number: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="amendments")


class DraftVersion(Base):
    """A frozen revision of a draft: ``number`` 1, 2, … labelled ``Rev.1``, ``Rev.2`` …

    ``snapshot`` is the JSON form of :class:`~.snapshot.DraftSnapshot` (every
    paragraph with its id, footnotes and the amendments as they stood).
    """

    __tablename__ = "draft_version"
    __table_args__ = (UniqueConstraint("draft_id", "number"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(64))
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions")
