"""Word the way facilitators use it (issue 15, point 3): A4 and named styles, the compilation as
Word tracked changes with comments, and tracked changes read back as the same amendments — from
BriefDesk's own file and from the copy LibreOffice saves."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import docx
import pytest

from briefdesk.core.drafting.export import export_draft
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.drafting.word_import import apply_revisions, read_revisions
from briefdesk.core.errors import ReadError
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPAN = "非正式咨询小组的工作成果"


@pytest.fixture(scope="module")
def negotiated(tmp_path_factory):
    """000's draft COP decision with four amendments by Parties on paragraphs 10 and 12, one overlapping."""
    from tests.conftest import corpus_path

    lib = Library(tmp_path_factory.mktemp("lib") / "library.sqlite")
    Importer(lib).import_paths([corpus_path() / "seeds" / "000_c78bdb84fd83cc2b.txt"])
    service = DraftService(lib)
    draft = service.from_document("CBD/SBI/2/10")
    paragraphs = service.view(draft).paragraphs
    p10 = next(p for p in paragraphs if p.number == "10.")
    p12 = next(p for p in paragraphs if p.number == "12.")
    start = p10.text.index(SPAN)
    service.propose(p10.id, "replace", start, start + len(SPAN), "非正式咨询小组的报告", sponsors=["CHN"],
                    comment="更准确")
    service.propose(p10.id, "insert", len(p10.text) - 1, new_text="，并提出报告", sponsors=["BRA", "ARG"])
    service.propose(p12.id, "delete", 0, 1, sponsors=["EU"], comment="动词重复")
    yield lib, service, draft
    lib.close()


def _fields(amendments, numbers):
    return [(numbers[a.paragraph_id], a.op, a.start, a.end, a.old_text, a.new_text, a.sponsors, a.comment,
             (a.created or "")[:19]) for a in amendments]


def _numbers(service, draft):
    return {p.id: p.number for p in service.view(draft).paragraphs}


def test_docx_is_a4_by_default_letter_by_choice_with_named_styles(negotiated, tmp_path):
    _lib, service, draft = negotiated
    a4 = docx.Document(str(export_draft(service, draft, tmp_path / "a4.docx")))
    assert (round(a4.sections[0].page_width.mm), round(a4.sections[0].page_height.mm)) == (210, 297)
    letter = docx.Document(str(export_draft(service, draft, tmp_path / "l.docx", paper="letter")))
    assert abs(letter.sections[0].page_width.inches - 8.5) < 0.01 and abs(letter.sections[0].page_height.inches - 11) < 0.01
    used = [p.style.name for p in a4.paragraphs]
    assert used[:4] == ["Draft Symbol", "Draft Title", "Draft Kind", "Body Name"] or \
        used[:3] == ["Draft Title", "Draft Kind", "Body Name"]
    assert {"Preambular Paragraph", "Operative Paragraph", "Sub-paragraph", "Section Heading"} <= set(used)
    assert "Normal" not in used
    first_operative = next(p for p in a4.paragraphs if p.style.name == "Operative Paragraph")
    assert first_operative._p.pPr.numPr is not None   # real Word numbering
    assert "word/footnotes.xml" in zipfile.ZipFile(tmp_path / "a4.docx").namelist()


def test_compilation_is_tracked_changes_by_sponsors_with_dates_and_comments(negotiated, tmp_path):
    _lib, service, draft = negotiated
    out = export_draft(service, draft, tmp_path / "c.docx", brackets="compilation")
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode()
        comments = z.read("word/comments.xml").decode()
    from lxml import etree

    root = etree.fromstring(body.encode())
    ins = [(e.get(W + "author"), "".join(t.text for t in e.iter(W + "t"))) for e in root.iter(W + "ins")]
    dels = [(e.get(W + "author"), "".join(t.text for t in e.iter(W + "delText"))) for e in root.iter(W + "del")]
    # authors: the sponsors' names in the draft's language, listed as Chinese lists them
    assert ins == [("中国", "非正式咨询小组的报告"), ("巴西、阿根廷", "，并提出报告")]
    assert dels == [("中国", SPAN), ("欧盟", "请")]
    created = {a.number: a.created for a in service.amendments(draft)}
    assert all(e.get(W + "date") == created[1] + "Z" for e in root.iter(W + "ins") if e.get(W + "author") == "中国")
    assert "更准确" in comments and "动词重复" in comments
    assert len(list(root.iter(W + "commentReference"))) == 2
    assert "[" + SPAN + "]" not in body     # no literal brackets for the proposals


