"""Citations: extraction in six languages, storage, resolution against the library, cited-by."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from briefdesk.core.citations import CitationKind, extract_citations
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library

SEED_000 = "000_c78bdb84fd83cc2b.txt"
SEED_002 = "002_260c79862227ae61.txt"


def targets(text: str, language: str = "en") -> list[tuple[str, str | None, str | None]]:
    found = extract_citations(text, language)
    for c in found:
        assert text[c.start:c.end] == c.text
    return [(c.kind.value, c.target_symbol, c.target_paragraph) for c in found]


@pytest.fixture
def library(tmp_path):
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()


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
    # negative cases: year ranges, fiscal years, bare fractions, footnote markers
    ("《2011-2020年生物多样性战略计划》", "zh", []),
    ("the 2017/18 biennium and 1/12 of the budget", "en", []),
    ("[footnoteRef:3] 2018年7月9日至13日", "zh", []),
])
def test_extraction_in_six_languages(text, language, expected):
    assert targets(text, language) == expected


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


@pytest.mark.corpus
def test_deleting_the_cited_document_unresolves(library, seeds):
    Importer(library).import_paths([seeds / SEED_002, seeds / SEED_000])
    assert library.cited_by("XII/6")
    library.delete("XII/6")
    assert any(c.target_symbol == "XII/6" for c in library.unresolved_citations())


@pytest.mark.corpus
def test_akn_links_are_found_in_the_paragraph_text(corpus):
    folder = corpus / "akn" / "ga-75" / "English"
    expected_total = found_total = 0
    for path in sorted(folder.glob("*.xml"))[:15]:
        tree = etree.parse(str(path))
        for p in tree.iter("{*}p"):
            hrefs = {re.sub(r"^https?://undocs\.org/(?:en/)?", "", a.get("href", ""))
                     for a in p.iter("{*}a") if "undocs.org" in a.get("href", "")}
            hrefs = {h for h in hrefs if h.startswith("A/RES/")}
            if not hrefs:
                continue
            text = "".join(p.itertext())
            symbols = set()
            for c in extract_citations(text, "en"):
                if c.target_symbol:
                    s = c.target_symbol
                    symbols.add(s if s.startswith("A/") else f"A/RES/{s}")
            expected_total += len(hrefs)
            found_total += len(hrefs & symbols)
    assert expected_total > 50
    assert found_total / expected_total > 0.9


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
