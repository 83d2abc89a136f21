"""Briefing packs: models, service edits and their inverses, staleness, agenda from a document."""

from __future__ import annotations

import datetime as dt

import pytest

from briefdesk.core.errors import BriefDeskError, NotFound
from briefdesk.core.importer import Importer
from briefdesk.core.library import Library
from briefdesk.core.packs.richtext import from_plain, sanitize, to_plain
from briefdesk.core.packs.service import PackService, bare


@pytest.fixture
def library(backend):
    lib = Library(backend)
    yield lib
    lib.close()


@pytest.fixture
def seeded(library, seeds):
    Importer(library).import_paths([seeds])
    return library


def doc_id(lib: Library, name: str) -> int:
    return next(s.id for s in lib.summaries() if s.id and lib.document(s.id).source_name.startswith(name))


def para_ids(lib: Library, document_id: int, numbers: list[str], *, part=None) -> list[int]:
    doc = lib.document(document_id)
    return [p.id for p in doc.paragraphs if p.level == 0 and bare(p.number) in numbers
            and p.kind != "heading" and (p.part_id is None) == (part is None)]


def test_create_update_and_undo_meeting_fields(library):
    packs = PackService(library)
    pid = packs.create(title="SBI-2 briefing", body="执行问题附属机构", session="第二次会议",
                       start_date="2018-07-09", end_date=dt.date(2018, 7, 13), venue="蒙特利尔",
                       delegation="中国代表团", language="zh", classification="内部", version="1")
    view = packs.get(pid)
    assert (view.start_date, view.language, view.classification) == (dt.date(2018, 7, 9), "zh", "内部")
    old = packs.update_meeting(pid, classification="RESTRICTED", version="2")
    assert old == {"classification": "内部", "version": "1"}
    assert packs.get(pid).classification == "RESTRICTED"
    packs.update_meeting(pid, **old)
    assert packs.get(pid).meeting() == view.meeting()
    assert [s.id for s in packs.list()] == [pid]
    assert packs.resolve("sbi-2 briefing") == pid
    with pytest.raises(BriefDeskError):
        packs.update_meeting(pid, start_date="9 July")
    with pytest.raises(NotFound):
        packs.get(pid + 1)


def test_items_move_delete_restore_keep_ids_and_order(library):
    packs = PackService(library)
    pid = packs.create(title="t", language="en")
    a = packs.add_item(pid, "3", "Post-2020 framework", background="<p>Some <b>bold</b></p><script>x</script>")
    b = packs.add_item(pid, "11", "Cooperation")
    c = packs.add_item(pid, "1", "Opening", position=0)
    assert [i.id for i in packs.get(pid).items] == [c, a, b]
    assert packs.item(a).background == "<p>Some <b>bold</b></p>"
    assert packs.move_item(c, 5) == 0
    assert [i.id for i in packs.get(pid).items] == [a, b, c]
    packs.move_item(c, 0)
    old = packs.update_item(b, talking_points="- one\n- two", title="Cooperation with conventions")
    assert old == {"talking_points": "", "title": "Cooperation"}
    assert packs.item(b).talking_points == "<ul><li>one</li><li>two</li></ul>"
    gone = packs.delete_item(a)
    assert [i.id for i in packs.get(pid).items] == [c, b]
    assert packs.restore_item(gone) == a
    after = packs.get(pid)
    assert [i.id for i in after.items] == [c, a, b] and after.items[1] == gone


