"""Search by document: a title or symbol match ranks the document first; each document says
how many of its paragraphs match (issue 13, point 7), on corpus resolutions."""

from __future__ import annotations

import pytest

from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.search import SearchFilters
from briefdesk.core.search.documents import document_results, term_in, text_matches
from briefdesk.core.search.query import parse_query

pytestmark = pytest.mark.corpus

RU = ("A_RES_78_283-2410173R.xml", "A_RES_78_185-2326032R.xml", "A_RES_78_10-2323443R.xml")


@pytest.fixture
def library(tmp_path, corpus):
    lib = Library(tmp_path / "lib.sqlite")
    folder = corpus / "akn" / "ga-78"
    Importer(lib).import_paths([folder / "Russian" / n for n in RU] + [folder / "English" / "A_RES_78_283-2410173E.xml"])
    yield lib
    lib.close()


def test_a_title_brings_its_document_first(library):
    results = document_results(library.sessions, "Положение внутренне перемещенных")
    first = results[0]
    assert first.symbol == "A/RES/78/283" and first.language == "ru" and first.title_match
    assert first.title.startswith("Положение внутренне перемещенных лиц и беженцев из Абхазии")
    # the others match by their paragraphs only, and say how many
    assert all(not r.title_match and r.matches > 0 for r in results[1:])
    direct = library.search("Положение внутренне перемещенных", limit=500)
    for r in results:
        assert r.matches == sum(h.document_id == r.document_id for h in direct)


def test_a_symbol_brings_its_versions_first_and_counts_paragraphs(library):
    results = document_results(library.sessions, "A/RES/78/283")
    assert [r.symbol for r in results[:2]] == ["A/RES/78/283"] * 2
    assert {r.language for r in results[:2]} == {"ru", "en"} and all(r.symbol_match for r in results[:2])
    only_en = document_results(library.sessions, "A/RES/78/283", filters=SearchFilters(language="en"))
    assert [r.language for r in only_en] == ["en"]


def test_words_count_paragraphs_per_document(library):
    results = document_results(library.sessions, "беженцев")
    assert results and all(r.matches >= 1 for r in results if not r.title_match)
    counts = [r.matches for r in results if not (r.title_match or r.symbol_match)]
    assert counts == sorted(counts, reverse=True)


def test_title_matching_follows_the_query_grammar():
    title = "Положение внутренне перемещенных лиц и беженцев"
    assert text_matches(parse_query("положение ВНУТРЕННЕ"), title)
    assert text_matches(parse_query("перемещ*"), title)  # a prefix
    assert not text_matches(parse_query('"перемещ"'), title)  # quoted: exact
    assert not text_matches(parse_query("положение -беженцев"), title)  # excluded
    assert text_matches(parse_query("мигрантов OR беженцев"), title)
    assert text_matches(parse_query("生物多样性"), "生物多样性公约")  # Chinese: bigrams side by side
    assert not term_in(parse_query("x").groups[0][0], "")


def test_the_portable_backend_counts_too(library):
    sqlite = document_results(library.sessions, "Abkhazia")
    portable = document_results(library.sessions, "Abkhazia", dialect="postgresql")  # the ILIKE scan
    assert [(r.symbol, r.language, r.title_match) for r in portable][:1] == [("A/RES/78/283", "en", True)]
    assert {(r.document_id, r.matches) for r in portable} == {(r.document_id, r.matches) for r in sqlite}


def test_a_body_filter_keeps_the_documents_of_that_body(library):
    # the body filter is the canonical code (SearchFilters reads it with find_body), on both backends
    for dialect in ("sqlite", "postgresql"):
        results = document_results(library.sessions, "A/RES/78/283", filters=SearchFilters(body="ga"),
                                   dialect=dialect)
        assert {r.language for r in results[:2]} == {"ru", "en"} and all(r.symbol_match for r in results[:2])
