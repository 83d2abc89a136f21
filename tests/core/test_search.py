"""Search: tokens, query parsing, and the FTS index kept in step by the store."""

from __future__ import annotations

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.errors import SearchError
from briefdesk.core.library import Library
from briefdesk.core.search import SearchFilters
from briefdesk.core.search.query import parse_query
from briefdesk.core.search.tokens import fold, index_text, term_tokens

ZH = ["请执行秘书加强与森林合作伙伴关系成员的协作",
      "欢迎协同增效问题的非正式咨询小组的工作",
      "回顾其第XII/6号决定第21段"]
FR = ["Décide de renforcer la coopération", "Rappelant la diversité biologique"]
AR = ["إِنَّ الْجَمْعِيَّةَ الْعَامَّةَ", "تطلب إلى الأمين العام"]


def _doc(texts, language, symbol):
    return ParsedDocument(symbol=symbol, language=language, kind=DocumentKind.DECISION, paragraphs=[
        ParsedParagraph(ParagraphKind.OPERATIVE, t, f"{i + 1}.") for i, t in enumerate(texts)])


@pytest.fixture
def library(backend):
    lib = Library(backend)
    lib.add(_doc(ZH, "zh", "XII/6"), content_hash="zh", source_name="zh.txt")
    lib.add(_doc(FR, "fr", "XII/6"), content_hash="fr", source_name="fr.txt")
    lib.add(_doc(AR, "ar", "A/RES/1"), content_hash="ar", source_name="ar.txt")
    yield lib
    lib.close()


def test_fold_removes_case_width_and_diacritics():
    assert fold("Décision ＸＩＩ") == "decision xii"
    assert fold("مُؤْتَمَر") == fold("مؤتمر")  # harakat go; hamza folds alike on both sides
    assert fold("Ёлка") == fold("елка")


def test_cjk_runs_become_bigrams_closed_by_last_character():
    assert index_text("生物多样性").split() == ["生物", "物多", "多样", "样性", "性"]
    assert term_tokens("森林").tokens == ("森林",)
    assert term_tokens("生物多样性").tokens == ("生物", "物多", "多样", "样性")
    single = term_tokens("森")
    assert single.tokens == ("森",) and single.prefix


@pytest.mark.parametrize("query,expected", [
    ("森林", ["请执行秘书加强与森林合作伙伴关系成员的协作"]),
    ("协同", ["欢迎协同增效问题的非正式咨询小组的工作"]),
    ("森", ["请执行秘书加强与森林合作伙伴关系成员的协作"]),
    ("第XII/6号决定", ["回顾其第XII/6号决定第21段"]),
    ("decision", []),
    ("DECIDE", ["Décide de renforcer la coopération"]),
    ("cooperation", ["Décide de renforcer la coopération"]),
    ("الجمعية", ["إِنَّ الْجَمْعِيَّةَ الْعَامَّةَ"]),
    ("执行秘书 协作", ["请执行秘书加强与森林合作伙伴关系成员的协作"]),
    ("森林 OR 协同", ["请执行秘书加强与森林合作伙伴关系成员的协作", "欢迎协同增效问题的非正式咨询小组的工作"]),
    ("执行秘书 -森林", []),
    ('"小组的工作"', ["欢迎协同增效问题的非正式咨询小组的工作"]),
    ('"工作的小组"', []),
])
def test_search_finds_exactly_the_paragraphs_containing_the_query(library, query, expected):
    texts = sorted(library.document(h.document_id).paragraphs[h.position].text
                   for h in library.search(query))
    assert texts == sorted(expected)


@pytest.mark.parametrize("query", ['"', "(", ")", "NEAR(", "*", "-", "a:b", "^", "''", "OR", "NOT",
                                   "AND AND", '"unclosed', "森林 NEAR(协同", "[Alt 1]", "{x}", "-森林"])
def test_any_typed_string_gives_results_or_a_plain_message(library, query):
    try:
        library.search(query)
    except SearchError as exc:
        assert str(exc)  # a plain message, not a database error


def test_hits_carry_document_paragraph_and_highlighted_snippet(library):
    (hit,) = library.search("森林")
    assert hit.symbol == "XII/6" and hit.language == "zh" and hit.paragraph_number == "1."
    start, end = hit.snippet.spans[0]
    assert hit.snippet.text[start:end] == "森林"


def test_filters_restrict_by_language(library):
    assert library.search("XII", filters=SearchFilters(language="fr")) == []
    assert {h.language for h in library.search("XII")} == {"zh"}


def test_index_follows_deletes_and_reindex(library):
    library.delete(library.resolve("XII/6", language="zh"))
    assert library.search("森林") == []
    assert library.reindex() == len(FR) + len(AR)
    assert [h.language for h in library.search("cooperation")] == ["fr"]


def test_parse_query_keeps_only_searchable_terms():
    q = parse_query('森林 -协同 OR "a b" NOT x ( *')
    assert [[t.text for t in g] for g in q.groups] == [["森林"], ["a b"]]
    assert [t.text for t in q.excluded] == ["协同", "x"]
