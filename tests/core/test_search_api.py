"""The search API the window calls: filters, facets, paging, citation landing,
language versions, parallel paragraphs, similar paragraphs, and hostile input."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.errors import NotFound, SearchError
from briefdesk.core.importer import Importer, ImportStatus
from briefdesk.core.library import Library
from briefdesk.core.search import SearchFilters
from briefdesk.core.search.align import AlignItem, align, bare_number
from briefdesk.core.search.landing import typed_citation

OP, PRE, HEAD = ParagraphKind.OPERATIVE, ParagraphKind.PREAMBULAR, ParagraphKind.HEADING

REPEATED = ("Requests the Executive Secretary to continue cooperation with the Food and Agriculture "
            "Organization of the United Nations on forest biodiversity and to report on progress")
CHANGED = ("Requests the Executive Secretary to continue cooperation with the Food and Agriculture "
           "Organization of the United Nations on forest biodiversity and to report on progress made")


def _doc(symbol, language, session, body, date, paragraphs, kind=DocumentKind.DECISION):
    return ParsedDocument(symbol=symbol, language=language, session=session, body=body, date=date,
                          kind=kind, paragraphs=[ParsedParagraph(k, t, n) for k, t, n in paragraphs])


@pytest.fixture
def library(backend):
    lib = Library(backend)
    docs = [
        _doc("XI/6", "en", "eleventh meeting", "COP", dt.date(2012, 10, 19), [
            (PRE, "Recalling its cooperation with forest partners", None),
            (OP, REPEATED, "1."),
            (OP, "Welcomes the report on forest finance", "2.")]),
        _doc("XII/6", "en", "twelfth meeting", "COP", dt.date(2014, 10, 17), [
            (PRE, "Noting the forest partnership", None),
            (OP, CHANGED, "1."),
            (OP, "Invites Parties to protect coral reefs", "2.")]),
        _doc("XII/6", "fr", "douzième réunion", "COP", dt.date(2014, 10, 17), [
            (PRE, "Notant le partenariat forestier", None),
            (OP, "Prie la Secrétaire exécutive de poursuivre la coopération", "1."),
            (OP, "Invite les Parties à protéger les récifs coralliens", "2.")]),
        _doc("SBI/2/1", "en", "second meeting", "SBI", None, [
            (OP, "The forest work programme was reviewed", "1.")], kind=DocumentKind.RECOMMENDATION),
    ]
    for i, doc in enumerate(docs):
        lib.add(doc, content_hash=f"h{i}", source_name=f"{i}.txt")
    yield lib
    lib.close()


def _symbols(hits):
    return sorted((h.symbol, h.language, h.paragraph_number or "") for h in hits)


def test_filters_by_session_body_kind_paragraph_kind_and_dates(library):
    assert len(library.search("forest")) == 7  # an unquoted word is a prefix: "forestier" too
    assert len(library.search('"forest"')) == 6
    # a session's name in one language finds its other language versions too (issue 14)
    for name in ("twelfth meeting", "douzième réunion"):
        assert _symbols(library.search("forest", filters=SearchFilters(session=name))) == [
            ("XII/6", "en", ""), ("XII/6", "en", "1."), ("XII/6", "fr", "")]
    assert {h.symbol for h in library.search("forest", filters=SearchFilters(body="SBI"))} == {"SBI/2/1"}
    assert {h.symbol for h in library.search("forest", filters=SearchFilters(kind="recommendation"))} == {"SBI/2/1"}
    assert {h.paragraph_number for h in library.search("forest", filters=SearchFilters(
        paragraph_kind="preambular"))} == {None}
    in_2014 = library.search("forest", filters=SearchFilters(date_from=dt.date(2014, 1, 1),
                                                            date_to=dt.date(2014, 12, 31)))
    assert {h.symbol for h in in_2014} == {"XII/6"}
    before = library.search("forest", filters=SearchFilters(date_to=dt.date(2013, 1, 1)))
    assert {h.symbol for h in before} == {"XI/6"}  # the undated SBI document is left out


def test_facets_list_the_values_present(library):
    facets = library.facets()
    assert facets["body"] == ["COP", "cbd-sbi"]  # canonical codes; a body in no table as written
    # one entry per session: the two language versions of XII/6 name one session
    assert facets["session"] == ["eleventh meeting", "second meeting", "twelfth meeting"]
    assert facets["kind"] == ["decision", "recommendation"]
    assert facets["language"] == ["en", "fr"]
    assert facets["paragraph_kind"] == ["operative", "preambular"]


def test_offset_pages_through_the_same_ranking(library):
    whole = [h.paragraph_id for h in library.search("forest", limit=6)]
    paged = [h.paragraph_id for off in (0, 2, 4) for h in library.search("forest", limit=2, offset=off)]
    assert paged == whole and len(set(whole)) == 6
    assert len(library.search("forest", offset=6)) == 1 and library.search("forest", offset=7) == []


@pytest.mark.parametrize("typed,found", [
    ("decision", "Décisions prises"), ("DÉCISIONS", "Décisions prises"), ("развити", "Развития стран"),
    ("Развития", "Развития стран"), ("التنمية", "التَّنْمِيَةُ المستدامة"), ("التَّنْمِيَةُ", "التنمية الشاملة"),
])
def test_alphabetic_words_ignore_case_and_accents_and_match_as_prefixes(tmp_path, typed, found):
    lib = Library(tmp_path / "l.sqlite")
    texts = ["Décisions prises", "Развития стран", "التَّنْمِيَةُ المستدامة", "التنمية الشاملة", "decide"]
    lib.add(_doc("X/1", "xx", "", "", None, [(OP, t, None) for t in texts]), content_hash="x", source_name="x")
    hits = lib.search(typed)
    assert found in [lib.document(h.document_id).paragraphs[h.position].text for h in hits]
    assert "decide" not in [h.snippet.text for h in hits]
    for hit in hits:  # the whole word is highlighted, not just the typed prefix
        (start, end), = hit.snippet.spans
        assert hit.snippet.text[start:end] == hit.snippet.text.split()[0]
    lib.close()


def test_quoted_words_are_exact_and_and_is_a_word_separator(library):
    assert len(library.search('"forest"')) == 6
    assert _symbols(library.search("coral AND reefs")) == [("XII/6", "en", "2.")]
    assert library.search('"forest" AND "coral"') == []


def test_versions_and_parallel_paragraph(library):
    en = library.resolve("XII/6", language="en")
    fr = library.resolve("XII/6", language="fr")
    assert library.versions(en) == {"en": en, "fr": fr} == library.versions(fr)
    doc = library.document(en)
    target = library.parallel_paragraph(doc.paragraphs[2].id, "fr")
    french = library.document(fr)
    assert target == (fr, french.paragraphs[2].id, 2)
    assert french.paragraphs[2].text.startswith("Invite les Parties")
    assert library.parallel_paragraph(doc.paragraphs[2].id, "zh") is None
    with pytest.raises(NotFound):
        library.parallel_paragraph(10 ** 9, "fr")


def test_alignment_is_robust_when_counts_differ():
    def item(kind, number=None, level=0):
        return AlignItem(None, kind, level, number)

    source = [item("heading", "A."), item("preambular"), item("preambular"), item("operative", "1."),
              item("operative", "(a)", 1), item("operative", "2."), item("operative", "3.")]
    # the other version has no heading, one extra preambular paragraph (split) and no sub-paragraph
    target = [item("preambular"), item("preambular"), item("preambular"), item("operative", "1"),
              item("operative", "2"), item("operative", "3")]
    assert [align(source, target, i) for i in (3, 5, 6)] == [3, 4, 5]
    assert align(source, target, 4) in (3, 4)  # the lost sub-paragraph lands beside paragraph 1
    assert align(source, target, 0) == 0
    assert align(source, [], 0) is None


def test_similar_finds_the_paragraph_readopted_with_small_changes(library):
    old = library.document(library.resolve("XI/6"))
    hits = library.similar(old.paragraphs[1].id)
    assert [(h.symbol, h.language, h.paragraph_number) for h in hits] == [("XII/6", "en", "1.")]
    assert 90 <= hits[0].score < 100 and hits[0].text == CHANGED
    assert library.similar(old.paragraphs[1].id, min_score=99.9) == []
    with pytest.raises(NotFound):
        library.similar(10 ** 9)


@pytest.mark.parametrize("typed,symbol,paragraph", [
    ("XII/6 21", "XII/6", "21"), ("第XII/6号决定第21段", "XII/6", "21"),
    ("decision XII/6 para 21", "XII/6", "21"), ("A/RES/75/100 4", "A/RES/75/100", "4"),
    ("CBD/SBI/2/10", "CBD/SBI/2/10", None), ("resolution 75/100", "75/100", None),
    ("A/RES/75/100, para. 4", "A/RES/75/100", "4"), ("decision XII/6, paragraph 4 (a)", "XII/6", "4 (a)"),
    # a paragraph typed after the symbol has the citation grammar's paragraph numbers, (ii) too
    ("XII/6 21 (a) (ii)", "XII/6", "21 (a) (ii)"),
])
def test_typed_citations_are_read_through_the_citation_grammar(typed, symbol, paragraph):
    read = typed_citation(typed)
    assert (read.symbol, read.paragraph) == (symbol, paragraph)


@pytest.mark.parametrize("typed", ["森林", "75/100", "XII/6 森林", "forest XII/6", "2011-2020", "", "  "])
def test_a_search_is_not_a_citation(typed):
    assert typed_citation(typed) is None


@pytest.fixture(scope="module")
def corpus_library(tmp_path_factory):
    from tests.conftest import corpus_path

    corpus = corpus_path()
    lib = Library(tmp_path_factory.mktemp("land") / "library.sqlite")
    files = sorted((corpus / "seeds").glob("*.txt")) + sorted((corpus / "akn" / "ga-75").glob("*/75_100_*.xml"))
    results = Importer(lib).import_paths(files)
    assert all(r.status is ImportStatus.IMPORTED for r in results)
    yield lib
    lib.close()


@pytest.mark.parametrize("typed,symbol,number", [
    ("XII/6 21", "XII/6", "21."), ("第XII/6号决定第21段", "XII/6", "21."),
    ("decision XII/6 para 21", "XII/6", "21."), ("A/RES/75/100 4", "A/RES/75/100", "4."),
    ("CBD/SBI/2/10", "CBD/SBI/2/10", None),
])
def test_land_on_a_typed_citation_in_the_real_corpus(corpus_library, typed, symbol, number):
    landing = corpus_library.land(typed, language="zh" if "第" in typed else "en")
    doc = corpus_library.document(landing.document_id)
    assert doc.symbol == symbol
    if number is None:
        assert landing.paragraph_id is None and landing.position is None
    else:
        paragraph = doc.paragraphs[landing.position]
        assert paragraph.id == landing.paragraph_id and paragraph.number.rstrip(" ") == number
        assert number.rstrip(".") in landing.label


def test_land_returns_none_for_searches_and_unknown_symbols(corpus_library):
    assert corpus_library.land("森林") is None
    assert corpus_library.land("A/RES/75/999 4") is None
    assert corpus_library.land("XII/6 森林") is None


def test_parallel_paragraph_across_six_language_versions(corpus_library):
    zh = corpus_library.land("A/RES/75/100 4", language="zh")
    versions = corpus_library.versions(zh.document_id)
    assert sorted(versions) == ["ar", "en", "es", "fr", "ru", "zh"]
    starts = {"en": "Acknowledges", "fr": "Reconnaît", "es": "Reconoce", "ru": "признает", "ar": "تقر"}
    for language, word in starts.items():
        doc_id, pid, position = corpus_library.parallel_paragraph(zh.paragraph_id, language)
        paragraph = corpus_library.document(doc_id).paragraphs[position]
        assert doc_id == versions[language] and paragraph.id == pid
        assert bare_number(paragraph.number) == "4" and paragraph.text.startswith(word)
    # and back, from every version, to the Chinese paragraph
    for language in starts:
        doc_id, pid, _position = corpus_library.parallel_paragraph(zh.paragraph_id, language)
        assert corpus_library.parallel_paragraph(pid, "zh")[1] == zh.paragraph_id


def test_numbers_compare_without_their_punctuation():
    assert [bare_number(n) for n in ("21.", "21 -", "(a)", "（b）", "4 (a)", "II.", None, " . ")] == [
        "21", "21", "a", "b", "4 a", "ii", None, None]


SYMBOLS = ['"', "'", "(", ")", "[", "]", "{", "}", "*", "-", "+", ":", "^", "~", "NEAR(", "NEAR/3", "AND",
           "OR", "NOT", "森", "林", "决定", "forest", "Décision", "الجمعية", "\\", "%", "_", "\u0000", ";",
           "--", "/*", "XII/6", "’", "​", "‐", "\t", "  ", "…", "第", "号", "段", "21", "é", "\u0301"]


def test_any_typed_string_gives_results_or_a_plain_message(library):
    rng = random.Random(20261121)
    for _ in range(400):
        typed = "".join(rng.choice(SYMBOLS) + rng.choice(["", " "]) for _ in range(rng.randint(1, 8)))
        try:
            hits = library.search(typed, filters=SearchFilters(language=rng.choice([None, "en"])))
        except SearchError as exc:
            assert str(exc) and "sqlite" not in str(exc).lower() and "fts5" not in str(exc).lower(), typed
        else:
            assert isinstance(hits, list)
        library.land(typed)  # never raises


def test_words_typed_side_by_side_rank_the_paragraph_quoting_them_first(tmp_path):
    lib = Library(tmp_path / "l.sqlite")
    scattered = ["Arbitrary measures. Arrest.", "Arrest is arbitrary.", "Arbitrary arrest? No: arbitrary."]
    quoting = ("Calls upon all States to refrain from arbitrary arrest and detention of human rights "
               "defenders and to release those held in violation of international law, and stresses")
    lib.add(_doc("X/1", "en", "", "", None, [(OP, t, None) for t in scattered[:2] + [quoting]]),
            content_hash="x", source_name="x")
    hits = lib.search("arbitrary arrest")
    texts = [lib.document(h.document_id).paragraphs[h.position].text for h in hits]
    assert texts[0] == quoting and len(texts) == 3  # scattered ones still match, after it
    whole = [h.paragraph_id for h in lib.search("arrest arbitrary", limit=3)]
    paged = [h.paragraph_id for off in range(3) for h in lib.search("arrest arbitrary", limit=1, offset=off)]
    assert paged == whole and len(set(whole)) == 3
    lib.close()


def test_the_index_follows_edits_made_directly_in_the_store(library):
    from sqlalchemy import update

    from briefdesk.core.models import Paragraph

    target = library.document(library.resolve("SBI/2/1")).paragraphs[0]
    with library.engine.begin() as connection:
        connection.execute(update(Paragraph).where(Paragraph.id == target.id).values(text="Mangroves restored"))
    assert [h.paragraph_id for h in library.search("mangroves")] == [target.id]
    assert target.id not in [h.paragraph_id for h in library.search('"work programme"')]


def test_an_index_of_an_older_design_is_rebuilt_on_open(tmp_path):
    path = tmp_path / "old.sqlite"
    lib = Library(path)
    lib.add(_doc("X/1", "en", "", "", None, [(OP, "Mangroves and seagrass", "1.")]), content_hash="x",
            source_name="x")
    with lib.engine.begin() as connection:  # the single-column index of issue 1
        from briefdesk.core.search import sqlite_fts

        sqlite_fts.drop_index(connection)
        connection.exec_driver_sql("CREATE VIRTUAL TABLE paragraph_fts USING fts5(body, content='')")
    lib.close()
    lib = Library(path)
    assert [h.paragraph_number for h in lib.search("seagrass")] == ["1."]
    assert lib.reindex() == 1 and len(lib.search("mangrove")) == 1
    lib.close()


def test_bm25_with_length_classes_prefers_short_paragraphs_and_more_occurrences(tmp_path):
    from briefdesk.core.search import sqlite_fts

    lib = Library(tmp_path / "l.sqlite")
    filler = " ".join(f"word{i}" for i in range(60))
    texts = ["The General Assembly,", f"Recalling that the General Assembly adopted {filler}",
             f"The General Assembly and the General Assembly {filler}", f"Oceans {filler}"]
    lib.add(_doc("X/1", "en", "", "", None, [(OP, t, None) for t in texts]), content_hash="x", source_name="x")
    order = [h.position for h in lib.search('"general assembly"')]
    assert order == [0, 2, 1]  # shortest first; of two long ones, twice before once
    with lib.engine.connect() as connection:
        tokens = sum(len(sqlite_fts.index_text(t).replace(",", " ").split()) for t in texts)
        assert sqlite_fts.average_tokens(connection) == pytest.approx(tokens / len(texts))
    assert sqlite_fts.weights(60) and sqlite_fts.weights(10) is None
    lib.close()


def test_filter_by_document_finds_only_its_paragraphs(library):
    for doc_id in (library.resolve("XI/6"), library.resolve("XII/6", language="fr")):
        hits = library.search("forest", filters=SearchFilters(document_id=doc_id))
        assert hits and {h.document_id for h in hits} == {doc_id}
    assert library.search("forest", filters=SearchFilters(document_id=10 ** 6)) == []


def test_a_database_error_becomes_a_plain_message(library, monkeypatch):
    from briefdesk.core.search import pg_fts, sqlite_fts

    if library.engine.dialect.name == "sqlite":
        monkeypatch.setattr(sqlite_fts, "match_expression", lambda query, exact=False: 'NEAR("a" ')
    else:  # a tsquery PostgreSQL cannot read
        monkeypatch.setattr(pg_fts, "match_expression", lambda query, exact=False: "'a' & (")
    with pytest.raises(SearchError) as raised:
        library.search("forest")
    message = str(raised.value).lower()
    assert "sqlite" not in message and "fts5" not in message and "tsquery" not in message
    assert "postgres" not in message
    monkeypatch.undo()
    assert library.search("forest")  # the library still answers after the error


def test_the_portable_scan_backend_takes_the_same_filters_and_finds_similar(library):
    from briefdesk.core.search import SearchService

    scan = SearchService(library.sessions, dialect="scan")
    fts = {h.paragraph_id for h in library.search('"forest"', filters=SearchFilters(
        session="twelfth meeting", date_from=dt.date(2014, 1, 1)))}
    scanned = {h.paragraph_id for h in scan.search('"forest"', filters=SearchFilters(
        session="twelfth meeting", date_from=dt.date(2014, 1, 1)))}
    assert fts == scanned and len(fts) == 2
    old = library.document(library.resolve("XI/6"))
    assert [h.symbol for h in scan.similar(old.paragraphs[1].id)] == ["XII/6"]


def test_ranking_then_filtering_gives_the_page_joining_gives(corpus_library, monkeypatch):
    from briefdesk.core.search import sqlite_fts

    cases = [("森林", SearchFilters(language="zh")), ("合作", SearchFilters(paragraph_kind="operative")),
             ("Security Council", SearchFilters(language="en")), ("合作", SearchFilters(kind="decision")),
             ("cooperation", SearchFilters(language="fr"))]
    fast = [[(h.paragraph_id, round(h.score, 9)) for h in corpus_library.search(q, filters=f, limit=7, offset=o)]
            for q, f in cases for o in (0, 7)]
    monkeypatch.setattr(sqlite_fts, "_rank_then_filter", lambda *args: None)
    joined = [[(h.paragraph_id, round(h.score, 9)) for h in corpus_library.search(q, filters=f, limit=7, offset=o)]
              for q, f in cases for o in (0, 7)]
    assert [sorted(s for _i, s in page) for page in fast] == [sorted(s for _i, s in page) for page in joined]
    assert sum(len(page) for page in fast) > 40
    for page_fast, page_joined in zip(fast, joined):  # the same paragraphs, up to ties at the page's edge
        edge = max((s for _i, s in page_fast), default=None)
        assert {i for i, s in page_fast if s != edge} == {i for i, s in page_joined if s != edge}


def test_the_scan_backend_finds_similar_text_made_of_wildcard_characters(library, monkeypatch):
    """``%`` and ``_`` in a paragraph's words are matched literally by the scan backend's
    candidates, not dropped (which left no condition and took any paragraphs of the language)."""
    import briefdesk.core.search as search
    from briefdesk.core.search import SearchService

    text = "fee_rate 50% budget_line"
    for symbol in ("XIII/1", "XIV/1"):
        library.add(_doc(symbol, "en", "meeting", "COP", dt.date(2016, 12, 1), [(OP, text, "1.")]),
                    content_hash=symbol, source_name=symbol)
    monkeypatch.setattr(search, "SIMILAR_CANDIDATES", 1)
    source = library.document(library.resolve("XIII/1")).paragraphs[0].id
    assert [h.symbol for h in SearchService(library.sessions, dialect="scan").similar(source)] == ["XIV/1"]
