"""Citations: extraction in six languages, storage, resolution against the library, cited-by."""

from __future__ import annotations

import re

import pytest

from briefdesk.core.citations import CitationKind, extract_citations, symbol_aliases, symbol_candidates
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library

SEED_000 = "000_c78bdb84fd83cc2b.txt"
SEED_002 = "002_260c79862227ae61.txt"


def targets(text: str, language: str = "en") -> list[tuple[str, str | None, str | None]]:
    found = extract_citations(text, language)
    for c in found:
        assert text[c.start:c.end] == c.text
    return [(c.kind.value, c.target_symbol, c.target_paragraph) for c in found]


@pytest.mark.corpus
def test_seed_sentences(seeds):
    lines = (seeds / SEED_000).read_text(encoding="utf-8").splitlines()
    para5 = next(line for line in lines if line.startswith("5. "))
    assert targets(para5, "zh")[:2] == [("decision", "XIII/7", "7"), ("decision", "XII/6", "21")]
    assert ("document", "CBD/SBI/2/10/Add.2", None) in targets(para5, "zh")
    assert "2011-2020" in para5 and not any("2011" in (s or "") for _k, s, _p in targets(para5, "zh"))
    para6 = next(line for line in lines if line.startswith("6. "))
    assert [s for _k, s, _p in targets(para6, "zh")] == ["XIII/1", "XIII/3", "XIII/6", "XIII/8", "XIII/23", "XIII/27"]


