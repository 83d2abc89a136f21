"""Tests of the Akoma Ntoso reader on hand-written fixtures and the UN corpus."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
from pathlib import Path

import pytest
from lxml import etree

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.errors import ReadError
from briefdesk.core.readers.akn import (
    looks_like_akn,
    parse_akn,
    read_akn,
    split_leading_number,
)
from briefdesk.core.readers.verbs import verb_role

NS = {"akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
LANGUAGES = ["Arabic", "Chinese", "English", "French", "Russian", "Spanish"]
SUFFIX = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}


# ---------------------------------------------------------------- fixtures


def test_sample_metadata(fixtures: Path) -> None:
    doc = read_akn(fixtures / "akn" / "sample_resolution.xml")
    assert doc.source_format == "akn"
    assert doc.symbol == "A/HRC/RES/99/7"
    assert doc.title == "Essais de lecture"
    assert doc.body == "Conseil des droits de l’homme"  # subsidiary body, document's language
    assert doc.session == "99"
    assert doc.date == dt.date(2031, 3, 4)  # adoption, not publication
    assert doc.language == "fr"
    assert doc.kind is DocumentKind.RESOLUTION
    assert doc.agenda_item == "4 b)"
    assert doc.draft_symbol == "A/HRC/99/L.3"
    assert doc.sponsors == ["Arcadia", "Trinidad and Tobago", "Utopia", "Freedonia"]


def test_sample_structure(fixtures: Path) -> None:
    doc = read_akn(fixtures / "akn" / "sample_resolution.xml")
    got = [(p.kind, p.number, p.level, p.section, p.part) for p in doc.paragraphs]
    H, P, O, B = (ParagraphKind.HEADING, ParagraphKind.PREAMBULAR,
                  ParagraphKind.OPERATIVE, ParagraphKind.BODY)
    assert got == [
        (B, None, 0, None, None),       # enacting formula
        (P, None, 0, None, None),
        (P, None, 0, None, None),
        (H, "I.", 0, "I", None),
        (O, "1.", 0, "I", None),
        (O, "2.", 0, "I", None),        # intro (+ wrapUp) of the list
        (O, "a)", 1, "I", None),
        (O, "b)", 1, "I", None),
        (O, "i)", 2, "I", None),
        (O, "ii)", 2, "I", None),
        (O, None, 0, "I", None),        # the list's wrapUp, after its points (issue 11)
        (H, "II.", 0, "II", None),
        (O, "3 -", 0, "II", None),      # number typed into the text
        (O, "a)", 1, "II", None),
        (H, None, 0, None, 0),          # annex
        (B, "1.", 0, None, 0),
    ]
    assert [p.title for p in doc.parts] == ["Annexe"]
    assert doc.parts[0].kind is DocumentKind.OTHER
    para2 = doc.paragraphs[5]
    assert para2.text == "Décide :"
    assert para2.verb == "Décide"
    assert doc.paragraphs[10].text == "et de revenir sur la question."
    assert doc.paragraphs[12].text == "Décide de rester saisi de la question."
    assert doc.paragraphs[12].verb == "Décide"


def test_sample_footnotes_are_out_of_text(fixtures: Path) -> None:
    doc = read_akn(fixtures / "akn" / "sample_resolution.xml")
    recalling = doc.paragraphs[1]
    assert recalling.text == "Rappelant sa résolution 98/1, adoptée sans vote,"
    assert recalling.verb == "Rappelant"
    [note] = recalling.footnotes
    assert (note.marker, note.text) == ("1", "Voir A/HRC/98/2, chap. I.")
    assert recalling.text[:note.offset] == "Rappelant sa résolution 98/1,"
    noting = doc.paragraphs[2]
    assert noting.text == "Notant avec intérêt le rapport,"  # whitespace normalised
    annex_note = doc.paragraphs[-1].footnotes[0]
    assert annex_note.marker == "3" and "Note de l’annexe" not in doc.paragraphs[-1].text


def test_plain_akn(fixtures: Path) -> None:
    doc = read_akn(fixtures / "akn" / "plain_act.xml")
    assert doc.kind is DocumentKind.DECISION
    assert doc.body == "Test Assembly"  # from FRBRauthor → TLCOrganization
    assert doc.language == "en" and doc.date == dt.date(2030, 1, 2)
    assert [(p.kind, p.verb, p.number) for p in doc.paragraphs] == [
        (ParagraphKind.PREAMBULAR, "Recalling", None),
        (ParagraphKind.OPERATIVE, "Decides", "1."),
    ]


def test_split_leading_number() -> None:
    assert split_leading_number("\t1 -\tتحيط") == ("1 -", "تحيط")
    assert split_leading_number("\t(a)\tTo cooperate") == ("(a)", "To cooperate")
    assert split_leading_number("a)\xa0Les États") == ("a)", "Les États")
    assert split_leading_number("\t(iii) A presentation") == ("(iii)", "A presentation")
    assert split_leading_number("2020 年") is None
    assert split_leading_number("Recalling also") is None


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name, line", [("truncated.xml", True), ("not_akn.xml", True),
                                        ("entity_bomb.xml", True)])
def test_bad_files_raise_read_error(fixtures: Path, name: str, line: bool) -> None:
    path = fixtures / "akn" / name
    with pytest.raises(ReadError) as info:
        read_akn(path)
    assert info.value.path == path
    assert name in str(info.value)
    assert (info.value.line is not None) == line


def test_truncated_names_the_line(fixtures: Path) -> None:
    data = (fixtures / "akn" / "sample_resolution.xml").read_bytes()
    cut = data[: data.index(b"<mainBody>") + 40]
    with pytest.raises(ReadError) as info:
        parse_akn(cut, Path("cut.xml"))
    assert info.value.line == cut.count(b"\n") + 1 or info.value.line == cut.count(b"\n")
    assert str(info.value).startswith("cut.xml, line ")


def test_empty_and_random_bytes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="empty.xml"):
        read_akn(empty)
    rng = random.Random(7)
    for i in range(20):
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
        with pytest.raises(ReadError):
            parse_akn(junk, Path(f"junk{i}.bin"))
    with pytest.raises(ReadError):
        read_akn(tmp_path / "missing.xml")


def test_looks_like_akn(fixtures: Path, tmp_path: Path) -> None:
    sample = (fixtures / "akn" / "sample_resolution.xml").read_bytes()
    assert looks_like_akn(sample[:4096])
    assert looks_like_akn(sample[:600])  # truncated head still sniffs
    assert looks_like_akn("\ufeff".encode() + sample[:4096])
    assert looks_like_akn(sample[:4096].decode().encode("utf-16"))
    assert not looks_like_akn((fixtures / "akn" / "not_akn.xml").read_bytes())
    assert not looks_like_akn(b"")
    assert not looks_like_akn(b"\x00\xff\x13 random")
    assert not looks_like_akn(b"<akomaNtoso xmlns='http://example.org/other'/>")
    assert not looks_like_akn(b"%PDF-1.7 <akomaNtoso")


# ---------------------------------------------------------------- corpus


_END = tuple(".;:,。；：，،؛!?！？")
_LABEL_NUM = re.compile(r"^\s*(?:[IVXLC]{1,6}|[A-Z]|[一二三四五六七八九十]{1,3})[.、]?\s*$")
_TYPED_ARABIC = re.compile(r"^\s*\d{1,3}\s*[.\-–]\s")
_ANNEX_LINE = re.compile(r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件)(?:\s+\S+)?$")


def _xml_counts(path: Path) -> tuple[int, int, int]:
    """Count paragraphs and footnotes straight from the XML.

    Rules (simple XPath and the printed text's punctuation, independent of the
    reader; attachments = annexes are left out of the first two):

    * a *preambular paragraph* is a ``<p>`` that is a child of a
      ``<container>`` of the ``<preamble>`` (AKN4UN puts one paragraph in
      each container; the enacting ``<formula>`` is not one), or an
      ``<item>`` of a ``<blockList>`` in the preamble, or a
      ``<crossHeading refersTo="#preamble">`` of the ``<mainBody>`` ending
      with a comma (AKN4UN's mark for a section's preambular paragraph,
      75/245); such a crossHeading ending otherwise (75/245 C, ``…；``) is
      operative;
    * an *operative paragraph* is a ``<paragraph>`` of the ``<mainBody>``
      whose ``<content>`` has text or which has a ``<list>``, except the
      ones of class ``FootnoteText`` (a note under a table), plus every
      ``<point>`` of a list there; so sub-paragraphs count, headings
      (``<paragraph>`` with only ``<heading>``/``<subheading>``) do not;
      nor do, since every language version but one marks them as headings
      and the printed text shows a heading, top-level ``<paragraph>``s whose
      text has no sentence end and whose ``<num>`` is absent or a section
      label (``A.``, ``IV``, ``一``): ``Questions actuarielles``, ``* * *``;
      a ``<p>`` of the preamble typed ``10.\t期待…`` (75/161 C) is operative, and
      an unnumbered ``<paragraph>`` ending with a comma before the first
      numbered one of its parent is preambular (75/211 C); the preamble's last
      ``<p>`` ending with a colon when the ``<mainBody>`` after it opens with
      paragraph 1 is operative (``正式决定，对于2021年：``, 75/254 C, where the other
      languages put ``Resolves that, for 2021:`` in the ``<mainBody>``); the
      paragraphs after a ``<mainBody>`` paragraph reading only ``Annex …``
      (``المرفق الأول``, 75/326 A, an annex set inside the body) are not operative;
    * a *footnote* is any ``<authorialNote>`` outside the cover page and
      the preface (a note on the title has no paragraph to sit on).
    """
    tree = etree.parse(str(path))
    main = "//akn:mainBody[not(ancestor::akn:attachment)]"
    pre = "//akn:preamble[not(ancestor::akn:attachment)]"
    pre_ps = tree.xpath(f"{pre}/akn:container/akn:p | {pre}/akn:blockList/akn:item", namespaces=NS)
    # a preamble line without sentence end and without a footnote is a heading
    # ("Countries in special situations", "* * *"; 78/148, 78/149)
    pre_ps = [p for p in pre_ps if _text(p).endswith(_END) or len(_text(p)) > 120
              or p.find(".//akn:authorialNote", NS) is not None or etree.QName(p).localname == "item"]
    # a <blockList> in a preamble <container> (ga-78): introduction and items are preambular,
    # or operative where the items are numbered 1., 2. (78/254 C) or the list is the
    # preamble's last, its introduction ends with a colon and opens with an operative verb
    # (78/80 C's 敦促…：, whose other languages put "Urges …:" in the <mainBody>)
    lists_pre, lists_op = [], []
    for bl in tree.xpath(f"{pre}/akn:container/akn:blockList", namespaces=NS):
        intro = bl.find("akn:listIntroduction", NS)
        rows = ([intro] if intro is not None else []) + bl.findall("akn:item", NS)
        nums = [_text(n) for n in bl.findall("akn:item/akn:num", NS)]
        container = bl.getparent()
        last = container.getparent()[-1] is container
        lang = _iso_lang(tree)
        arabic_items = bool(nums) and all(re.fullmatch(r"\d{1,3}\.?", n) for n in nums)
        operative_lead = (last and intro is not None and _text(intro).endswith((":", "："))
                          and (verb_role(_text(intro), lang) == "operative"
                               or (lang == "zh" and verb_role(_text(intro), lang) is None)))
        if arabic_items or operative_lead:
            lists_op += rows
        else:
            lists_pre += rows
    typed = [p for p in pre_ps if _TYPED_ARABIC.match("".join(p.itertext()))]
    cross = tree.xpath(f"{main}//akn:crossHeading[@refersTo='#preamble']", namespaces=NS)
    cross_pre = [c for c in cross if _text(c).endswith((",", "，", "،"))]
    operative = tree.xpath(
        f"{main}//akn:paragraph[(akn:content and normalize-space(akn:content) != '')"
        f" or akn:list][not(@class = 'FootnoteText')] | {main}//akn:point", namespaces=NS)
    headings = [p for p in operative if etree.QName(p).localname == "paragraph"
                and not p.xpath("ancestor::akn:list", namespaces=NS)
                and p.find("akn:list", NS) is None
                and not _text(p.find("akn:content", NS)).endswith(_END)
                and (p.find("akn:num", NS) is None or _LABEL_NUM.match(_text(p.find("akn:num", NS))))]
    # an unnumbered paragraph ending with a comma before the first numbered one of its
    # section is preambular (placed in <mainBody>: 75/211 C, 75/234 C, 75/280 C)
    main_pre = [p for p in operative if etree.QName(p).localname == "paragraph"
                and p.find("akn:num", NS) is None and p.find("akn:list", NS) is None
                and not p.xpath("ancestor::akn:list", namespaces=NS)
                and not p.xpath("preceding-sibling::akn:paragraph[akn:num]", namespaces=NS)
                and _text(p.find("akn:content", NS)).endswith((",", "，", "،"))
                and not _TYPED_ARABIC.match(_text(p.find("akn:content", NS)))]
    lead_ins = []
    for pre_el in tree.xpath(pre, namespaces=NS):
        last = pre_el.xpath("*[last()][self::akn:container]/akn:p[last()]", namespaces=NS)
        body = pre_el.xpath("following-sibling::*[1][self::akn:mainBody]", namespaces=NS)
        first_num = body[0].xpath("(.//akn:num)[1]", namespaces=NS) if body else []
        if last and last[0] not in typed and _text(last[0]).endswith((":", "：")) and first_num \
                and re.fullmatch(r"1\s*[.\-–]?", _text(first_num[0])):
            lead_ins.append(last[0])
    annex = tree.xpath(f"{main}//akn:paragraph[not(akn:num)]", namespaces=NS)
    annex = [a for a in annex if _ANNEX_LINE.match(_text(a))]
    in_annex = [p for p in operative if annex and p not in headings and p not in main_pre
                and any(a in p.xpath("preceding::akn:paragraph", namespaces=NS) for a in annex)]
    notes = tree.xpath("//akn:authorialNote[not(ancestor::akn:preface)"
                       " and not(ancestor::akn:coverPage)]", namespaces=NS)
    return (len(pre_ps) - len(typed) + len(cross_pre) + len(main_pre) - len(lead_ins) + len(lists_pre),
            len(operative) - len(headings) - len(main_pre) + len(typed) + len(cross) - len(cross_pre)
            + len(lead_ins) - len(in_annex) + len(lists_op),
            len(notes))


def _iso_lang(tree) -> str:
    """ISO 639-1 code of the file's ``FRBRlanguage`` (``"zho"`` → ``"zh"``)."""
    codes = {"ara": "ar", "zho": "zh", "chi": "zh", "eng": "en", "fra": "fr", "fre": "fr",
             "rus": "ru", "spa": "es", "deu": "de", "ger": "de"}
    langs = tree.xpath("//akn:FRBRExpression/akn:FRBRlanguage/@language", namespaces=NS)
    return codes.get(langs[0], langs[0][:2]) if langs else ""


