"""Plain-text reader: decoding, noise cleanup, structure and metadata.

Corpus tests read the five Chinese seed files (``seeds`` fixture, skipped
where the corpus is absent); hand-written fixtures in ``tests/fixtures/text``
keep the suite meaningful without it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.errors import ReadError
from briefdesk.core.readers.structure import detect_language
from briefdesk.core.readers.text import decode_text, parse_text, read_text

NOISE = re.compile(r"\[bookmark|\[footnoteRef|\[\d+:|\*\*|</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def seed(seeds: Path, prefix: str) -> Path:
    return next(seeds.glob(prefix + "_*.txt"))


def numbers(paragraphs) -> list[str]:
    return [p.number for p in paragraphs]


# ---------------------------------------------------------------- decoding

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom",
                                      "utf-16-be-bom", "gb18030"])
def test_encodings_parse_alike(fixtures: Path, tmp_path: Path, encoding: str) -> None:
    text = (fixtures / "text" / "note_zh.txt").read_text(encoding="utf-8")
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        data = text.encode(encoding)
    target = tmp_path / f"note.{encoding}.txt"
    target.write_bytes(data)
    assert decode_text(data, target) == text
    assert read_text(target) == read_text(fixtures / "text" / "note_zh.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "gb18030", "utf-8-sig"])
def test_seed_reencoded_parses_alike(seeds: Path, tmp_path: Path, encoding: str) -> None:
    source = seed(seeds, "002")
    target = tmp_path / "002.txt"
    target.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    original, again = read_text(source), read_text(target)
    assert again == original
    assert len(again.paragraphs) > 30


@pytest.mark.parametrize("data", [b"", bytes(range(256)) * 8, b"\xff\xfe", b"\x00\x01\x02garbage\x00"])
def test_unreadable_input_names_the_file(tmp_path: Path, data: bytes) -> None:
    target = tmp_path / "broken-input.txt"
    target.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_text(target)
    assert "broken-input.txt" in str(info.value)
    assert info.value.path == target


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="absent.txt"):
        read_text(tmp_path / "absent.txt")


# ---------------------------------------------------------------- hand-written fixtures

def test_english_decision_fixture(fixtures: Path) -> None:
    doc = read_text(fixtures / "text" / "reader_decision_en.txt")
    assert doc.language == "en" and doc.source_format == "text"
    assert doc.kind == DocumentKind.DECISION
    assert doc.symbol == "14/99"
    assert doc.title == "Cooperation with other conventions"
    assert doc.session == "Fourteenth meeting"
    assert doc.start_date == dt.date(2018, 11, 17) and doc.end_date == dt.date(2018, 11, 29)
    assert doc.agenda_item == "7"
    pre = [p for p in doc.paragraphs if p.kind == ParagraphKind.PREAMBULAR]
    assert pre[0].text == "The Conference of the Parties,"
    assert [p.verb for p in pre[1:]] == ["Recalling", "Recalling also"]
    assert all(p.text.endswith(",") for p in pre)
    ops = doc.numbered(ParagraphKind.OPERATIVE, level=None)
    assert [(p.number, p.level, p.verb) for p in ops] == [
        ("1.", 0, "Requests"), ("(a)", 1, None), ("(b)", 1, None), ("2.", 0, "Invites")]
    assert all(p.verb is None or p.text.startswith(p.verb) for p in doc.paragraphs)


def test_chinese_note_fixture(fixtures: Path) -> None:
    doc = read_text(fixtures / "text" / "note_zh.txt")
    assert (doc.language, doc.kind, doc.body, doc.session) == ("zh", DocumentKind.NOTE, "示例附属机构", "第一次会议")
    assert (doc.start_date, doc.end_date, doc.venue, doc.agenda_item) == (
        dt.date(2021, 5, 3), dt.date(2021, 5, 7), "示例城市", "4")
    assert doc.title == "与伙伴的合作"
    assert doc.symbol is None        # only the agenda's symbol is printed: never guessed
    body = doc.numbered(ParagraphKind.BODY, part=None)
    assert numbers(body) == ["1.", "2."]
    note = body[0]
    assert note.text == "本说明介绍秘书处与伙伴的合作情况。"
    assert [(f.marker, f.text, f.offset) for f in note.footnotes] == [("2", "见EX/SB/1/INF/3。", 16)]
    assert [p.kind for p in doc.parts] == [DocumentKind.DRAFT_RECOMMENDATION]
    ops = doc.numbered(ParagraphKind.OPERATIVE, level=None, part=0)
    assert [(p.number, p.level, p.verb) for p in ops] == [
        ("1.", 0, "欢迎"), ("2.", 0, "请"), ("（a）", 1, None), ("（b）", 1, None)]


def test_pdf_style_wrapping_and_page_footnotes() -> None:
    width = "这是一个很长的句子用于模拟分页后的硬换行文本内容而且每一行都差不多一样宽的"  # 38 characters
    lines = ["缔约方大会，", "", "注意到 执行秘书关于进展情况的报告，1", ""]
    lines += [f"回顾 {width[2:]}", "", width, "", width, "", "的内容，", ""]
    lines += [f"1. 请 执行秘书{width[6:]}", "", width, "", width, "", f"{width[:20]}；", ""]
    lines += [" " * 40, "1 EX/COP/1/24。", "", "https://example.org/x", f" 2. 鼓励 各缔约方{width[7:]}", "",
              width, "", f"{width[:30]}继续合作的 Latin hyphen-", "", "ated words here；"]
    doc = parse_text("\n".join(lines))
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "注意到执行秘书关于进展情况的报告，"
    # a link standing alone beneath a footnote that does not give it is the note's, not noise
    assert doc.paragraphs[1].footnotes[0].text == "EX/COP/1/24。 https://example.org/x"
    assert doc.paragraphs[1].footnotes[0].offset == len(texts[1])
    assert texts[2] == f"回顾{width[2:]}{width}{width}的内容，"
    assert doc.paragraphs[3].number == "1." and doc.paragraphs[3].text.endswith("；")
    assert doc.paragraphs[4].text.endswith("继续合作的 Latin hyphenated words here；")
    assert not any("EX/COP/1/24" in t or "example.org" in t or "\n" in t for t in texts)


def test_markdown_noise_removed() -> None:
    text = ("标题\n\n1. **注意到**秘书的工作，并**要求**继续；\n"
            "<p><u>Natural habitats:</u></p> <p>2.1 The <i>secretariats</i> will cooperate.</p>\n"
            "| Activity | Timeframe |\n|---|---|\n| Joint work | 2012-14 |\n"
            "- 列表项，见 <https://example.org/a>¹\n\n¹ 脚注文本。\n")
    doc = parse_text(text)
    joined = "\n".join(p.text for p in doc.paragraphs)
    assert not NOISE.search(joined)
    assert "注意到秘书的工作，并要求继续；" in joined
    # the Markdown table comes out as a table: one row per paragraph, cells kept apart
    rows = [p for p in doc.paragraphs if p.table is not None]
    assert [p.cells for p in rows] == [["Activity", "Timeframe"], ["Joint work", "2012-14"]]
    assert {p.table for p in rows} == {0} and all(p.number is None for p in rows)
    assert "Joint work | 2012-14" in joined
    assert "https://example.org/a" in joined
    fn = [f for p in doc.paragraphs for f in p.footnotes]
    assert [(f.marker, f.text) for f in fn] == [("1", "脚注文本。")]


def test_language_detection() -> None:
    assert detect_language("Recalling its decision, the Conference of the Parties decides to") == "en"
    assert detect_language("Rappelant sa décision, la Conférence des Parties prie le Secrétaire exécutif") == "fr"
    assert detect_language("Recordando su decisión, la Conferencia de las Partes pide a los Estados y las") == "es"
    assert detect_language("Ссылаясь на свое решение, Конференция Сторон просит") == "ru"
    assert detect_language("إذ يشير إلى مقرره، يطلب مؤتمر الأطراف") == "ar"
    assert detect_language("回顾其决定，缔约方大会请执行秘书") == "zh"


# ---------------------------------------------------------------- corpus: 002

def test_002_decision_structure(seeds: Path) -> None:
    doc = read_text(seed(seeds, "002"))
    assert (doc.kind, doc.symbol, doc.language) == (DocumentKind.DECISION, "XII/6", "zh")
    assert doc.title == "与其他公约、国际组织和倡议的合作"
    assert (doc.body, doc.session, doc.agenda_item) == ("生物多样性公约缔约方大会", "第十二届会议", "29")
    assert (doc.start_date, doc.end_date, doc.venue) == (dt.date(2014, 10, 6), dt.date(2014, 10, 17), "大韩民国平昌")
    ops = doc.numbered(ParagraphKind.OPERATIVE)
    assert numbers(ops) == [f"{n}." for n in range(1, 22)]
    assert all(p.section == "A" for p in ops[:12]) and all(p.section == "B" for p in ops[12:])
    # sub-paragraphs right after their parent, in reading order
    for parent, letters in (("4.", "abcd"), ("11.", "ab")):
        i = next(i for i, p in enumerate(doc.paragraphs) if p.number == parent and p.level == 0)
        subs = doc.paragraphs[i + 1:i + 1 + len(letters)]
        assert [(p.number, p.level, p.kind) for p in subs] == [
            (f"({c})", 1, ParagraphKind.OPERATIVE) for c in letters]
    pre = [p for p in doc.paragraphs if p.kind == ParagraphKind.PREAMBULAR]
    assert pre[0].text == "缔约方大会，"
    assert [p.verb for p in pre[1:4]] == ["注意到", "回顾", "重申"]
    assert pre[1].text == "注意到执行秘书关于进展情况的报告，"
    assert ops[0].verb == "欢迎" and ops[5].verb == "决定" and ops[19].verb == "强调"


def test_002_footnotes_and_noise(seeds: Path) -> None:
    doc = read_text(seed(seeds, "002"))
    notes = [(p, f) for p in doc.paragraphs for f in p.footnotes]
    assert sorted(f.marker for _, f in notes) == ["1", "2", "3", "4", "5"]
    where = {f.marker: p for p, f in notes}
    assert where["1"].text.startswith("注意到执行秘书关于进展情况的报告")
    assert where["2"].text.startswith("注意到各国政府以更大力度")
    assert where["3"].number == where["4"].number == "13."
    assert where["5"].number == "15."
    assert where["1"].footnotes[0].text == "UNEP/CBD/COP/12/24。"
    assert "EMG/1320/GEN" in where["4"].footnotes[-1].text
    for p, f in notes:
        assert 0 < f.offset <= len(p.text)
        # the marker stands after punctuation or at a word end, not inside a number
        assert not p.text[f.offset - 1].isdigit()
    for p in doc.paragraphs:
        assert "\n" not in p.text and "  " not in p.text
        for _, f in notes:
            assert f.text[:12] not in p.text
        assert not re.search(r"https?://", p.text)
    # 89 段 is a paragraph reference, not footnote 2's marker
    assert "第 89 段，" in where["2"].text


# ---------------------------------------------------------------- corpus: 000

def test_000_note_with_draft_decision(seeds: Path) -> None:
    doc = read_text(seed(seeds, "000"))
    assert (doc.kind, doc.symbol, doc.language) == (DocumentKind.NOTE, "CBD/SBI/2/10", "zh")
    assert doc.title == "与其他公约、国际组织和伙伴关系的合作"
    assert (doc.body, doc.session, doc.agenda_item, doc.venue) == (
        "执行问题附属机构", "第二次会议", "11", "加拿大蒙特利尔")
    assert (doc.start_date, doc.end_date) == (dt.date(2018, 7, 9), dt.date(2018, 7, 13))
    body = doc.numbered(ParagraphKind.BODY, part=None)
    assert numbers(body) == [f"{n}." for n in range(1, 35)]
    headings = [p for p in doc.paragraphs if p.kind == ParagraphKind.HEADING and p.number]
    assert {"1.", "2.", "3.", "A.", "B.", "四.", "五."} <= {p.number for p in headings}
    assert any(p.number == "1." and p.text == "支持执行工作" for p in headings)

    kinds = [p.kind for p in doc.parts]
    assert kinds == [DocumentKind.DRAFT_RECOMMENDATION, DocumentKind.DRAFT_DECISION]
    rec, dec = 0, 1
    assert "第7段" in doc.parts[dec].title
    rec_ops = doc.numbered(ParagraphKind.OPERATIVE, part=rec)
    assert numbers(rec_ops) == [f"{n}." for n in range(1, 8)]
    dec_ops = doc.numbered(ParagraphKind.OPERATIVE, part=dec)
    assert numbers(dec_ops) == [f"{n}." for n in range(1, 31)]
    sections = {int(p.number[:-1]): p.section for p in dec_ops}
    assert all(sections[n] == "A" for n in range(3, 18))
    assert all(sections[n] == "B" for n in range(18, 27))
    assert all(sections[n] == "C" for n in range(27, 31))
    first = next(p for p in doc.paragraphs if p.part == dec)
    assert first.text == "缔约方大会，" and first.kind == ParagraphKind.PREAMBULAR
    dec_pre = [p for p in doc.paragraphs if p.part == dec and p.kind == ParagraphKind.PREAMBULAR]
    assert [p.verb for p in dec_pre[1:]] == ["回顾", "确认"]
    subs = doc.numbered(ParagraphKind.OPERATIVE, level=1, part=dec)
    assert numbers(subs) == ["（a）", "（b）", "（c）"]


def test_000_footnotes_and_noise(seeds: Path) -> None:
    doc = read_text(seed(seeds, "000"))
    notes = [(p, f) for p in doc.paragraphs for f in p.footnotes]
    assert [f.marker for _, f in notes] == [str(n) for n in range(1, 25)]
    for p, f in notes:
        assert f.text and 0 <= f.offset <= len(p.text)
    for p in doc.paragraphs:
        assert not NOISE.search(p.text), p.text
    thirteen = next(p for p, f in notes if f.marker == "13")
    assert thirteen.text.startswith("注意到执行秘书关于")
    assert thirteen.footnotes[0].offset == len(thirteen.text) - 1   # before the final "，"


# ---------------------------------------------------------------- corpus: 001, 003, 004

def test_001_report_and_draft_resolution(seeds: Path) -> None:
    doc = read_text(seed(seeds, "001"))
    assert doc.kind == DocumentKind.REPORT
    assert doc.symbol == "IT/GB-7/17/19"       # from the running heads
    assert (doc.body, doc.session, doc.agenda_item) == ("管理机构", "第七届会议", "17.1")
    assert (doc.start_date, doc.end_date) == (dt.date(2017, 10, 30), dt.date(2017, 11, 3))
    drafts = [i for i, part in enumerate(doc.parts) if part.kind == DocumentKind.DRAFT_RESOLUTION]
    assert len(drafts) == 1
    assert "第**/2017 号决议草案" in doc.parts[drafts[0]].title
    ops = doc.numbered(ParagraphKind.OPERATIVE, part=drafts[0])
    assert numbers(ops) == [f"{n})" for n in range(1, 17)]
    assert ops[0].verb == "注意到"
    for p in doc.paragraphs:
        assert "\n" not in p.text
        assert not re.fullmatch(r"IT/GB-7/17/19 \d+", p.text)


def test_003_markdown_report(seeds: Path) -> None:
    doc = read_text(seed(seeds, "003"))
    assert doc.kind == DocumentKind.REPORT and doc.symbol is None
    assert (doc.body, doc.session, doc.agenda_item) == ("管理机构", "第五届会议", "13")
    drafts = [i for i, part in enumerate(doc.parts) if part.kind == DocumentKind.DRAFT_RESOLUTION]
    assert len(drafts) == 1
    ops = doc.numbered(ParagraphKind.OPERATIVE, part=drafts[0])
    assert numbers(ops)[:3] == ["1.", "2.", "3."] and len(ops) >= 10
    assert ops[7].verb == "注意到"        # "**注意到**" in the source
    for p in doc.paragraphs:
        assert not NOISE.search(p.text), p.text
        assert not any(NOISE.search(f.text) for f in p.footnotes)
    marked = {f.marker: p for p in doc.paragraphs for f in p.footnotes}
    assert marked["1"].number == "10."


def test_004_note_without_symbol(seeds: Path) -> None:
    doc = read_text(seed(seeds, "004"))
    assert doc.kind == DocumentKind.NOTE
    assert doc.symbol is None       # the agenda's symbol is not the note's
    assert doc.venue == "罗马" and doc.agenda_item == "3"
    assert numbers(doc.numbered(ParagraphKind.BODY, part=None)) == [f"{n}." for n in range(1, 12)]
    assert sum(len(p.footnotes) for p in doc.paragraphs) == 17


def test_a_draft_decision_with_chapters_of_its_own_is_read_whole() -> None:
    """UNFCCC drafts: chapters I., II. and sections A.–I. inside the draft decision."""
    sections = "\n".join(f"{chr(ord('A') + i)}. Section {i + 1}\n{i + 3}. Decides item {i + 3};"
                         for i in range(9))
    text = ("Draft decision -/CMA.6\nMatters relating to cooperative approaches\n"
            "The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement,\n"
            "Recalling decision 2/CMA.3,\n"
            "I. Scope\nOption 1\n1. Decides that a cooperative approach is voluntary;\n"
            "II. Authorization\n2. Notes the arrangements;\n" + sections + "\n"
            "[Annex I\nTables for submitting information\n")
    doc = parse_text(text)
    assert [p.kind for p in doc.parts] == [DocumentKind.DRAFT_DECISION]
    annex = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("[Annex"))
    assert all(p.part == 0 for p in doc.paragraphs[:annex])
    assert all(p.part is None for p in doc.paragraphs[annex:])
    ops = [p for p in doc.paragraphs if p.kind == ParagraphKind.OPERATIVE]
    assert [p.number for p in ops] == [f"{n}." for n in range(1, 12)]
    # "I." after "H." is the ninth section, not a chapter
    assert [p.number for p in doc.paragraphs if p.kind == ParagraphKind.HEADING and p.number] == \
        ["I.", "II."] + [f"{chr(ord('A') + i)}." for i in range(9)]
    assert ops[-1].section == "I"


def test_a_note_resumes_its_chapters_after_the_draft_it_proposes() -> None:
    text = ("I. Introduction\n1. The secretariat reports on cooperation.\n"
            "II. Proposed draft decision\n2. The Conference may wish to adopt a decision along the following lines:\n"
            "Draft decision XV/1\nCooperation with other conventions\nThe Conference of the Parties,\n"
            "Recalling decision XIV/30,\n1. Welcomes the report;\n2. Requests the Executive Secretary to continue;\n"
            "III. Next steps\n3. The secretariat will report again.\n")
    doc = parse_text(text)
    assert [p.kind for p in doc.parts] == [DocumentKind.DRAFT_DECISION]
    by_text = {p.text: p for p in doc.paragraphs}
    assert by_text["Welcomes the report;"].part == 0
    assert by_text["Next steps"].part is None and by_text["Next steps"].number == "III."
    assert by_text["The secretariat will report again."].kind == ParagraphKind.BODY
