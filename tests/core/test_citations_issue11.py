"""Issue 11, point 6: citations real footnotes carry, and the measure against the UN's own links
in paragraph text and in footnotes."""

from __future__ import annotations

import pytest

from briefdesk.core.citations import (
    CitationKind,
    extract_citations,
    link_target,
    symbol_aliases,
    symbol_candidates,
)
from briefdesk.core.symbols import SYMBOL_RE


@pytest.mark.parametrize("text, lang, cited, kind, target", [
    # proposed programme budget, section 3, addendum 10 (a footnote of 79th-session resolutions)
    ("See A/79/6 (Sect. 3)/Add.10.", "en", "A/79/6 (Sect. 3)/Add.10", CitationKind.DOCUMENT,
     "A/79/6 (Sect. 3)/Add.10"),
    ("见A/79/6(Sect.3)/Add.10。", "zh", "A/79/6(Sect.3)/Add.10", CitationKind.DOCUMENT,
     "A/79/6 (Sect. 3)/Add.10"),
    ("NPT/CONF.2000/28 (Parts I and II)", "en", "NPT/CONF.2000/28 (Parts I and II)",
     CitationKind.DOCUMENT, "NPT/CONF.2000/28 (Parts I and II)"),
    # UNIDO General Conference, 18th session; IAEA General Conference, 59th session
    ("See GC.18/INF/4.", "en", "GC.18/INF/4", CitationKind.DOCUMENT, "GC.18/INF/4"),
    ("resolution GC.18/Res.1", "en", "GC.18/Res.1", CitationKind.RESOLUTION, "GC.18/Res.1"),
    ("resolution GC(59)/RES/9 of the General Conference", "en", "GC(59)/RES/9",
     CitationKind.RESOLUTION, "GC(59)/RES/9"),
    # General Assembly resolution 2200 A (XXI), as the Arabic footnotes print it
    ("انظر القرار 2200 ألف (د-21)، المرفق.", "ar", "القرار 2200 ألف (د-21)", CitationKind.RESOLUTION,
     "2200A(XXI)"),
    ("resolution 2200 A (XXI), annex", "en", "resolution 2200 A (XXI)", CitationKind.RESOLUTION,
     "2200A(XXI)"),
])
def test_new_forms(text: str, lang: str, cited: str, kind: CitationKind, target: str) -> None:
    [ref] = extract_citations(text, lang)
    assert (ref.text, ref.kind, ref.target_symbol) == (cited, kind, target)
    assert text[ref.start:ref.end] == ref.text


def test_forms_resolve_to_the_linked_documents() -> None:
    # the undocs.org address drops the spaces and the part letter
    assert link_target("https://undocs.org/en/A/79/6(Sect.3)/Add.10") == (
        CitationKind.DOCUMENT, "A/79/6 (Sect. 3)/Add.10")
    assert "2200A(XXI)" in symbol_aliases("A/RES/2200(XXI)")
    assert "A/RES/2200(XXI)" in symbol_candidates("2200A(XXI)")
    assert "A/79/6(Sect.3)/Add.10" in symbol_candidates("A/79/6 (Sect. 3)/Add.10")
    # a joint symbol names each of its documents
    assert {"A/48/486", "S/26560"} <= set(symbol_candidates("A/48/486-S/26560"))
    assert {"A/80/434", "S/2025/632"} <= set(symbol_candidates("A/80/434–S/2025/632"))


def test_symbol_pattern_stays_tight() -> None:
    assert [m.group(1) for m in SYMBOL_RE.finditer("A/75/1 (para. 3) and XII/6 (2014)")] == ["A/75/1", "XII/6"]
    assert [m.group(1) for m in SYMBOL_RE.finditer("No.5/2, e.g./x")] == []


@pytest.mark.corpus
def test_links_in_text_and_footnotes_agree(corpus) -> None:
    """Every undocs.org link in a sample of files of every collection, in paragraph text and in
    footnotes (which the reader now keeps), is covered by a citation naming its target; measured
    separately.  ``bench/citations_akn.py`` gives the full figures (docs/citations.md)."""
    from bench.citations_akn import link_agrees, linked_texts, read_docs

    files = sorted((corpus / "akn").glob("*/*/*.xml"))[::15]
    assert {f.parent.parent.name for f in files} >= {"ga-75", "ga-78", "hrc-54", "hrc-55", "hrc-56"}
    count = {"text": [0, 0], "note": [0, 0]}
    for _path, doc in read_docs(files):
        for where, text, links in linked_texts(doc):
            found = extract_citations(text, doc.language)
            for start, end, href in links:
                verdict = link_agrees(found, start, end, href)
                if verdict is not None:
                    count[where][0] += 1
                    count[where][1] += verdict[1]
    (text_links, text_agreed), (note_links, note_agreed) = count["text"], count["note"]
    assert text_links > 500 and note_links > 300
    assert text_agreed / text_links > 0.99
    assert note_agreed / note_links > 0.97


def test_more_footnote_forms() -> None:
    """Forms found among the footnote links the extractor missed: a non-breaking hyphen
    (``A/ES‑10/273``, French), a Cyrillic part letter (``217 А (III)``), a report cited by one
    of its parts (``A/CONF.157/24 (Part I)`` names ``A/CONF.157/24`` too)."""
    [ref] = extract_citations("Voir A/ES\u201110/273/Corr.1.", "fr")
    assert ref.target_symbol == "A/ES-10/273/Corr.1"
    [ref] = extract_citations("См. резолюцию 217 \u0410 (III).", "ru")
    assert ref.target_symbol == "217A(III)"
    assert "A/CONF.157/24" in symbol_candidates("A/CONF.157/24 (Part I)")
