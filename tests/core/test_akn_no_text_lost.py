"""Issue 11, point 1 for Akoma Ntoso: no word of any corpus file's body is lost, added or moved.

For every file of every collection and language under ``akn/`` (ga-75, ga-78,
hrc-54, hrc-55, hrc-56), the words of the XML's ``<preamble>``/``<mainBody>`` and
annexes (headings, list introductions, items, tables) must equal, in order, the
words of the stored paragraphs (number, then text), and the words of every
``<authorialNote>`` the words of the stored footnotes (see ``akn_words.py`` for
the exact rule).  A file that is not well-formed XML is refused with its line and
counts as refused, not lost (one is known: ga-75 ``75_251_B_S.xml``).

Parse-only, two processes: about a minute of CPU for the 4,430 files.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from lxml import etree

from briefdesk.core.document import ParagraphKind
from briefdesk.core.readers.akn import parse_akn

from .akn_words import Check, check_file, stored_words, xml_words

#: Files known not to be well-formed XML: the reader must refuse them, naming the line.
NOT_WELL_FORMED = {"75_251_B_S.xml": 126}


def test_every_akn_file_keeps_every_word(corpus: Path) -> None:
    files = sorted((corpus / "akn").glob("*/*/*.xml"))
    collections = {f.parent.parent.name for f in files}
    assert {"ga-75", "ga-78", "hrc-54", "hrc-55", "hrc-56"} <= collections
    assert len(files) > 4000
    with ProcessPoolExecutor(2) as pool:
        checks: list[Check] = list(pool.map(check_file, files, chunksize=16))
    refused = {c.path.name: c.refused for c in checks if c.refused}
    assert set(refused) == set(NOT_WELL_FORMED), refused
    for name, line in NOT_WELL_FORMED.items():
        assert f"line {line}" in refused[name] and name in refused[name]
        path = next(f for f in files if f.name == name)
        try:
            etree.parse(str(path))
        except etree.XMLSyntaxError:
            pass
        else:  # pragma: no cover - the corpus changed
            raise AssertionError(f"{name} is well-formed now: read it")
    lost = [f"{c.path.relative_to(corpus)}: {c.lost} lost, {c.added} added\n  " + "\n  ".join(
        (c.body_diff + c.note_diff)[:3]) for c in checks if not c.refused and not c.ok]
    assert lost == [], "\n".join(lost[:20])
    # every word placed: no file needed the reader's keep-as-body fallback
    assert [c.path.name for c in checks if c.warnings] == []


def test_word_check_sees_a_lost_word(corpus: Path, tmp_path: Path) -> None:
    """The check is not vacuous: a reading that drops a paragraph, a footnote word or
    moves a paragraph differs."""
    path = corpus / "akn" / "ga-78" / "English" / "A_RES_78_29-2324537E.xml"
    check = check_file(path, keep_doc=True)
    assert check.ok
    doc = check.doc
    want = xml_words(path)
    assert stored_words(doc) == want
    gone = doc.paragraphs.pop(5)
    assert stored_words(doc)[0] != want[0]
    doc.paragraphs.insert(6, gone)   # moved
    assert stored_words(doc)[0] != want[0]
    doc.paragraphs.insert(5, doc.paragraphs.pop(6))
    note = next(f for p in doc.paragraphs for f in p.footnotes)
    note.text = note.text.rsplit(" ", 1)[0]
    assert stored_words(doc)[1] != want[1]


_UNKNOWN = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#x"><FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression>
    </identification></meta>
    <preamble>
      <container name="Recalling"><p><span>Recalling</span> its resolution 1/1,</p></container>
      <container name="odd"><wrapUp><p>Text in an element the reader does not know,</p></wrapUp></container>
    </preamble>
    <mainBody>
      <paragraph><num>1.</num><content><p><span>Decides</span> to act;</p></content></paragraph>
      <tblock><p>A block nobody expects.</p></tblock>
      <paragraph><num>2.</num><content><p><span>Requests</span> a report.</p></content><odd>After it.</odd></paragraph>
    </mainBody>
  </statement>
</akomaNtoso>
"""


def test_unknown_markup_is_kept_where_it_stands_with_a_warning() -> None:
    doc = parse_akn(_UNKNOWN)
    texts = [(p.kind, p.text) for p in doc.paragraphs]
    assert texts == [
        (ParagraphKind.PREAMBULAR, "Recalling its resolution 1/1,"),
        (ParagraphKind.BODY, "Text in an element the reader does not know,"),
        (ParagraphKind.OPERATIVE, "Decides to act;"),
        (ParagraphKind.BODY, "A block nobody expects."),
        (ParagraphKind.OPERATIVE, "Requests a report."),
        (ParagraphKind.BODY, "After it."),
    ]
    assert len(doc.warnings) == 1
    assert "kept as a body paragraph" in doc.warnings[0] and "line" in doc.warnings[0]


def test_hand_written_fixtures_keep_every_word_in_order(fixtures: Path) -> None:
    """The fixtures carry markup the corpus lacks (a list's ``<wrapUp>``, a ``<subheading>``
    before ``<num>``, a collection): the wrap-up stays after the points it follows."""
    for name in ("sample_resolution.xml", "plain_act.xml", "subheading_before_num.xml",
                 "collection_meta_in_components.xml"):
        check = check_file(fixtures / "akn" / name)
        assert not check.refused and check.ok, (name, check.body_diff, check.note_diff)
