"""Queries within budgets (issue 12, point 3): a term limit, a time budget, repeated terms counted once,
and one-letter terms never highlighted inside words."""

from __future__ import annotations

import time

import pytest

from briefdesk.core import limits
from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.errors import SearchError
from briefdesk.core.library import Library
from briefdesk.core.search import sqlite_fts
from briefdesk.core.search.query import parse_query
from briefdesk.core.search.snippets import find_spans

EN = ["Decides that a working group shall be established", "Requests a report on the made-up figures",
      "Welcomes the work of the group b", "Recalls decision a and decision b of the Conference"]


def _doc(texts, symbol):
    return ParsedDocument(symbol=symbol, language="en", kind=DocumentKind.DECISION, paragraphs=[
        ParsedParagraph(ParagraphKind.OPERATIVE, t, f"{i + 1}.") for i, t in enumerate(texts)])


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "library.sqlite")
    lib.add(_doc(EN, "A/RES/1"), content_hash="en", source_name="en.txt")
    yield lib
    lib.close()


def test_a_word_given_twice_counts_once_without_changing_the_meaning():
    query = parse_query("a OR a OR A OR á b b")
    assert [[t.text for t in g] for g in query.groups] == [["a"], ["b"]]
    assert query.term_count == 2
    # a AND (a OR b) keeps both groups: dropping one would change what is found
    assert [[t.text for t in g] for g in parse_query("a a OR b").groups] == [["a"], ["a", "b"]]
    assert len(parse_query("-x -X y").excluded) == 1


def test_two_thousand_terms_of_a_or_a_or_b_answer_within_a_second(library):
    text = " OR ".join(["a"] * 1999) + " b"
    start = time.perf_counter()
    hits = library.search_service.search(text)
    assert time.perf_counter() - start < 1.0
    assert [h.paragraph_number for h in hits] == ["4."]   # the one paragraph with both a and b


def test_too_many_distinct_terms_or_characters_are_refused_in_words(library):
    start = time.perf_counter()
    with pytest.raises(SearchError, match=f"at most {limits.QUERY_TERMS}"):
        library.search_service.search(" OR ".join(f"w{i}" for i in range(limits.QUERY_TERMS + 1)))
    with pytest.raises(SearchError, match="characters long"):
        library.search_service.search("a " * limits.QUERY_CHARS)
    assert time.perf_counter() - start < 1.0
    assert library.search_service.search(" OR ".join(f"w{i}" for i in range(limits.QUERY_TERMS - 1)) + " OR b")


def test_a_search_over_its_time_budget_stops_with_a_message_within_a_second(tmp_path, monkeypatch):
    lib = Library(tmp_path / "big.sqlite")
    lib.add(_doc([f"Decides that decision {i} applies" for i in range(3000)], "A/RES/2"),
            content_hash="big", source_name="big.txt")
    monkeypatch.setattr(limits, "QUERY_SECONDS", -1.0)   # already over: the first progress call stops it
    start = time.perf_counter()
    with pytest.raises(SearchError, match="took too long"):
        lib.search_service.search("decision")
    assert time.perf_counter() - start < 1.0
    monkeypatch.setattr(limits, "QUERY_SECONDS", 5.0)
    assert len(lib.search_service.search("decision", limit=10)) == 10   # the handler is removed after
    lib.close()


def test_a_search_interrupted_in_a_later_tier_answers_with_the_best_found_so_far(library, monkeypatch):
    real_run = sqlite_fts._run
    calls = []

    def run(connection, sql, params):
        calls.append(params.get("match"))
        if len(calls) > 1:
            raise sqlite_fts.SearchInterrupted("over budget")
        return real_run(connection, sql, params)

    monkeypatch.setattr(sqlite_fts, "_run", run)
    hits = library.search_service.search("decision a", limit=10)   # tier 1: "decision a" side by side
    assert [h.paragraph_number for h in hits] == ["4."]
    assert len(calls) == 2


def test_one_letter_terms_are_never_highlighted_inside_words(library):
    text = "Plan A: a made-up case, (a) and B-a"
    assert [text[s:e] for s, e in find_spans(text, ["a"])] == ["A", "a", "a", "a"]
    assert all(not text[s - 1:s].isalpha() and not text[e:e + 1].isalpha() for s, e in find_spans(text, ["a"]))
    assert [text[s:e] for s, e in find_spans(text, ["made"])] == ["made"]   # longer terms as before
    for hit in library.search_service.search("a"):
        for s, e in hit.snippet.spans:
            assert hit.snippet.text[s:e].lower() == "a"
            assert not hit.snippet.text[s - 1:s].isalpha() and not hit.snippet.text[e:e + 1].isalpha()