@pytest.mark.parametrize("text, language, expected", [
    ("第 XI/6 号决定", "zh", [("decision", "XI/6", None)]),
    ("Recalling decision 14/30, paragraph 4 (a),", "en", [("decision", "14/30", "4 (a)")]),
    ("paragraph 21 of decision XII/6", "en", [("decision", "XII/6", "21")]),
    ("Rappelant la décision XIII/5,", "fr", [("decision", "XIII/5", None)]),
    ("Recordando la decisión XIII/5, párrafo 3,", "es", [("decision", "XIII/5", "3")]),
    ("ссылаясь на пункт 7 решения XIII/5,", "ru", [("decision", "XIII/5", "7")]),
    ("إذ يشير إلى الفقرة 21 من المقرر 14/30،", "ar", [("decision", "14/30", "21")]),
    ("第7/2015号决议", "zh", [("resolution", "7/2015", None)]),
    ("General Assembly resolution 70/1 of 25 September 2015", "en", [("resolution", "70/1", None)]),
    ("see A/RES/75/1.", "en", [("resolution", "A/RES/75/1", None)]),
    ("第1514(XV)号决议和第66/288号决议", "zh", [("resolution", "1514(XV)", None), ("resolution", "66/288", None)]),
    ("Human Rights Council resolution A/HRC/RES/54/1", "en", [("resolution", "A/HRC/RES/54/1", None)]),
    ("（CBD/SBI/2/10/Add.1和UNEP/CBD/COP/13/15）", "zh",
     [("document", "CBD/SBI/2/10/Add.1", None), ("document", "UNEP/CBD/COP/13/15", None)]),
    ("draft A/HRC/54/L.13 and IT/GB-7/17/19", "en",
     [("document", "A/HRC/54/L.13", None), ("document", "IT/GB-7/17/19", None)]),
    ("《公约》第19.3(g)条和article 8(j)", "zh", [("article", None, "19.3(g)"), ("article", None, "8(j)")]),
    ("paragraphs 3 and 4 of decision XII/6", "en", [("decision", "XII/6", "3"), ("decision", "XII/6", "4")]),
    ("decisions XIII/1, XIII/3 and XIII/6", "en",
     [("decision", "XIII/1", None), ("decision", "XIII/3", None), ("decision", "XIII/6", None)]),
    ("UNEP/CBD/COP/DEC/XII/6 and CBD/COP/DEC/14/30", "en", [("decision", "XII/6", None), ("decision", "14/30", None)]),
    ("第 1/12 号决议", "zh", [("resolution", "1/12", None)]),
    ("上文第11段和paragraph 11 above", "zh", [("document", None, "11"), ("document", None, "11")]),
    ("第XIII/24号决定第21段和附件二", "zh", [("decision", "XIII/24", "21")]),
    ("see para. 4 (a) of decision 14/30", "en", [("decision", "14/30", "4 (a)")]),
    ("第XIII/1、第XIII/3、XIII/6和XIII/8号决定", "zh",
     [("decision", "XIII/1", None), ("decision", "XIII/3", None), ("decision", "XIII/6", None),
      ("decision", "XIII/8", None)]),
    # resolutions listed with their dates, in the forms the AKN corpus prints
    ("resolutions 242 (1967) of 22 November 1967, 338 (1973) of 22 October 1973 and 1860 (2009)", "en",
     [("resolution", "242(1967)", None), ("resolution", "338(1973)", None), ("resolution", "1860(2009)", None)]),
    ("sus resoluciones 46/152, de 18 de diciembre de 1991, 60/1, de 16 de septiembre de 2005, y 69/193", "es",
     [("resolution", "46/152", None), ("resolution", "60/1", None), ("resolution", "69/193", None)]),
    ("свои резолюции 46/152 от 18 декабря 1991 года, 60/1 от 16 сентября 2005 года и 69/193", "ru",
     [("resolution", "46/152", None), ("resolution", "60/1", None), ("resolution", "69/193", None)]),
    ("قراري مجلس الأمن 2178 (2014) المؤرخ 24 أيلول/سبتمبر 2014 و 2396 (2017)", "ar",
     [("resolution", "2178(2014)", None), ("resolution", "2396(2017)", None)]),
    ("la résolution 1325 (2000) du Conseil de sécurité", "fr", [("resolution", "1325(2000)", None)]),
    ("las resoluciones del Consejo de Seguridad 2178 (2014), de 24 de septiembre de 2014, y 2396 (2017)", "es",
     [("resolution", "2178(2014)", None), ("resolution", "2396(2017)", None)]),
    ("1967年11月22日第242(1967)号、1973年10月22日第338(1973)号和2009年1月8日第1860(2009)号决议", "zh",
     [("resolution", "242(1967)", None), ("resolution", "338(1973)", None), ("resolution", "1860(2009)", None)]),
    ("1995年12月12日第50/70 M号、1996年12月10日第51/45 E号决议", "zh",
     [("resolution", "50/70M", None), ("resolution", "51/45E", None)]),
    ("its resolutions 74/249 A of 27 December 2019 and 74/249 B of 30 June 2020", "en",
     [("resolution", "74/249A", None), ("resolution", "74/249B", None)]),
    ("resolution 74/270 of 2 April 2020 on global solidarity, and 74/274 of 20 April 2020", "en",
     [("resolution", "74/270", None), ("resolution", "74/274", None)]),
    ("Economic and Social Council resolution 2019/21 and resolution ES-10/15", "en",
     [("resolution", "2019/21", None), ("resolution", "ES-10/15", None)]),
    # ranges of paragraphs give each paragraph
    ("上文第 14 至 16 段", "zh", [("document", None, "14"), ("document", None, "15"), ("document", None, "16")]),
    ("第XII/30号决定第2至4段", "zh", [("decision", "XII/30", "2"), ("decision", "XII/30", "3"), ("decision", "XII/30", "4")]),
    ("párrafos 3 a 5 de la decisión XIII/5", "es",
     [("decision", "XIII/5", "3"), ("decision", "XIII/5", "4"), ("decision", "XIII/5", "5")]),
    ("إذ تشير إلى قرارها 1514 (د-15) المؤرخ 14 كانون الأول/ديسمبر 1960", "ar", [("resolution", "1514(XV)", None)]),
    ("la résolution ES\u201110/15 et la résolution 2106 A (XX)", "fr",
     [("resolution", "ES-10/15", None), ("resolution", "2106A(XX)", None)]),
    ("وآخرها القرار74/113 المؤرخ 13 كانون الأول/ديسمبر 2019 والقرار الأخير 46/21", "ar",
     [("resolution", "74/113", None), ("resolution", "46/21", None)]),
    ("第74/274号决议，2020年9月11日关于全面协调应对COVID-19大流行的第74/306号，以及第12(1999)号一般性意见", "zh",
     [("resolution", "74/274", None), ("resolution", "74/306", None)]),
    ("ses résolutions sur les droits de l’homme et la justice transitionnelle (9/10 du 24 septembre 2008, "
     "12/11 du 1er octobre 2009)", "fr", [("resolution", "9/10", None), ("resolution", "12/11", None)]),
    ("резолюции Совета 9/14 от 18 сентября 2008 года, 18/28 от 17 октября 2011 года", "ru",
     [("resolution", "9/14", None), ("resolution", "18/28", None)]),
    ("回顾其2019年12月13日第74/92A和B号决议", "zh", [("resolution", "74/92A", None)]),
    ("回顾其关于《全面战略》的第62/214号、2016年6月17日关于共有问题的第70/286号和2019年6月20日关于联合国"
     "就性剥削和性虐待问题采取的行动的第73/302号决议", "zh",
     [("resolution", "62/214", None), ("resolution", "70/286", None), ("resolution", "73/302", None)]),
    ("في تنفيــذ قــرار الجمعية العامة 1514 (د-15) وإلى قرارَيها 53/199 المؤرخ 15 كانون الأول/ديسمبر 1998 و 61/185",
     "ar", [("resolution", "1514(XV)", None), ("resolution", "53/199", None), ("resolution", "61/185", None)]),
    ("в соответствии с документом CD/1299 и SPLOS/72, not COVID/2020", "ru",
     [("document", "CD/1299", None), ("document", "SPLOS/72", None)]),
    ("وإذ تشير كذلك إلــى قراريهــا دإط-10/15 المـــؤرخ 20 تمــوز/يوليه 2004", "ar", [("resolution", "ES-10/15", None)]),
    # negative cases: a fraction far from any keyword
    ("Recalling its resolutions on the budget, " + "and the work of the Committee " * 10 + "1/12 of the appropriation",
     "en", []),
    # negative cases: a budget period after a cited resolution is not one
    ("resolution 74/262 on the budget for the biennium 2020/21", "en", [("resolution", "74/262", None)]),
    # negative cases: year ranges, fiscal years, bare fractions, footnote markers
    ("《2011-2020年生物多样性战略计划》", "zh", []),
    ("the 2017/18 biennium and 1/12 of the budget", "en", []),
    ("[footnoteRef:3] 2018年7月9日至13日", "zh", []),
])
def test_extraction_in_six_languages(text, language, expected):
    assert targets(text, language) == expected