def _text(el) -> str:
    """Text of ``el`` without its footnotes, white space and bidi marks stripped."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for c in el:
        if isinstance(c.tag, str) and etree.QName(c).localname != "authorialNote":
            parts.append(_text(c))
        parts.append(c.tail or "")
    return "".join(parts).strip(" \t\n\r\xa0\u200e\u200f")


def _reader_counts(path: Path) -> tuple[int, int, int]:
    doc = read_akn(path)
    own = [p for p in doc.paragraphs if p.part is None]
    return (sum(p.kind is ParagraphKind.PREAMBULAR for p in own),
            sum(p.kind is ParagraphKind.OPERATIVE for p in own),
            sum(len(p.footnotes) for p in doc.paragraphs))


@pytest.mark.parametrize("collection", ["ga-75/Chinese", "hrc-54/English"])
def test_counts_match_xml_for_every_file(corpus: Path, collection: str) -> None:
    files = sorted((corpus / "akn" / collection).glob("*.xml"))
    assert len(files) >= 30
    mismatches = []
    for path in files:
        expected, got = _xml_counts(path), _reader_counts(path)
        if expected != got:
            mismatches.append((path.name, "xml", expected, "reader", got))
    assert mismatches == []


def test_language_follows_file_not_folder(corpus: Path) -> None:
    """Every ga-75 file's language matches its file-name letter, even where
    FRBRlanguage is wrong (75_274_C says ``spa``) or the folder is."""
    wrong = []
    for path in sorted((corpus / "akn" / "ga-75").glob("*/*.xml")):
        try:
            doc = read_akn(path)
        except ReadError:
            continue
        if doc.language != SUFFIX[path.stem[-1]]:
            wrong.append((path.parent.name, path.name, doc.language))
    assert wrong == []


def test_known_metadata(corpus: Path) -> None:
    akn = corpus / "akn"
    doc = read_akn(akn / "ga-75" / "Chinese" / "75_100_C.xml")
    assert (doc.symbol, doc.date, doc.language, doc.session) == (
        "A/RES/75/100", dt.date(2020, 12, 10), "zh", "75")
    assert doc.body == "大会" and doc.title == "全盘审查特别政治任务"
    assert doc.agenda_item == "55" and doc.kind is DocumentKind.RESOLUTION
    assert doc.draft_symbol == "A/C.4/75/L.6"

    doc = read_akn(akn / "hrc-54" / "English" / "A_HRC_RES_54_1E.xml")
    assert (doc.symbol, doc.date, doc.language, doc.session) == (
        "A/HRC/RES/54/1", dt.date(2023, 10, 11), "en", "54")
    assert doc.body == "Human Rights Council"
    assert doc.draft_symbol == "A/HRC/54/L.16"
    assert "Albania" in doc.sponsors and "United States of America" in doc.sponsors
    assert "United Kingdom of Great Britain and Northern Ireland" in doc.sponsors

    doc = read_akn(akn / "ga-75" / "Arabic" / "75_100_A.xml")
    assert (doc.symbol, doc.language, doc.body) == ("A/RES/75/100", "ar", "الجمعية العامة")
    assert [p.number for p in doc.numbered(ParagraphKind.OPERATIVE)] == [
        f"{n} -" for n in range(1, 8)]  # numbers typed into the Arabic text

    doc = read_akn(akn / "ga-75" / "Russian" / "75_101A-B_R.xml")
    assert doc.symbol == "A/RES/75/101 A-B"
    heads = [p for p in doc.paragraphs if p.kind is ParagraphKind.HEADING and p.level == 0]
    assert [h.number for h in heads[:1]] == ["A"]


def test_text_free_of_footnote_text(corpus: Path) -> None:
    path = corpus / "akn" / "ga-75" / "English" / "75_100_E.xml"
    doc = read_akn(path)
    tree = etree.parse(str(path))
    note_texts = [" ".join("".join(n.itertext()).split())
                  for n in tree.xpath("//akn:authorialNote", namespaces=NS)]
    assert note_texts
    all_notes = [f for p in doc.paragraphs for f in p.footnotes]
    assert [f.text for f in all_notes] == note_texts
    for p in doc.paragraphs:
        for text in note_texts:
            assert text not in p.text
        assert p.text == " ".join(p.text.split())
    op1 = doc.numbered(ParagraphKind.OPERATIVE)[0]
    assert op1.number == "1." and op1.verb == "Takes note"
    assert op1.text.startswith("Takes note of the report")
    assert op1.text[: op1.footnotes[0].offset].endswith("resolution 74/91;")


def test_sub_paragraph_levels(corpus: Path) -> None:
    # 75/325: operative 4 has (a) with (i)-(ii) beneath, marked as list/point/sublist
    doc = read_akn(corpus / "akn" / "ga-75" / "English" / "75_325_E.xml")
    ops = [p for p in doc.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    i = next(k for k, p in enumerate(ops) if p.number == "4.")
    assert [(p.number, p.level) for p in ops[i:i + 6]] == [
        ("4.", 0), ("(a)", 1), ("(i)", 2), ("(ii)", 2), ("(b)", 1), ("5.", 0)]
    assert ops[i].verb == "Decides" and ops[i].text.startswith("Decides to establish")
    # 75/101 A: sub-paragraphs typed into sibling <paragraph>s, (e) then (i)-(iv), then (f)
    doc = read_akn(corpus / "akn" / "ga-75" / "English" / "75_101A-B_E.xml")
    a = [p for p in doc.paragraphs if p.section == "A" and p.kind is ParagraphKind.OPERATIVE]
    assert [(p.number, p.level) for p in a] == [
        (None, 0), ("(a)", 1), ("(b)", 1), ("(c)", 1), ("(d)", 1), ("(e)", 1),
        ("(i)", 2), ("(ii)", 2), ("(iii)", 2), ("(iv)", 2), ("(f)", 1)]
    assert a[1].text.startswith("To cooperate")


def _sample(files: list[Path], n: int) -> list[Path]:
    if os.environ.get("BRIEFDESK_FULL_CORPUS"):
        return files
    return random.Random(75).sample(files, min(n, len(files)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_ga75_sample_reads_in_every_language(corpus: Path, language: str) -> None:
    """~20 files per language read without error (bench/akn_read_all.py runs all).

    The one corpus file that is not well-formed XML must give a ReadError
    with its line, never another exception.
    """
    files = sorted((corpus / "akn" / "ga-75" / language).glob("*.xml"))
    broken = corpus / "akn" / "ga-75" / "Spanish" / "75_251_B_S.xml"
    for path in _sample(files, 20) + ([broken] if language == "Spanish" else []):
        try:
            doc = read_akn(path)
        except ReadError as exc:
            assert path == broken and exc.line is not None, exc
            continue
        # the language is the file name's last letter (README), not the folder:
        # ga-75/Spanish holds one Chinese file, ga-75/English one French file
        assert doc.language == SUFFIX[path.stem[-1]], path.name
        assert doc.symbol and doc.symbol.startswith("A/RES/")
        assert doc.date is not None and doc.body and doc.title
        assert any(p.kind is ParagraphKind.OPERATIVE for p in doc.paragraphs), path.name


# ---------------------------------------------------------------- links


def test_links_keep_their_targets_and_spans() -> None:
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement name="resolution">
<meta><identification source="#s"><FRBRWork><FRBRthis value="x"/><FRBRuri value="x"/>
<FRBRdate date="2020-12-01" name="adoption"/><FRBRauthor href="#ga"/><FRBRcountry value="un"/></FRBRWork>
<FRBRExpression><FRBRthis value="x"/><FRBRuri value="x"/><FRBRdate date="2020-12-01" name="x"/>
<FRBRauthor href="#ga"/><FRBRlanguage language="eng"/></FRBRExpression></identification></meta>
<preface><p><docNumber>A/RES/75/999</docNumber></p></preface>
<preamble><p><span>Recalling</span> its resolutions
  <a href="https://undocs.org/en/A/RES/67/123">67/123</a> of 18 December 2012 and
  <a href="https://undocs.org/en/S/RES/2282(2016)">2282  (2016)</a>,</p></preamble>
<mainBody><paragraph><num>1.</num><content><p>Decides to continue.</p></content></paragraph></mainBody>
</statement></akomaNtoso>"""
    doc = parse_akn(xml)
    para = doc.paragraphs[0]
    assert [(para.text[s:e], href) for s, e, href in para.links] == [
        ("67/123", "https://undocs.org/en/A/RES/67/123"), ("2282 (2016)", "https://undocs.org/en/S/RES/2282(2016)")]
    assert doc.paragraphs[1].links == []