def test_excerpts_highlights_notes_and_their_inverses(seeded):
    lib = seeded
    packs = PackService(lib)
    pid = packs.create(title="SBI-2", language="zh")
    item = packs.add_item(pid, "11", "合作")
    other = packs.add_item(pid, "3", "框架")
    sbi = doc_id(lib, "000")
    ex1 = packs.add_excerpt(item, sbi, para_ids(lib, sbi, ["4", "5", "6"]))
    ex2 = packs.add_excerpt(item, doc_id(lib, "002"), section="B")
    ex3 = packs.add_excerpt(other, doc_id(lib, "004"))
    view = packs.get(pid)
    first = view.excerpt(ex1)
    assert first.numbers == ["4", "5", "6"] and first.source_symbol == "CBD/SBI/2/10"
    assert first.source_language == "zh" and first.scope == "paragraphs"
    source = {p.id: p for p in lib.document(sbi).paragraphs}
    assert [p.text for p in first.paragraphs] == [source[p.source_paragraph_id].text for p in first.paragraphs]
    assert view.excerpt(ex2).scope == "section" and {p.section for p in view.excerpt(ex2).paragraphs} == {"B"}
    assert len(view.excerpt(ex3).paragraphs) == len(lib.document(doc_id(lib, "004")).paragraphs)

    # move to another item and back
    assert packs.move_excerpt(ex1, other, 0) == (item, 0)
    assert [e.id for e in packs.item(other).excerpts] == [ex1, ex3]
    assert [e.id for e in packs.item(item).excerpts] == [ex2]
    packs.move_excerpt(ex1, item, 0)

    para = first.paragraphs[1]
    h = packs.add_highlight(para.id, 2, 8)
    assert packs.get(pid).excerpt(ex1).paragraphs[1].highlights[0].start == 2
    removed = packs.remove_highlight(h)
    assert packs.get(pid).excerpt(ex1).paragraphs[1].highlights == ()
    assert packs.restore_highlight(removed) == h
    with pytest.raises(BriefDeskError):
        packs.add_highlight(para.id, 3, 3)

    assert packs.set_note(para.id, "要点：\n- 支持\n- 强调协同") == ""
    note = packs.get(pid).excerpt(ex1).paragraphs[1].note
    assert note == "<p>要点：</p><ul><li>支持</li><li>强调协同</li></ul>"
    assert packs.set_note(para.id, "") == note
    assert packs.get(pid).excerpt(ex1).paragraphs[1].note == ""
    packs.set_note(para.id, note)

    # delete and restore keeps ids, highlights and notes
    before = packs.get(pid).excerpt(ex1)
    gone = packs.delete_excerpt(ex1)
    assert [e.id for e in packs.item(item).excerpts] == [ex2]
    assert packs.restore_excerpt(gone) == ex1
    assert packs.get(pid).excerpt(ex1) == before
    assert [e.id for e in packs.item(item).excerpts] == [ex1, ex2]

    # the pack survives its source being deleted: it is self-contained
    lib.delete(sbi)
    kept = packs.get(pid).excerpt(ex1)
    assert kept.source_document_id is None and [p.text for p in kept.paragraphs] == [p.text for p in before.paragraphs]

    deleted = packs.delete(pid)
    assert packs.list() == []
    assert packs.restore_pack(deleted) == pid and packs.get(pid) == deleted


def test_a_changed_reimport_makes_excerpts_stale_and_update_is_undoable(seeded, seeds, tmp_path):
    lib = seeded
    packs = PackService(lib)
    pid = packs.create(title="p", language="zh")
    item = packs.add_item(pid, "11", "合作")
    sbi = doc_id(lib, "000")
    ex = packs.add_excerpt(item, sbi, para_ids(lib, sbi, ["4", "5"]))
    untouched = packs.add_excerpt(item, sbi, para_ids(lib, sbi, ["9"]))
    p5 = packs.get(pid).excerpt(ex).paragraphs[1]
    packs.add_highlight(p5.id, 0, 4)
    packs.set_note(p5.id, "注意")
    assert packs.stale_excerpts(pid) == []

    # re-import a revised CBD/SBI/2/10 whose paragraph 5 reads differently
    original = (seeds / "000_c78bdb84fd83cc2b.txt").read_text(encoding="utf-8")
    old5 = lib.document(sbi).paragraphs[[p.id for p in lib.document(sbi).paragraphs].index(p5.source_paragraph_id)].text
    revised = original.replace(old5[:20], old5[:20] + "（修订）", 1)
    assert revised != original
    path = tmp_path / "000-rev.txt"
    path.write_text(revised, encoding="utf-8")
    Importer(lib).import_paths([path])

    stale = packs.stale_excerpts(pid)
    assert [s.excerpt_id for s in stale] == [ex]
    assert stale[0].changed == ("5",) and stale[0].current_document_id != sbi
    before = packs.get(pid).excerpt(ex)
    old = packs.update_excerpt(ex)
    assert old == before
    now = packs.get(pid).excerpt(ex)
    assert "（修订）" in now.paragraphs[1].text and now.source_document_id == stale[0].current_document_id
    assert now.paragraphs[1].note == "<p>注意</p>" and now.paragraphs[1].highlights[0].end == 4
    assert packs.stale_excerpts(pid) == []
    packs.restore_excerpt(old)
    assert packs.get(pid).excerpt(ex) == before
    assert [e.id for e in packs.item(item).excerpts] == [ex, untouched]


def test_agenda_from_a_meeting_document_and_from_a_provisional_agenda(seeded, fixtures):
    lib = seeded
    packs = PackService(lib)
    entries = packs.agenda_from_document(doc_id(lib, "000"))
    assert [(e.number, e.title) for e in entries] == [("11", "与其他公约、国际组织和伙伴关系的合作")]
    assert packs.agenda_from_document(doc_id(lib, "004"))[0].number == "3"
    Importer(lib).import_paths([fixtures / "packs" / "provisional-agenda-sbi2.txt"])
    agenda = next(s.id for s in lib.summaries() if lib.document(s.id).source_name.startswith("provisional"))
    entries = packs.agenda_from_document(agenda)
    numbers = [e.number for e in entries]
    assert numbers[:3] == ["1", "2", "3"] and "11" in numbers
    assert "合作" in next(e.title for e in entries if e.number == "11")