def test_short_forms_name_the_official_symbols():
    assert "S/RES/1860(2009)" in symbol_candidates("1860(2009)")
    assert "E/RES/2019/21" in symbol_candidates("2019/21")
    assert "UNEP/CBD/COP/DEC/XII/6" in symbol_candidates("XII/6")
    assert {"A/RES/75/1", "75/1"} <= symbol_aliases("A/RES/75/1")
    assert "1325(2000)" in symbol_aliases("S/RES/1325(2000)")


def test_annexes_are_kept():
    (zh,) = extract_citations("第XII/6号决定附件二", "zh")
    (en,) = extract_citations("decision XII/6, annex II", "en")
    assert zh.target_annex == en.target_annex == "II" and zh.kind is CitationKind.DECISION


@pytest.mark.corpus
def test_resolution_waits_for_the_cited_document(library, seeds):
    Importer(library).import_paths([seeds / SEED_000])
    pending = [c for c in library.unresolved_citations()
               if c.target_symbol == "XII/6" and c.target_paragraph == "21"]
    assert [c.citing_paragraph for c in pending] == ["5."]
    Importer(library).import_paths([seeds / SEED_002])
    assert not [c for c in library.unresolved_citations() if c.target_symbol == "XII/6"]
    (link,) = [c for c in library.citations("CBD/SBI/2/10") if c.text == "第XII/6号决定第21段"]
    target = library.document("XII/6")
    para21 = next(p for p in target.paragraphs if p.id == link.resolved_paragraph_id)
    assert (para21.number, para21.level, link.resolved_document_id) == ("21.", 0, target.id)
    cited_by = library.cited_by("XII/6")
    assert {(c.citing_symbol, c.citing_paragraph) for c in cited_by} >= {("CBD/SBI/2/10", "5.")}
    # internal references point into the note itself
    internal = [c for c in library.citations("CBD/SBI/2/10") if c.internal]
    assert internal and all(c.resolved_document_id == c.citing_document_id for c in internal)
    assert all(c.resolved_paragraph == f"{c.target_paragraph}." for c in internal if c.resolved_paragraph)
    # ... and inside the embedded draft decision, into the draft's own paragraphs
    note = library.document("CBD/SBI/2/10")
    part_of = {p.id: p.part_id for p in note.paragraphs}
    in_draft = [c for c in internal if part_of[c.citing_paragraph_id] is not None]
    assert in_draft and all(part_of[c.resolved_paragraph_id] == part_of[c.citing_paragraph_id]
                            for c in in_draft if c.resolved_paragraph_id)


