"""Agreed language at hand (issue 15, point 5): adopted paragraphs like a text being drafted,
aligned into the draft's language, inserted with their citation, and ``draft check`` reporting
where a paragraph departs from near-identical agreed language — on real GA resolutions."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from briefdesk.cli import main
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.models import Document, Paragraph
from briefdesk.core.search.agreed import agreed_language, search_languages
from tests.conftest import corpus_path

#: a few GA resolutions of the 75th session, in English, and two of them in Chinese too
ENGLISH = ("75_100", "75_102", "75_103", "75_104", "75_105", "75_106")
CHINESE = ("75_100", "75_102")


def build(path) -> Library:
    """A library of real resolutions from the corpus (never copied into the project)."""
    akn = corpus_path() / "akn" / "ga-75"
    files = [akn / "English" / f"{n}_E.xml" for n in ENGLISH] + [akn / "Chinese" / f"{n}_C.xml" for n in CHINESE]
    library = Library(path)
    Importer(library).import_paths(files, workers=1)
    return library


@pytest.fixture(scope="module")
def corpus_library(tmp_path_factory):
    library = build(tmp_path_factory.mktemp("agreed") / "library.sqlite")
    yield library
    library.close()


def operative(library: Library, symbol: str, language: str, number: str) -> tuple[int, str]:
    """``(paragraph id, text)`` of operative paragraph ``number`` (as printed, ``"3."``) of ``symbol``."""
    with library.sessions() as s:
        return s.execute(select(Paragraph.id, Paragraph.text).join(Document).where(
            Document.symbol == symbol, Document.language == language, Paragraph.kind == "operative",
            Paragraph.level == 0, Paragraph.number == number)).one()


def changed(text: str) -> str:
    """``text`` with two words changed, as a delegate would retouch agreed language."""
    words = text.split(" ")
    long_ones = [i for i, w in enumerate(words) if len(w) > 6 and w.isalpha()]
    for i, new in zip(long_ones[1:3], ("strongly", "effectively"), strict=False):
        words[i] = new
    out = " ".join(words)
    assert out != text
    return out


def test_a_slightly_changed_paragraph_finds_its_original_first(corpus_library):
    pid, text = operative(corpus_library, "A/RES/75/102", "en", "3.")
    hits = corpus_library.agreed(changed(text), "en")
    assert hits and hits[0].paragraph_id == pid
    assert hits[0].citation == "A/RES/75/102, para. 3"
    assert hits[0].document_kind == "resolution" and not hits[0].aligned
    assert 85 <= hits[0].ratio < 100
    assert all(h.language == "en" for h in hits)


def test_english_agreed_language_in_a_chinese_draft_comes_back_in_chinese(corpus_library):
    _pid, english = operative(corpus_library, "A/RES/75/102", "en", "3.")
    zh_pid, chinese = operative(corpus_library, "A/RES/75/102", "zh", "3.")
    assert search_languages(english, "zh") == ("en", "fr", "es")
    hits = agreed_language(corpus_library, english, "zh")
    assert hits[0].paragraph_id == zh_pid and hits[0].text == chinese
    assert hits[0].aligned and hits[0].matched_language == "en" and hits[0].language == "zh"
    assert hits[0].citation == "A/RES/75/102, para. 3"


def test_use_agreed_records_the_citation_and_undoes(corpus_library):
    service = DraftService(corpus_library)
    draft = service.new("resolution", "en", "Test", "The General Assembly,")
    pid = service.insert_paragraph(draft, "Calls upon States to do more;").paragraph_id
    hit = corpus_library.agreed(operative(corpus_library, "A/RES/75/102", "en", "3.")[1], "en")[0]
    change = service.use_agreed(pid, hit.text, symbol=hit.symbol, number=hit.number,
                                paragraph_id=hit.paragraph_id, verb=hit.verb)
    p = service.snapshot(draft).paragraph(pid)
    assert (p.text, p.source_symbol, p.source_number, p.source_paragraph_id) == (
        hit.text, "A/RES/75/102", "3", hit.paragraph_id)
    assert p.verb == hit.verb
    service.apply(change.inverse)
    p = service.snapshot(draft).paragraph(pid)
    assert (p.text, p.source_symbol, p.source_number) == ("Calls upon States to do more;", None, None)


def test_draft_check_reports_the_difference_word_by_word(tmp_path, capsys):
    db = tmp_path / "library.sqlite"
    library = build(db)
    pid, text = operative(library, "A/RES/75/102", "en", "3.")
    retouched = changed(text)
    service = DraftService(library)
    draft = service.new("resolution", "en", "Test", "The General Assembly,")
    service.insert_paragraph(draft, retouched)
    last = service.insert_paragraph(draft, "Decides to remain seized of the matter.").paragraph_id
    _other, other_text = operative(library, "A/RES/75/102", "en", "4.")
    hit = library.agreed(other_text, "en")[0]      # agreed language put in unchanged: nothing to report
    service.use_agreed(last, hit.text, symbol=hit.symbol, number=hit.number, paragraph_id=hit.paragraph_id)
    library.close()

    assert main(["draft", "check", f"D{draft}", "--json", "--db", str(db)]) == 0
    problems = json.loads(capsys.readouterr().out)
    agreed = [p for p in problems if p["code"] == "agreed"]
    assert len(agreed) == 1 and agreed[0]["number"] == "1."
    detail = agreed[0]["detail"]
    assert detail["citation"] == "A/RES/75/102, para. 3" and detail["source_paragraph_id"] == pid
    assert detail["agreed_text"] == text and detail["text"] == retouched
    removed = [t for tag, t in detail["ops"] if tag == "delete"]
    added = [t for tag, t in detail["ops"] if tag == "insert"]
    assert "strongly" in added and "effectively" in added and len(removed) == 2
    # the ops rebuild both texts: no word dropped or invented
    assert "".join(t for tag, t in detail["ops"] if tag != "insert") == text
    assert "".join(t for tag, t in detail["ops"] if tag != "delete") == retouched

    assert main(["draft", "check", f"D{draft}", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "differs from agreed language in A/RES/75/102, para. 3" in out
    assert "{+strongly+}" in out and "[-" in out
    assert main(["draft", "show", f"D{draft}", "--json", "--db", str(db)]) == 0
    shown = json.loads(capsys.readouterr().out)["paragraphs"]
    assert (shown[1]["source_symbol"], shown[1]["source_number"]) == ("A/RES/75/102", "4")
    assert shown[0]["source_symbol"] is None
    assert main(["draft", "show", f"D{draft}", "--db", str(db)]) == 0
    assert "← A/RES/75/102, para. 4" in capsys.readouterr().out
    assert main(["draft", "check", f"D{draft}", "--no-agreed", "--json", "--db", str(db)]) == 0
    assert not [p for p in json.loads(capsys.readouterr().out) if p["code"] == "agreed"]