@pytest.mark.corpus
def test_corpus_links_cover_the_linked_text(corpus: Path) -> None:
    for language in LANGUAGES:
        path = sorted((corpus / "akn" / "ga-75" / language).glob("75_100_*.xml"))[0]
        tree = etree.parse(str(path))
        expected = [a.get("href") for a in tree.iter("{*}a") if a.get("href")
                    and not any(etree.QName(x).localname == "authorialNote" for x in a.iterancestors())
                    and next(a.iterancestors("{*}meta"), None) is None]
        doc = read_akn(path)
        links = [link for p in doc.paragraphs for link in p.links]
        assert [h for _s, _e, h in links] == expected, path.name
        for p in doc.paragraphs:
            for s, e, _h in p.links:
                assert 0 <= s < e <= len(p.text) and p.text[s:e].strip() == p.text[s:e]


# ---------------------------------------------------------------- UN markup the printed text contradicts
# Each test reads a resolution whose AKN markup differs from what a delegate sees
# in the printed text (and from the other language versions); the reader must
# give what is printed, as BriefDesk's structure pass does reading the .docx.


def _ga(corpus: Path, lang: str, name: str):
    return read_akn(corpus / "akn" / "ga-75" / lang / name)


def _para(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_section_preamble_crossheading_is_preambular(corpus: Path) -> None:
    """75/245: ``<subheading>`` "A", "Base/floor salary scale", then a
    ``<crossHeading refersTo="#preamble">`` "Recalling …," — a section label,
    its title and a preambular paragraph, not one merged heading."""
    doc = _ga(corpus, "English", "75_245_E.xml")
    head = _para(doc, "Base/floor salary scale")
    assert (head.kind, head.number, head.text) == (
        ParagraphKind.HEADING, "A", "Base/floor salary scale")
    i = doc.paragraphs.index(head)
    assert doc.paragraphs[i - 1].kind is ParagraphKind.HEADING
    assert doc.paragraphs[i - 1].text.startswith("Conditions of service of staff")
    rec = doc.paragraphs[i + 1]
    assert rec.kind is ParagraphKind.PREAMBULAR and rec.text.startswith("Recalling its resolution 44/198,")
    assert rec.section == "A"
    b = _para(doc, "Evolution of the margin")
    assert (b.kind, b.number) == (ParagraphKind.HEADING, "B")
    # the Chinese version marks an operative paragraph ("…；") the same way: it stays operative
    zh = _ga(corpus, "Chinese", "75_245_C.xml")
    assert _para(zh, "表示赞赏本组织国际和当地外勤人员").kind is ParagraphKind.OPERATIVE
    assert _para(zh, "回顾其第44/198号决议").kind is ParagraphKind.PREAMBULAR


def test_heading_marked_as_paragraph_is_heading(corpus: Path) -> None:
    """A ``<paragraph>`` without ``<num>`` holding a line with no sentence end is
    a heading, as in the other language versions (75/246 F, 75/101 C, 75/1)."""
    fr = _ga(corpus, "French", "75_246_F.xml")
    assert _para(fr, "Questions actuarielles").kind is ParagraphKind.HEADING
    en = _ga(corpus, "English", "75_246_E.xml")
    assert _para(en, "Actuarial matters").kind is ParagraphKind.HEADING
    zh = _ga(corpus, "Chinese", "75_101A-B_C.xml")
    news = _para(zh, "新闻事务")
    assert (news.kind, news.number) == (ParagraphKind.HEADING, "四")   # "四" set apart before it
    for lang, name in (("French", "75_1_F.xml"), ("English", "75_1_E.xml")):
        seps = [p for p in _ga(corpus, lang, name).paragraphs if p.text.replace(" ", "") == "***"]
        assert len(seps) == 2 and all(p.kind is ParagraphKind.HEADING and p.number is None
                                      for p in seps), lang
    # a table's note is not an operative paragraph
    assert _para(fr, "Abréviations").kind is ParagraphKind.BODY


def test_number_typed_in_text_is_split(corpus: Path) -> None:
    """Arabic ``19 - تشجع`` typed with one space, no ``<num>`` (75/15 A), and a
    chapter number typed in a heading (``أولا -\\tالإنشاء``, 75/129 A)."""
    ar = _ga(corpus, "Arabic", "75_15_A.xml")
    p19 = _para(ar, "تشجع الجهود الرامية إلى إقامة شراكات")
    assert (p19.kind, p19.number) == (ParagraphKind.OPERATIVE, "19 -")
    ops = [p.number for p in ar.paragraphs if p.kind is ParagraphKind.OPERATIVE and p.level == 0]
    assert None not in ops and len(ops) == len(set(ops))
    ar = _ga(corpus, "Arabic", "75_129_A.xml")
    h = _para(ar, "الإنشاء")
    assert (h.kind, h.number, h.text) == (ParagraphKind.HEADING, "أولا -", "الإنشاء")
    # a Roman number typed before the heading's words (75/247 F "II Activités …")
    fr = _ga(corpus, "French", "75_247_F.xml")
    h = _para(fr, "Activités du Comité consultatif indépendant")
    assert (h.kind, h.number) == (ParagraphKind.HEADING, "II")


def test_misplaced_preamble_and_main_body(corpus: Path) -> None:
    """75/211 C: a preambular paragraph (ending "，") inside ``<mainBody>``;
    75/161 C: operative paragraph "10." typed in a ``<preamble>`` between two
    parts of the ``<mainBody>``."""
    zh = _ga(corpus, "Chinese", "75_211_C.xml")
    assert _para(zh, "依然深为关切青年").kind is ParagraphKind.PREAMBULAR
    zh = _ga(corpus, "Chinese", "75_161_C.xml")
    p10 = _para(zh, "期待")
    assert (p10.kind, p10.number) == (ParagraphKind.OPERATIVE, "10.")
    nums = [p.number for p in zh.paragraphs if p.kind is ParagraphKind.OPERATIVE and p.level == 0]
    assert nums[8:12] == ["9.", "10.", "11.", "12."]


def test_section_label_typed_before_the_words(corpus: Path) -> None:
    """A section label typed before a heading's words, as the other languages print it
    apart (``<subheading>I</subheading>``): Chinese ``二 独立审计…`` (75/247 C), Spanish
    ``A Escala de sueldos…`` after the chapter title (75/245 S), Arabic ``حادي عشر التقدم…``
    (75/253 A); the section's ``Recordando …,``/``回顾…，`` is preambular again."""
    zh = _ga(corpus, "Chinese", "75_247_C.xml")
    h = _para(zh, "独立审计咨询委员会的活动")
    assert (h.kind, h.number) == (ParagraphKind.HEADING, "二")
    i = zh.paragraphs.index(h)
    assert [p.kind for p in zh.paragraphs[i + 1:i + 3]] == [ParagraphKind.PREAMBULAR] * 2
    en = _ga(corpus, "English", "75_247_E.xml")
    assert _para(en, "Activities of the Independent Audit").number == "II"
    es = _ga(corpus, "Spanish", "75_245_S.xml")
    title = _para(es, "Condiciones de servicio del personal del Cuadro")
    i = es.paragraphs.index(title)
    assert (title.kind, title.number) == (ParagraphKind.HEADING, None)
    a = es.paragraphs[i + 1]
    assert (a.kind, a.number, a.text) == (ParagraphKind.HEADING, "A", "Escala de sueldos básicos/mínimos")
    assert es.paragraphs[i + 2].kind is ParagraphKind.PREAMBULAR
    assert [_para(es, t).number for t in ("Evolución del margen", "Asuntos varios")] == ["B", "D"]
    ar = _ga(corpus, "Arabic", "75_253_A.xml")
    nums = [p.number for p in ar.paragraphs if p.kind is ParagraphKind.HEADING and p.number]
    en = _ga(corpus, "English", "75_253_E.xml")
    assert len(nums) == len([p for p in en.paragraphs if p.kind is ParagraphKind.HEADING and p.number]) == 26
    assert nums[10:12] == ["حادي عشر", "ثاني عشر"] and nums[19] == "عشرون"
    h = _para(ar, "التقدم المحرز في تجديد المبنى الشمالي")
    assert ar.paragraphs[ar.paragraphs.index(h) + 1].kind is ParagraphKind.PREAMBULAR


def test_label_alone_numbers_a_long_heading(corpus: Path) -> None:
    """75/253 F: ``XVIII`` set as its own heading numbers the 195-column title after it,
    and ``VII Prévisions révisées …`` (319 columns) is heading VII, as the English
    prints XVIII and VII; the section's ``Ayant examiné …,`` is preambular."""
    fr = _ga(corpus, "French", "75_253_F.xml")
    for number, start in (("VII", "Prévisions révisées comme suite aux résolutions et décisions adoptées "
                                  "par le Conseil des droits"),
                          ("XVIII", "Prévisions de dépenses relatives aux missions politiques"),
                          ("XXIII", "Montant global du budget cofinancé du Conseil des chefs")):
        h = _para(fr, start)
        assert (h.kind, h.number) == (ParagraphKind.HEADING, number)
    h = _para(fr, "Prévisions de dépenses relatives aux missions politiques")
    assert fr.paragraphs[fr.paragraphs.index(h) + 1].kind is ParagraphKind.PREAMBULAR
    assert [p.number for p in fr.paragraphs if p.kind is ParagraphKind.HEADING and p.number] == \
        [p.number for p in _ga(corpus, "English", "75_253_E.xml").paragraphs
         if p.kind is ParagraphKind.HEADING and p.number]


def test_word_before_a_heading_is_no_number(corpus: Path) -> None:
    """A heading that is one word (``الالتزامات`` "Commitments", 75/284 A; ``النقل``
    "Redeployment", 75/293 A) is a heading of its own, not the number of the next."""
    ar = _ga(corpus, "Arabic", "75_284_A.xml")
    h = _para(ar, "الالتزامات")
    assert (h.kind, h.number, h.text) == (ParagraphKind.HEADING, None, "الالتزامات")
    assert _para(ar, "إنهاء أوجه عدم المساواة").number is None
    ar = _ga(corpus, "Arabic", "A_RES_75_293-2108996A.xml")
    assert (_para(ar, "النقل").kind, _para(ar, "النقل").number) == (ParagraphKind.HEADING, None)


def test_annex_inside_main_body_is_not_operative(corpus: Path) -> None:
    """75/326 A sets its annexes (agenda, organization of work) inside ``<mainBody>``;
    their items are not operative paragraphs: the resolution has 26, as in English."""
    ar = _ga(corpus, "Arabic", "75_326_A.xml")
    ops = [p.number for p in ar.paragraphs if p.kind is ParagraphKind.OPERATIVE and p.level == 0
           and p.number]
    en = _ga(corpus, "English", "75_326_E.xml")
    assert len(ops) == 26 == len([p for p in en.paragraphs
                                  if p.kind is ParagraphKind.OPERATIVE and p.level == 0 and p.number])
    assert ops == [f"{i} -" for i in range(1, 27)]
    assert _para(ar, "افتتاح الاجتماع الدولي").kind is ParagraphKind.BODY


def test_wrapper_sublist_keeps_the_printed_level(corpus: Path) -> None:
    """``(a)`` wrapped alone in a ``<sublist>`` beneath the intro (75/295 C) is level 1;
    ``ii)`` wrapped beneath its sibling ``i)`` (75/325 R) is level 2, as printed and as
    the English marks them."""
    zh = _ga(corpus, "Chinese", "A_RES_75_295-2109003C.xml")
    assert [(p.number, p.level) for p in zh.paragraphs if p.number and p.number.startswith("(")] == \
        [("(a)", 1), ("(b)", 1), ("(c)", 1)]
    ru = _ga(corpus, "Russian", "75_325_R.xml")
    got = [(p.number, p.level) for p in ru.paragraphs if p.number in ("a)", "i)", "ii)", "b)")][:4]
    assert got == [("a)", 1), ("i)", 2), ("ii)", 2), ("b)", 1)]
    en = _ga(corpus, "English", "75_325_E.xml")
    assert [p.level for p in en.paragraphs if p.number in ("(a)", "(i)", "(ii)", "(b)")][:4] == [1, 2, 2, 1]


def test_preamble_lead_in_opens_the_operative_part(corpus: Path) -> None:
    """75/254 C puts ``正式决定，对于2021年：`` in the ``<preamble>``; the other five languages
    put ``Resolves that, for 2021:`` in the ``<mainBody>``: it is operative in all six."""
    for lang, start in (("Chinese", "正式决定"), ("English", "Resolves that"), ("French", "Décide que"),
                        ("Spanish", "Resuelve que"), ("Russian", "постановляет, что"), ("Arabic", "تقرر،")):
        doc = _ga(corpus, lang, f"75_254_{lang[0]}.xml")
        leads = [p for p in doc.paragraphs if p.text.startswith(start)]
        assert len(leads) == 3 and {p.kind for p in leads} == {ParagraphKind.OPERATIVE}, lang


def test_unnumbered_heading_keeps_the_operative_run(corpus: Path) -> None:
    """75/252 R: after ``Часть IV …`` (no label number) the 150-column ``Раздел 10 …`` is a
    heading, as the structure pass reads it: only a numbered section heading ends the
    run of numbered operative paragraphs."""
    ru = _ga(corpus, "Russian", "75_252_R.xml")
    assert _para(ru, "Раздел 10 Наименее развитые страны").kind is ParagraphKind.HEADING
    ops = [p.number for p in ru.paragraphs if p.kind is ParagraphKind.OPERATIVE and p.level == 0]
    assert None not in ops and ops[-1] == "58."


@pytest.mark.parametrize("name", [
    "English/75_245_E.xml", "Arabic/75_245_A.xml", "French/75_246_F.xml", "French/75_247_F.xml",
    "English/75_1_E.xml", "Arabic/75_15_A.xml", "Arabic/75_129_A.xml", "Arabic/75_212_A.xml",
    "Chinese/75_161_C.xml", "Chinese/75_211_C.xml", "Chinese/75_237_C.xml",
    # fixed since: section labels, semicolons, lead-ins, long headings, annexes, sublists
    "Arabic/75_253_A.xml", "Arabic/75_284_A.xml", "Arabic/75_326_A.xml",
    "Arabic/A_RES_75_293-2108996A.xml", "Chinese/75_101A-B_C.xml", "Chinese/75_245_C.xml",
    "Chinese/75_247_C.xml", "Chinese/75_253_C.xml", "Chinese/75_254_C.xml",
    "Chinese/A_RES_75_295-2109003C.xml", "French/75_253_F.xml", "French/75_89_F.xml",
    "Russian/75_252_R.xml", "Russian/75_325_R.xml", "Spanish/75_245_S.xml",
])
def test_fixed_files_round_trip_through_docx(corpus: Path, tmp_path: Path, name: str) -> None:
    """The AKN reading and the reading of a .docx written from it agree exactly."""
    from briefdesk.core.readers.docx import read_docx
    from tests.docx_from_akn import compare, write_docx

    akn = read_akn(corpus / "akn" / "ga-75" / name)
    out = tmp_path / "rt.docx"
    write_docx(akn, out)
    assert compare(akn, read_docx(out)) == []