@pytest.mark.corpus
def test_deleting_the_cited_document_unresolves(library, seeds):
    Importer(library).import_paths([seeds / SEED_002, seeds / SEED_000])
    assert library.cited_by("XII/6")
    library.delete("XII/6")
    assert any(c.target_symbol == "XII/6" for c in library.unresolved_citations())


@pytest.mark.corpus
def test_akn_links_agree_with_extracted_citations(corpus):
    """Every undocs.org link in a sample of AKN files (both bodies, six languages) should be covered
    by an extracted citation naming the link's target; the share that is measures the extractor."""
    from bench.citations_akn import link_agrees, read_docs

    files = []
    for body in ("ga-75", "hrc-54"):
        for language in ("Arabic", "Chinese", "English", "French", "Russian", "Spanish"):
            files += sorted((corpus / "akn" / body / language).glob("*.xml"))[::12]
    assert len(files) > 150
    total = agreed = 0
    disagreements = []
    for path, doc in read_docs(files):
        for p in doc.paragraphs:
            found = extract_citations(p.text, doc.language)
            for start, end, href in p.links:
                verdict = link_agrees(found, start, end, href)
                if verdict is None:
                    continue
                total += 1
                if verdict[1]:
                    agreed += 1
                else:
                    disagreements.append((path.name, verdict[0], p.text[start:end]))
    share = agreed / total
    print(f"AKN links: {agreed}/{total} = {share:.1%} agree; disagreements:")
    for row in disagreements:
        print("  ", *row)
    assert total > 500
    assert share >= 0.95


@pytest.mark.corpus
def test_akn_resolution_cited_by_number_resolves(library, corpus):
    folder = corpus / "akn" / "ga-75" / "English"
    Importer(library).import_paths([folder / "75_100_E.xml"])
    doc = library.document("A/RES/75/100")
    from briefdesk.core.document import ParagraphKind, ParsedDocument, ParsedParagraph
    note = ParsedDocument(symbol="A/75/999", language="en", paragraphs=[
        ParsedParagraph(ParagraphKind.BODY, "Recalls paragraph 1 of resolution 75/100.", "1.")])
    library.add(note, content_hash="note", source_name="note.txt")
    (link,) = library.citations("A/75/999")
    assert link.resolved_document_id == doc.id and link.resolved_paragraph is not None


def _old_library(path, documents) -> None:
    """A library file at schema 0001 (before citations) holding ``documents`` (ParsedDocuments)."""
    import datetime as dt

    import sqlalchemy as sa
    from alembic import command

    from briefdesk.core.library import _alembic_config, make_engine

    engine = make_engine(f"sqlite:///{path}")
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        meta = sa.MetaData()
        meta.reflect(connection)
        assert "citation" not in meta.tables
        document, paragraph = meta.tables["document"], meta.tables["paragraph"]
        for n, parsed in enumerate(documents):
            doc_id = connection.execute(document.insert().values(
                symbol=parsed.symbol, title=parsed.title, body=parsed.body, session=parsed.session,
                language=parsed.language, kind=parsed.kind.value, venue="", agenda_item="", sponsors=[],
                source_name=f"old-{n}.txt", source_format="text", content_hash=f"old-{n}",
                imported_at=dt.datetime(2026, 1, 1))).inserted_primary_key[0]
            connection.execute(paragraph.insert(), [
                {"document_id": doc_id, "position": i, "kind": p.kind.value, "number": p.number, "level": p.level,
                 "text": p.text, "verb": p.verb, "section": p.section}
                for i, p in enumerate(parsed.paragraphs) if p.part is None])
    engine.dispose()


