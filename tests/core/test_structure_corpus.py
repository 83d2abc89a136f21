"""The structure pass on real documents: UN resolutions in six languages and the CBD/FAO seeds.

Each case is a real file whose round trip AKN → .docx → reader used to fail
for a known reason (bench/roundtrip_docx.py, docs/readme-structure.md); it
must now come back exactly.  Skipped without the corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.readers.akn import read_akn
from briefdesk.core.readers.docx import read_docx
from briefdesk.core.readers.text import read_text
from briefdesk.core.readers.verbs import leading_verb
from tests.docx_from_akn import compare, layout, write_docx, write_text


def _round_trip(corpus: Path, tmp_path: Path, rel: str):
    akn = read_akn(corpus / "akn" / rel)
    got = read_docx(write_docx(akn, tmp_path / "rt.docx"))
    return akn, got


@pytest.mark.parametrize("rel, why", [
    ("ga-75/Arabic/75_100_A.xml", "short preambular paragraph ending with the Arabic comma"),
    ("hrc-54/Arabic/A_HRC_RES_54_21A.xml", "Arabic comma followed by a right-to-left mark"),
    ("ga-75/English/75_101A-B_E.xml", "symbol with part letters; chapters I–VII; unnumbered operative"),
    ("ga-75/Arabic/75_101A-B_A.xml", "chapters أولا… typed before a tab; ’1‘ sub-sub-paragraphs"),
    ("ga-75/English/75_129_E.xml", "annex paragraphs numbered 1–32 are not operative"),
    ("ga-75/Chinese/75_190_C.xml", "㈠ and (十一) sub-sub-paragraphs"),
    ("ga-75/Arabic/75_192_A.xml", "double Arabic letters (أ أ)"),
    ("ga-75/English/75_13_E.xml", "a single unnumbered operative paragraph"),
    ("ga-75/Chinese/75_255_C.xml", "the body's name without a comma (大会)"),
    ("ga-75/Russian/75_55_R.xml", "an unnumbered continuation of a sub-paragraph (indent)"),
    ("ga-75/French/75_284_F.xml", "bulleted items in an annexed declaration"),
    ("ga-75/Spanish/A_RES_75_251 C_S.xml", "symbol A/RES/75/251 C"),
])
def test_round_trip_cases(corpus: Path, tmp_path: Path, rel: str, why: str) -> None:
    akn, got = _round_trip(corpus, tmp_path, rel)
    assert compare(akn, got) == [], why


def test_round_trip_keeps_masthead_and_annex_labels(corpus: Path, tmp_path: Path) -> None:
    akn, got = _round_trip(corpus, tmp_path, "ga-75/Chinese/75_129_C.xml")
    lines = [text for what, text in layout(akn) if what == "line"]
    assert lines[-1] == "附件" and lines[0] == "A/RES/75/129"
    label = next(p for p in got.paragraphs if p.text == "附件")
    assert label.kind == ParagraphKind.HEADING
    after = got.paragraphs[got.paragraphs.index(label) + 1:]
    assert after and not any(p.kind == ParagraphKind.OPERATIVE for p in after)
    assert got.symbol == "A/RES/75/129" and got.date == akn.date


@pytest.mark.parametrize("lang, minimum", [
    ("Arabic", 0.88), ("Chinese", 0.88), ("English", 0.92), ("French", 0.90), ("Russian", 0.88),
    ("Spanish", 0.90),
])
def test_leading_verbs_match_the_un_markup(corpus: Path, lang: str, minimum: float) -> None:
    """On 25 resolutions per language, the verb found is the phrase the UN set apart in italics."""
    files = random.Random(3).sample(sorted((corpus / "akn" / "ga-75" / lang).glob("*.xml")), 25)
    total = same = 0
    for f in files:
        doc = read_akn(f)
        for p in doc.paragraphs:
            if p.kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE) and p.level == 0 and p.verb:
                total += 1
                same += leading_verb(p.text, doc.language) == p.verb.strip().rstrip(",，،")
    assert total > 200
    assert same / total >= minimum, f"{same}/{total}"


# ---------------------------------------------------------------- seeds: metadata from plain text

SEEDS = {
    # symbol, body, session, (start, end), venue, agenda item, title start, kind, date source
    "000": ("CBD/SBI/2/10", "执行问题附属机构", "第二次会议", ((2018, 7, 9), (2018, 7, 13)), "加拿大蒙特利尔",
            "11", "与其他公约、国际组织和伙伴关系的合作", DocumentKind.NOTE, "meeting"),
    "001": ("IT/GB-7/17/19", "管理机构", "第七届会议", ((2017, 10, 30), (2017, 11, 3)), "卢旺达基加利",
            "17.1", "关于与《生物多样性公约》合作的报告", DocumentKind.REPORT, "meeting"),
    "002": ("XII/6", "生物多样性公约缔约方大会", "第十二届会议", ((2014, 10, 6), (2014, 10, 17)),
            "大韩民国平昌", "29", "与其他公约、国际组织和倡议的合作", DocumentKind.DECISION, "meeting"),
    "003": (None, "管理机构", "第五届会议", ((2013, 9, 24), (2013, 9, 28)), "阿曼马斯喀特", "13",
            "与《生物多样性公约》合作的报告", DocumentKind.REPORT, "issued"),
    "004": (None, "2020年后全球生物多样性框架不限成员名额工作组", "第二次会议", ((2020, 2, 24), (2020, 2, 29)),
            "罗马", "3", "工作组第一次会议以来", DocumentKind.NOTE, "meeting"),
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_metadata(seeds: Path, seed: str) -> None:
    symbol, body, session, (start, end), venue, item, title, kind, source = SEEDS[seed]
    doc = read_text(next(seeds.glob(f"{seed}_*.txt")))
    assert (doc.symbol, doc.body, doc.session, doc.venue, doc.agenda_item) == (symbol, body, session, venue, item)
    assert (doc.start_date, doc.end_date) == (dt.date(*start), dt.date(*end))
    assert doc.title.startswith(title)
    assert (doc.kind, doc.language, doc.date_source) == (kind, "zh", source)
    # the date is the issue date where printed (003: "2013年6月"), else the meeting's first day
    assert doc.date == (dt.date(2013, 6, 1) if seed == "003" else dt.date(*start))


def test_nested_draft_keeps_its_own_numbering(seeds: Path) -> None:
    """000: recommendation paragraph 7 carries a draft COP decision numbered 1–30 of its own."""
    doc = read_text(next(seeds.glob("000_*.txt")))
    rec, dec = 0, 1
    assert [p.kind for p in doc.parts] == [DocumentKind.DRAFT_RECOMMENDATION, DocumentKind.DRAFT_DECISION]
    assert "措辞大致如下的决定" in doc.parts[dec].title and "第7段" in doc.parts[dec].title
    rec_numbers = [p.number for p in doc.numbered(ParagraphKind.OPERATIVE, part=rec)]
    dec_numbers = [p.number for p in doc.numbered(ParagraphKind.OPERATIVE, part=dec)]
    assert rec_numbers == [f"{n}." for n in range(1, 8)]
    assert dec_numbers == [f"{n}." for n in range(1, 31)]
    # the recommendation's paragraph 7 comes right before the decision it carries
    seven = next(i for i, p in enumerate(doc.paragraphs) if p.part == rec and p.number == "7.")
    assert doc.paragraphs[seven + 1].part == dec


def test_002_sub_paragraphs_and_verbs(seeds: Path) -> None:
    doc = read_text(next(seeds.glob("002_*.txt")))
    subs = doc.numbered(ParagraphKind.OPERATIVE, level=1)
    assert subs and all(p.number.startswith("(") for p in subs)
    pre = [p for p in doc.paragraphs if p.kind == ParagraphKind.PREAMBULAR and p.verb]
    assert {"注意到", "回顾", "重申"} <= {p.verb for p in pre}
    ops = doc.numbered(ParagraphKind.OPERATIVE)
    assert sum(1 for p in ops if p.verb) >= len(ops) - 2


def test_quoted_decision_text_is_kept_apart(seeds: Path) -> None:
    """001 and 003 quote paragraphs of decisions; they are operative text of a quoted part,
    not body paragraphs breaking the report's own numbering."""
    doc = read_text(next(seeds.glob("001_*.txt")))
    quoted = [i for i, p in enumerate(doc.parts) if p.kind == DocumentKind.RESOLUTION]
    assert quoted and "第 7/2015 号决议" in doc.parts[quoted[0]].title
    first = [p for p in doc.paragraphs if p.part == quoted[0]]
    assert first[0].number == "4." and first[0].kind == ParagraphKind.OPERATIVE and first[0].verb == "请"
    own = doc.numbered(ParagraphKind.BODY, part=None)
    assert [p.number for p in own][:6] == ["1.", "2.", "3.", "4.", "5.", "6."]

    doc = read_text(next(seeds.glob("003_*.txt")))
    titles = {p.title for p in doc.parts if p.kind == DocumentKind.DECISION}
    assert "《公约》第十一届缔约方大会，" in titles
    cop11 = next(i for i, p in enumerate(doc.parts) if p.title == "《公约》第十一届缔约方大会，")
    assert [p.number for p in doc.paragraphs if p.part == cop11] == ["2.", "3.", "6."]


