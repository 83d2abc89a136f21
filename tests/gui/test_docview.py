"""The document view on hand-written documents: verbs, numbers, parts, footnote links."""

from __future__ import annotations

import datetime as dt

import pytest

from briefdesk.core.document import (
    DocumentKind,
    ParagraphKind,
    ParsedDocument,
    ParsedFootnote,
    ParsedParagraph,
    ParsedPart,
)
from briefdesk.gui.docview import DocumentView, document_html, footnote_anchor, paragraph_anchor
from briefdesk.gui.qt import QPoint, Qt


def sample() -> ParsedDocument:
    paragraphs = [
        ParsedParagraph(ParagraphKind.PREAMBULAR, "Recalling its decision XII/6,", verb="Recalling",
                        footnotes=[ParsedFootnote("1", "See UNEP/CBD/COP/12/29.", offset=28)]),
        ParsedParagraph(ParagraphKind.HEADING, "Cooperation with other conventions", number="A."),
        ParsedParagraph(ParagraphKind.OPERATIVE, "请执行秘书继续合作；", number="1.", verb="请"),
        ParsedParagraph(ParagraphKind.OPERATIVE, "to report to the meeting;", number="(a)", level=1),
    ]
    paragraphs += [ParsedParagraph(ParagraphKind.OPERATIVE, f"Filler paragraph {n}.", number=f"{n}.")
                   for n in range(2, 60)]
    paragraphs.append(ParsedParagraph(ParagraphKind.OPERATIVE, "Adopts the draft below;", number="60.",
                                      verb="Adopts", part=0))
    return ParsedDocument(
        symbol="CBD/SBI/9/99", title="Cooperation", body="Subsidiary Body on Implementation",
        session="ninth meeting", language="en", kind=DocumentKind.NOTE, start_date=dt.date(2018, 7, 9),
        end_date=dt.date(2018, 7, 13), venue="Montreal", agenda_item="11", paragraphs=paragraphs,
        parts=[ParsedPart(DocumentKind.DRAFT_DECISION, "Draft decision for the Conference of the Parties")])


def test_html_sets_verbs_numbers_parts_and_footnotes():
    doc = sample()
    html = document_html(doc, highlight=2)
    assert "<i>Recalling</i>" in html          # Latin verb in italics
    assert "<b>请</b>" in html                  # CJK verb in bold
    assert "<b>A.</b>" in html and "<b>Cooperation with other conventions</b>" in html
    assert f'href="#{footnote_anchor(0, 0)}"' in html and f'name="{footnote_anchor(0, 0)}"' in html
    assert f'href="#{paragraph_anchor(0)}"' in html  # the way back from the note
    part_at = html.index("Draft decision for the Conference of the Parties")
    assert html.index("Filler paragraph 59.") < part_at < html.index("Adopts")
    assert html.count('bgcolor="#fff2a8"') == 1
    assert "9–13 July 2018" in html and "Montreal" in html and "CBD/SBI/9/99" in html


def test_view_places_marker_and_follows_footnote_links(qtbot):
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 400)
    view.show()
    doc = sample()
    view.show_document(1, doc)
    text = view.toPlainText()
    assert "Recalling its decision XII/61," in text  # marker right after offset 28, before the comma
    # sub-paragraph is indented more than its parent's text
    sub = view.anchor_position(paragraph_anchor(3))
    top = view.anchor_position(paragraph_anchor(2))
    cursor = view.textCursor()
    cursor.setPosition(sub)
    x_sub = view.cursorRect(cursor).x()
    cursor.setPosition(top)
    x_top = view.cursorRect(cursor).x()
    assert x_sub > x_top

    note = view.anchor_position(footnote_anchor(0, 0))
    assert not view.is_position_visible(note)
    cursor.setPosition(text.index("XII/61,") + len("XII/6"))
    assert view.anchorAt(view.cursorRect(cursor).center() + QPoint(2, 0)) == f"#{footnote_anchor(0, 0)}"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center() + QPoint(2, 0))
    qtbot.waitUntil(lambda: view.is_position_visible(note), timeout=3000)

    view.go_to_paragraph(40)
    assert view.is_position_visible(view.anchor_position(paragraph_anchor(40)))


@pytest.mark.parametrize("position", [0, 30, 61])
def test_show_document_scrolls_to_highlight(qtbot, position):
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.show()
    view.show_document(1, sample(), highlight=position)
    qtbot.waitUntil(lambda: view.is_position_visible(view.anchor_position(paragraph_anchor(position))),
                    timeout=3000)


def test_a_masthead_in_the_text_is_not_repeated_by_the_title_block(qtbot):
    doc = ParsedDocument(symbol="XII/6", title="与其他公约的合作", body="缔约方大会", language="zh",
                         kind=DocumentKind.DECISION, paragraphs=[
                             ParsedParagraph(ParagraphKind.HEADING, "缔约方大会"),
                             ParsedParagraph(ParagraphKind.HEADING, "与其他公约的合作"),
                             ParsedParagraph(ParagraphKind.OPERATIVE, "请执行秘书合作；", "1.", verb="请")])
    view = DocumentView()
    qtbot.addWidget(view)
    view.show_document(1, doc)
    assert view.toPlainText().count("与其他公约的合作") == 1