@pytest.mark.corpus
def test_documents_from_before_citations_get_them_when_the_library_opens(tmp_path, seeds):
    from briefdesk.core.readers.text import read_text

    note, decision = read_text(seeds / SEED_000), read_text(seeds / SEED_002)
    _old_library(tmp_path / "old.sqlite", [note, decision])
    library = Library(tmp_path / "old.sqlite")  # migrates 0001 → head, then re-extracts
    try:
        assert library.stale_citation_documents() == []
        (link,) = [c for c in library.citations("CBD/SBI/2/10") if c.text == "第XII/6号决定第21段"]
        assert (link.target_symbol, link.target_paragraph, link.resolved_paragraph) == ("XII/6", "21", "21.")
        assert link.resolved_document_id == library.resolve("XII/6")
        assert {c.citing_paragraph for c in library.cited_by("XII/6")} >= {"5."}
        # opening again does nothing more
        assert library.reextract_citations() == 0
    finally:
        library.close()


@pytest.mark.corpus
def test_akn_links_are_stored_and_survive_reextraction(library, corpus):
    path = corpus / "akn" / "ga-75" / "English" / "75_100_E.xml"
    Importer(library).import_paths([path])
    before = [(c.citing_position, c.start, c.end, c.target_symbol, c.href) for c in library.citations("A/RES/75/100")]
    linked = [row for row in before if row[4]]
    assert linked and all(row[4].startswith("https://undocs.org/") for row in linked)
    # the Security Council resolution, linked in the source, is a citation with the link's target
    assert any(symbol == "2282(2016)" and href.endswith("S/RES/2282(2016)") for *_x, symbol, href in linked)
    assert library.reextract_citations(every=True) == 1
    after = [(c.citing_position, c.start, c.end, c.target_symbol, c.href) for c in library.citations("A/RES/75/100")]
    assert after == before


@pytest.mark.corpus
def test_akn_links_resolve_to_the_documents_they_name(library, corpus):
    """Import the English GA resolutions of the 75th session that link to others of the same session,
    and those they link to: every linked citation whose target is in the library resolves to it, and every
    resolved one names the document its link names."""
    from bench.citations_akn import UNDOCS as _UNDOCS, comparable as _comparable

    every = sorted((corpus / "akn" / "ga-75" / "English").glob("*.xml"))
    cited: set[str] = set()
    citing = []
    for path in every:
        numbers = set(re.findall(rb"undocs\.org/en/A/RES/75/(\d+)", path.read_bytes()))
        if numbers:
            citing.append(path)
            cited |= {n.decode() for n in numbers}
    number = re.compile(r"^(?:A_RES_)?75_(\d+)")
    files = sorted(set(citing) | {p for p in every if (m := number.match(p.name)) and m.group(1) in cited})
    Importer(library).import_paths(files)
    stored = {s.symbol.lower() for s in library.summaries() if s.symbol}
    checked = wrong = missed = 0
    for summary in library.summaries():
        for c in library.citations(summary.id):
            target = c.href and _UNDOCS.match(c.href)
            if not target:
                continue
            names = {_comparable(a) for a in symbol_aliases(target.group(1))}
            in_library = target.group(1).strip().lower() in stored
            if c.resolved_document_id is not None:
                checked += 1
                if _comparable(c.resolved_symbol) not in names:
                    wrong += 1
                    print("  wrong:", summary.symbol, c.text, c.href, "->", c.resolved_symbol)
            elif in_library:
                missed += 1
    print(f"resolved linked citations: {checked}, naming another document: {wrong}, missed: {missed}")
    assert checked >= 30
    assert wrong == 0 and missed <= checked // 20


@pytest.mark.corpus
def test_citations_in_footnotes_are_stored_with_their_paragraph(library, seeds):
    Importer(library).import_paths([seeds / SEED_002])
    doc = library.document("XII/6")
    in_notes = [c for c in library.citations("XII/6") if c.footnote_marker is not None]
    assert {c.target_symbol for c in in_notes} >= {"UNEP/CBD/COP/12/24", "66/288"}
    for c in in_notes:
        paragraph = next(p for p in doc.paragraphs if p.id == c.citing_paragraph_id)
        note = paragraph.footnotes[c.footnote_index]
        assert note.marker == c.footnote_marker and note.text[c.start:c.end] == c.text
    # the footnote's citations survive re-extraction, and show --json names the footnote
    assert library.reextract_citations(every=True) == 1
    again = [(c.footnote_marker, c.text, c.target_symbol) for c in library.citations("XII/6") if c.footnote_marker]
    assert again == [(c.footnote_marker, c.text, c.target_symbol) for c in in_notes]
    from briefdesk.core.library import document_as_dict

    shown = document_as_dict(library.document("XII/6"))["citations"]
    assert any(c["footnote"] == "2" and c["target_symbol"] == "66/288" for c in shown)