def test_sanitize_reads_qtextedit_html_and_is_idempotent(fixtures):
    html = (fixtures / "packs" / "qtextedit.html").read_text(encoding="utf-8")
    clean = sanitize(html)
    assert clean.startswith("<p>我方立场：<b>支持</b>草案第5段，<i>but not para 7</i>.</p><ul><li>强调协同增效</li>")
    assert "<ul><li>子项目</li></ul></li></ul><ol><li>第一</li><li>第二</li></ol>" in clean
    assert "&lt;b&gt;angle&lt;/b&gt; &amp; amp" in clean  # typed angle brackets stay text
    assert sanitize(clean) == clean
    assert "style" not in clean and "font" not in clean
    assert to_plain(clean).splitlines()[-2:] == ["1. 第一", "2. 第二"]


@pytest.mark.parametrize("dirty, clean", [
    ('<p onclick="x()">a <strong>b</strong> <em>c</em><img src="http://x/y.png"></p>', "<p>a <b>b</b> <i>c</i></p>"),
    ("<script>alert(1)</script><style>p{}</style>text", "<p>text</p>"),
    ("<!-- c --><a href='javascript:x'>link</a>", "<p>link</p>"),
    ('<span style="font-weight:bold;text-decoration:underline">u</span>', "<p><b><u>u</u></b></p>"),
    ("<ol><li>one<li>two</ol>", "<ol><li>one</li><li>two</li></ol>"),
    ("<p>unclosed <b>bold", "<p>unclosed <b>bold</b></p>"),
    ("", ""),
    ("<p>   </p><p></p>", ""),
])
def test_sanitize_keeps_only_the_subset(dirty, clean):
    assert sanitize(dirty) == clean


def test_plain_text_lists():
    assert from_plain("背景\n第二行\n\n- 一\n- 二\n  1. 子\n\n结论") == (
        "<p>背景<br>第二行</p><ul><li>一</li><li>二<ol><li>子</li></ol></li></ul><p>结论</p>")


def test_agenda_item_from_a_general_assembly_resolution(library, corpus):
    Importer(library).import_paths([corpus / "akn" / "ga-75" / "English" / "75_1_E.xml"])
    (entry,) = PackService(library).agenda_from_document(library.resolve("A/RES/75/1"))
    assert entry.number == "128 (a)"
    assert entry.title.startswith("Declaration on the commemoration of the seventy-fifth anniversary")


def test_item_and_get_load_excerpts_in_a_fixed_number_of_queries(seeded):
    """item() and get() eager-load excerpts, paragraphs, highlights and notes (no query per row)."""
    from sqlalchemy import event

    lib = seeded
    packs = PackService(lib)
    pid = packs.create(title="Queries")
    item = packs.add_item(pid, "1", "One")
    docs = [s.id for s in lib.summaries()][:4]
    statements: list[str] = []

    def count(*_args):
        statements.append(_args[2])

    def queries(call) -> int:
        statements.clear()
        event.listen(lib.engine, "before_cursor_execute", count)
        try:
            call()
        finally:
            event.remove(lib.engine, "before_cursor_execute", count)
        return len(statements)

    def excerpt(d: int) -> None:  # three paragraphs each: under one selectin batch in all
        packs.add_excerpt(item, d, [p.id for p in lib.document(d).paragraphs[:3]])

    excerpt(docs[0])
    one = (queries(lambda: packs.item(item)), queries(lambda: packs.get(pid)))
    for d in docs[1:]:
        excerpt(d)
    view = packs.item(item)
    assert len(view.excerpts) == len(docs) and sum(len(e.paragraphs) for e in view.excerpts) == 3 * len(docs)
    assert (queries(lambda: packs.item(item)), queries(lambda: packs.get(pid))) == one


def test_agenda_from_a_document_issued_under_several_items(library):
    """A/45/155 (1990, typed) is issued under "Items 23, 35 and 78 of the preliminary list",
    the three items' titles printed one a line under it (page 1 image): three entries."""
    from ..conftest import corpus_path

    pdf = corpus_path() / "real" / "un-ods" / "A_45_155-EN.pdf"
    (result,) = Importer(library).import_paths([pdf])
    entries = PackService(library).agenda_from_document(result.document_id)
    assert [(e.number, e.title) for e in entries] == [
        ("23", "QUESTION OF PALESTINE"), ("35", "THE SITUATION IN THE MIDDLE EAST"),
        ("78", "COMPREHENSIVE REVIEW OF THE WHOLE QUESTION OF PEACE-KEEPING OPERATIONS IN ALL THEIR ASPECTS")]