def test_round_trip_export_then_import_gives_the_same_amendments(negotiated, tmp_path):
    _lib, service, draft = negotiated
    out = export_draft(service, draft, tmp_path / "c.docx", brackets="compilation")
    fresh = service.from_document("CBD/SBI/2/10")
    found = read_revisions(out, service, fresh)
    assert found.warnings == [] and not any(p.duplicate for p in found.proposals)
    assert _fields(service.amendments(fresh), _numbers(service, fresh)) == []   # nothing before the answer
    apply_revisions(service, found.proposals)
    assert _fields(service.amendments(fresh), _numbers(service, fresh)) == \
        _fields(service.amendments(draft), _numbers(service, draft))
    # the same file read into the draft it came from adds nothing
    again = read_revisions(out, service, draft)
    assert again.proposals and all(p.duplicate for p in again.proposals)
    assert apply_revisions(service, again.proposals) == []
    service.delete_draft(fresh)


def test_overlapping_amendment_is_named_not_lost_silently(negotiated, tmp_path):
    _lib, service, draft = negotiated
    p12 = next(p for p in service.view(draft).paragraphs if p.number == "12.")
    aid = service.propose(p12.id, "delete", 0, 3, sponsors=["NOR"]).amendment_id
    warnings: list[str] = []
    export_draft(service, draft, tmp_path / "c.docx", brackets="compilation", warnings=warnings)
    service.withdraw(aid)
    assert len(warnings) == 1 and "挪威" in warnings[0]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_copy_libreoffice_saves_gives_the_same_amendments(negotiated, tmp_path):
    _lib, service, draft = negotiated
    out = export_draft(service, draft, tmp_path / "c.docx", brackets="compilation")
    saved = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(saved), str(out)], check=True, timeout=180,
                   capture_output=True)
    fresh = service.from_document("CBD/SBI/2/10")
    found = read_revisions(saved / "c.docx", service, fresh)
    assert found.warnings == []
    apply_revisions(service, found.proposals)
    assert _fields(service.amendments(fresh), _numbers(service, fresh)) == \
        _fields(service.amendments(draft), _numbers(service, draft))
    service.delete_draft(fresh)


def test_a_file_that_is_not_a_docx_is_refused_naming_it(negotiated, tmp_path):
    _lib, service, draft = negotiated
    bad = tmp_path / "notes.docx"
    bad.write_text("not a zip")
    with pytest.raises(ReadError) as err:
        read_revisions(bad, service, draft)
    assert "notes.docx" in str(err.value)


def test_a_paragraph_edited_since_export_is_found_by_similarity_and_offsets_carried():
    """A paragraph whose text changed a little since the file was written goes to the most similar
    draft paragraph (rapidfuzz ratio at least MATCH_RATIO); one too different to none."""
    from types import SimpleNamespace

    from briefdesk.core.drafting.word_import import _find

    paragraphs = [SimpleNamespace(text="Welcomes the report of the informal advisory group;"),
                  SimpleNamespace(text="Requests the Executive Secretary to report on progress;")]
    target, mapper = _find(paragraphs, "Requests the Executive Secretary to report on the progress;", 0)
    assert target is paragraphs[1]
    assert mapper(len("Requests the Executive Secretary")) == len("Requests the Executive Secretary")
    assert _find(paragraphs, "Decides to convene a meeting in 2027;", 0) == (None, None)


def test_sponsor_lists_split_the_same_way_everywhere():
    """One rule for a typed or read-back sponsor list (CLI --sponsor, the editor's box, a Word author):
    commas of every script the compilation joins with, the full-width comma and semicolons."""
    from briefdesk.core.drafting.snapshot import split_sponsors

    assert split_sponsors("EU, NOR") == ["EU", "NOR"]
    assert split_sponsors("中国、巴西，阿根廷") == ["中国", "巴西", "阿根廷"]
    assert split_sponsors("مصر، الأردن") == ["مصر", "الأردن"]
    assert split_sponsors(" EU; NOR ；CHN,, ") == ["EU", "NOR", "CHN"]
    assert split_sponsors("") == []