@pytest.mark.corpus
def test_migration_0003_goes_down_and_up_without_losing_documents(tmp_path, seeds):
    from tests.faults import downgrade, upgrade

    lib = Library(tmp_path / "lib.sqlite")
    Importer(lib).import_paths([seeds / SEED_000, seeds / SEED_002])
    before = [(c.text, c.target_symbol, c.resolved_paragraph, c.footnote_marker) for c in lib.citations("XII/6")]
    paragraphs = len(lib.document("XII/6").paragraphs)
    downgrade(lib.engine, "0002")
    upgrade(lib.engine)
    lib.close()
    lib = Library(tmp_path / "lib.sqlite")  # citations_version is gone: extracted again
    try:
        assert len(lib.document("XII/6").paragraphs) == paragraphs
        assert [(c.text, c.target_symbol, c.resolved_paragraph, c.footnote_marker)
                for c in lib.citations("XII/6")] == before
    finally:
        lib.close()


@pytest.mark.corpus
@pytest.mark.parametrize("text, language", [
    ("Recalls paragraph 11 (b) of decision XII/6,", "en"),
    ("回顾第XII/6号决定第11(b)段，", "zh"),
    ("回顾第XII/6号决定第11段(b)分段，", "zh"),
    ("Rappelant l’alinéa b) du paragraphe 11 de la décision XII/6,", "fr"),
    ("Recordando el apartado b) del párrafo 11 de la decisión XII/6,", "es"),
    ("ссылаясь на подпункт (b) пункта 11 решения XII/6,", "ru"),
])
def test_a_sub_paragraph_citation_opens_the_sub_paragraph(library, seeds, text, language):
    from briefdesk.core.document import ParagraphKind, ParsedDocument, ParsedParagraph

    Importer(library).import_paths([seeds / SEED_002])
    note = ParsedDocument(symbol="CBD/X/1", language=language, paragraphs=[
        ParsedParagraph(ParagraphKind.BODY, text, "1.")])
    library.add(note, content_hash=f"note-{language}", source_name="note.txt")
    links = [c for c in library.citations("CBD/X/1") if c.target_symbol == "XII/6"]
    target = library.document("XII/6")
    (paragraph,) = [p for p in target.paragraphs if p.id == links[0].resolved_paragraph_id]
    assert (paragraph.number, paragraph.level) == ("(b)", 1)
    previous = max(p.position for p in target.paragraphs if p.level == 0 and p.number == "11.")
    assert paragraph.position > previous


def test_a_citation_resolves_to_an_arabic_paragraph_numbered_with_a_dash(library):
    """Arabic decisions number paragraphs ``21 -`` (as the structure reader keeps them); a citation
    of paragraph 21 opens that paragraph, not just the document."""
    from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph

    op = ParagraphKind.OPERATIVE
    cited = ParsedDocument(symbol="CBD/COP/DEC/14/30", language="ar", kind=DocumentKind.DECISION,
                           body="COP", session="14", paragraphs=[
                               ParsedParagraph(op, "يقرر أمرا أول", "20 -"),
                               ParsedParagraph(op, "يطلب أمرا ثانيا", "21 -")])
    citing = ParsedDocument(symbol="CBD/COP/DEC/15/1", language="ar", kind=DocumentKind.DECISION,
                            body="COP", session="15", paragraphs=[
                                ParsedParagraph(ParagraphKind.PREAMBULAR, "إذ يشير إلى الفقرة 21 من المقرر 14/30،", None)])
    library.add(cited, content_hash="cited", source_name="cited")
    library.add(citing, content_hash="citing", source_name="citing")
    [link] = library.citations("CBD/COP/DEC/15/1")
    assert (link.target_symbol, link.resolved_paragraph) == ("14/30", "21 -")
