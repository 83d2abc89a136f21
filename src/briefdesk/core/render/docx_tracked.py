"""A draft's proposed amendments as Word tracked changes and comments (issue 15, point 3).

Facilitators and delegations exchange negotiating text as Word documents with
*tracked changes*: each proposal is a revision whose author is who proposed it.
:func:`write_tracked_paragraph` writes one paragraph of the text as it stands
with its proposed amendments as WordprocessingML revisions (ECMA-376 Part 1):

* a deletion is a ``w:del`` holding runs of ``w:delText`` (§17.13.5.14), an
  insertion a ``w:ins`` (§17.13.5.18); a replacement is the deletion followed
  by the insertion, as Word itself writes one;
* ``w:author`` is the sponsors named in the draft's language and joined as it lists
  them (``"European Union, Norway"``, ``"欧盟、挪威"``; :func:`.snapshot.sponsor_text`), ``w:date``
  the amendment's own date (UTC, ``2026-12-07T04:51:00Z``);
* its comment is a Word comment (``/word/comments.xml``, §17.13.4): a
  ``w:commentRangeStart``/``w:commentRangeEnd`` pair around the revision and a
  run with ``w:commentReference``, by the same author;
* the leading verb is emphasised as in the plain export, and footnote
  references stand at their offsets in the text as it stands.

Two proposals on overlapping spans cannot both be Word revisions (a deletion
cannot be deleted again): the second and later ones are left out of the
revisions and listed in the returned ``skipped`` list, so the caller can say
so.  :mod:`briefdesk.core.drafting.word_import` reads such a file back into
the same amendments.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from docx.oxml.ns import qn
from lxml import etree

from ..drafting.snapshot import SnapAmendment, ViewParagraph, sponsor_text

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def author_of(sponsors: list[str], language: str = "en") -> str:
    """The ``w:author`` of an amendment: its sponsors named in ``language`` and joined as that
    language lists them (:func:`.snapshot.sponsor_text`: ``"European Union, Norway"``)."""
    return sponsor_text(sponsors, language)


def word_date(created: str | None) -> str | None:
    """An amendment's ISO date (naive UTC) as a ``w:date`` (``2026-12-07T04:51:00Z``), or ``None``."""
    if not created:
        return None
    return created[:19] + "Z" if len(created) >= 19 else created + "T00:00:00Z"


@dataclass
class Placed:
    """An amendment at its place in the paragraph's text as it stands (``start``/``end`` shown offsets)."""

    start: int
    end: int
    amendment: SnapAmendment


class RevisionIds:
    """Annotation ids (``w:id`` of ``w:ins``/``w:del``), unique in the document (§17.13.5)."""

    def __init__(self) -> None:
        self.next = 1000

    def take(self) -> str:
        """The next unused id, as the attribute's text."""
        self.next += 1
        return str(self.next)


def _run(text: str, *, emphasis: str | None, deleted: bool = False):
    r = etree.Element(qn("w:r"))
    if emphasis:
        etree.SubElement(etree.SubElement(r, qn("w:rPr")), qn("w:b" if emphasis == "bold" else "w:i"))
    t = etree.SubElement(r, qn("w:delText" if deleted else "w:t"))
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return r


def write_tracked_paragraph(document, paragraph, base: ViewParagraph, changes: list[Placed], notes,
                            emphasis: str, ids: RevisionIds, language: str = "en") -> list[SnapAmendment]:
    """Append to ``paragraph`` (python-docx) the runs of ``base`` (the paragraph as it stands,
    in the ``all`` view) with ``changes`` as tracked revisions and comments (see the module
    docstring).  ``notes`` is the document's :class:`~.draft_docx.Footnotes`; ``emphasis``
    ``"bold"`` or ``"italic"`` for the verb; ``language`` the draft's, in which authors are named.  Returns the amendments left out because their
    span overlaps an earlier one's."""
    p = paragraph._p
    text = base.text
    verb_end = len(base.verb) if base.verb and text.startswith(base.verb) else 0
    notes_at: list[tuple[int, str]] = sorted(
        ((len(text) if o is None else min(max(o, 0), len(text)), t) for _m, t, o in base.footnotes),
        key=lambda x: x[0])
    done = [0]

    def flush_notes(upto: int) -> None:
        while done[0] < len(notes_at) and notes_at[done[0]][0] <= upto:
            notes.reference(paragraph, notes_at[done[0]][1])
            done[0] += 1

    def plain(a: int, b: int) -> None:
        cuts = sorted({a, b} | ({verb_end} if a < verb_end < b else set())
                      | {o for o, _t in notes_at if a < o < b})
        for x, y in pairwise(cuts):
            flush_notes(x)
            r = paragraph.add_run(text[x:y])
            if y <= verb_end:
                setattr(r.font, emphasis, True)

    placed: list[Placed] = []
    skipped: list[SnapAmendment] = []
    last_end = 0
    for c in sorted(changes, key=lambda c: (c.start, c.end, c.amendment.number or 0, c.amendment.id)):
        if placed and c.start < last_end:
            skipped.append(c.amendment)
            continue
        placed.append(c)
        last_end = max(last_end, c.end)
    pos = 0
    for c in placed:
        a = c.amendment
        plain(pos, c.start)
        flush_notes(c.start)
        author = author_of(a.sponsors, language)
        date = word_date(a.created)
        comment = None
        if a.comment:
            comment = document.comments.add_comment(a.comment, author=author, initials="")
            if date:
                comment._comment_elm.set(qn("w:date"), date)
            start = etree.SubElement(p, qn("w:commentRangeStart"))
            start.set(qn("w:id"), str(comment.comment_id))
        attrs = {qn("w:author"): author}
        if date:
            attrs[qn("w:date")] = date
        if a.op in ("delete", "replace") and c.end > c.start:
            d = etree.SubElement(p, qn("w:del"))
            d.set(qn("w:id"), ids.take())
            for k, v in attrs.items():
                d.set(k, v)
            cuts = sorted({c.start, c.end} | ({verb_end} if c.start < verb_end < c.end else set()))
            for x, y in pairwise(cuts):
                d.append(_run(text[x:y], emphasis=emphasis if y <= verb_end else None, deleted=True))
        if a.op in ("insert", "replace") and a.new_text:
            i = etree.SubElement(p, qn("w:ins"))
            i.set(qn("w:id"), ids.take())
            for k, v in attrs.items():
                i.set(k, v)
            i.append(_run(a.new_text, emphasis=emphasis if c.start < verb_end else None))
        if comment is not None:
            end = etree.SubElement(p, qn("w:commentRangeEnd"))
            end.set(qn("w:id"), str(comment.comment_id))
            ref = etree.SubElement(p, qn("w:r"))
            etree.SubElement(ref, qn("w:commentReference")).set(qn("w:id"), str(comment.comment_id))
        pos = c.end
    plain(pos, len(text))
    flush_notes(len(text))
    return skipped