@pytest.mark.parametrize("lang", ["Arabic", "Chinese", "English", "French", "Russian", "Spanish"])
def test_plain_text_round_trip(corpus: Path, tmp_path: Path, lang: str) -> None:
    """Typed numbers (``1.``, ``1 -``, ``(a)``, ``’1‘``, ``㈠``) and Word-export footnotes, as text
    pasted from e-mail or extracted from a PDF gives them, come back through the same pass."""
    files = random.Random(11).sample(sorted((corpus / "akn" / "hrc-54" / lang).glob("*.xml")), 4)
    for f in files:
        akn = read_akn(f)
        got = read_text(write_text(akn, tmp_path / f"{f.stem}.txt"))
        assert got.source_format == "text" and got.language == akn.language
        assert compare(akn, got) == [], f.name


def test_001_flattened_table_is_not_a_string_of_headings(seeds: Path) -> None:
    """001's action table was flattened by the PDF converter into one short line per cell;
    those lines become table rows (one cell each), not headings that would open sections."""
    doc = read_text(next(seeds.glob("001_*.txt")))
    start = next(i for i, p in enumerate(doc.paragraphs) if "关键行动一览表" in p.text)
    after = doc.paragraphs[start + 1:start + 12]
    assert all(p.table is not None and p.kind == ParagraphKind.BODY for p in after)
    assert [p.cells for p in after[:2]] == [["领域/预期"], ["成果"]]
    # the report's own headings before the table are untouched
    heads = [(p.number, p.text) for p in doc.paragraphs[:start] if p.kind == ParagraphKind.HEADING and p.number]
    assert ("I.", "引言") in heads and ("IV.", "征求指导意见") in heads
