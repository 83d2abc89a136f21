"""The parsed-document model's own rules."""

from __future__ import annotations

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.readers.text import read_text


def test_extracted_text_carries_its_own_masthead(seeds):
    note = read_text(next(seeds.glob("000_*.txt")))
    assert note.has_masthead()
    assert note.title in [p.text for p in note.paragraphs[:10]]


def test_a_document_without_masthead_lines_has_none():
    doc = ParsedDocument(title="Cooperation", body="General Assembly", kind=DocumentKind.RESOLUTION,
                         paragraphs=[ParsedParagraph(ParagraphKind.BODY, "The General Assembly,"),
                                     ParsedParagraph(ParagraphKind.OPERATIVE, "Cooperation", "1.")])
    assert not doc.has_masthead()  # "Cooperation" here is operative paragraph 1, not a masthead line
