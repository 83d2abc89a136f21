"""The shared structure pass in the six UN languages: sections, sub-paragraphs, verbs, annexes.

Hand-written paragraphs (no corpus needed) fed to :func:`parse_structure`,
the pass the text, .docx and PDF readers share; corpus tests on real files
are in ``test_structure_corpus.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.readers.structure import RawParagraph, display_width, is_body_line, parse_structure, split_number
from briefdesk.core.readers.verbs import leading_verb, verb_role

H, P, O, B = ParagraphKind.HEADING, ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE, ParagraphKind.BODY


def parse(lines: list[str], language: str | None = None):
    return parse_structure([RawParagraph(t) for t in lines], language=language)


# ---------------------------------------------------------------- sections

@pytest.mark.parametrize("line, number, label, text", [
    ("A. Cooperation with other conventions", "A.", "A", "Cooperation with other conventions"),
    ("II. Financial matters", "II.", "II", "Financial matters"),
    ("一. 导言", "一.", "一", "导言"),
    ("三、与其他公约的合作", "三、", "三", "与其他公约的合作"),
    ("第一节 总则", "第一节", "一", "总则"),
    ("第二章 合作", "第二章", "二", "合作"),
    ("أولا - مقدمة", "أولا -", "أولا", "مقدمة"),
    ("ثالثا - المسائل المالية", "ثالثا -", "ثالثا", "المسائل المالية"),
    ("ألف - التعاون مع الاتفاقيات الأخرى", "ألف -", "ألف", "التعاون مع الاتفاقيات الأخرى"),
    ("Б. Сотрудничество с другими конвенциями", "Б.", "Б", "Сотрудничество с другими конвенциями"),
    ("IV. Финансовые вопросы", "IV.", "IV", "Финансовые вопросы"),
    ("IV\tNews services", "IV", "IV", "News services"),          # typed number, then a tab
    ("أولا\tمقدمة", "أولا", "أولا", "مقدمة"),
])
def test_section_headings_in_six_languages(line: str, number: str, label: str, text: str) -> None:
    doc = parse(["A note", line, "1. The first paragraph of the section follows here."])
    head = doc.paragraphs[1]
    assert (head.kind, head.number, head.text) == (H, number, text)
    assert doc.paragraphs[2].section == label


@pytest.mark.parametrize("lines, expected", [
    (["1. Requests the Secretary-General:", "(a) to act;", "(i) now;", "(ii) later;", "(b) to report."],
     [("1.", 0), ("(a)", 1), ("(i)", 2), ("(ii)", 2), ("(b)", 1)]),
    (["1. 请执行秘书：", "（a）开展工作；", "（b）提出报告。"], [("1.", 0), ("（a）", 1), ("（b）", 1)]),
    (["1. 请秘书长：", "(a) 开展工作；", "㈠ 立即；", "㈡ 随后；"], [("1.", 0), ("(a)", 1), ("㈠", 2), ("㈡", 2)]),
    (["1) 注意到以下各点：", "（一）第一点；", "（二）第二点。"], [("1)", 0), ("（一）", 1), ("（二）", 1)]),
    (["1. Просит:", "a) действовать;", "b) сообщить."], [("1.", 0), ("a)", 1), ("b)", 1)]),
    (["1. Просит:", "а) действовать;", "б) сообщить."], [("1.", 0), ("а)", 1), ("б)", 1)]),
    (["1 - تطلب:", "(أ) أن تعمل؛", "’1‘ الآن؛", "’2‘ لاحقا؛", "(ب) أن تقدم تقريرا."],
     [("1 -", 0), ("(أ)", 1), ("’1‘", 2), ("’2‘", 2), ("(ب)", 1)]),
    # (x) after (w) is a letter, (xiii) after (xii) a Roman numeral
    (["1. Decides:", "(a) one;", "(i) first;", "(xii) twelfth;", "(xiii) thirteenth;"],
     [("1.", 0), ("(a)", 1), ("(i)", 2), ("(xii)", 2), ("(xiii)", 2)]),
])
def test_sub_paragraphs(lines: list[str], expected: list[tuple[str, int]]) -> None:
    doc = parse(["Resolution adopted by the General Assembly on 1 March 2021", "The General Assembly,",
                 *lines])
    got = [(p.number, p.level) for p in doc.paragraphs if p.number]
    assert got == expected
    assert all(p.kind == O for p in doc.paragraphs if p.number)


# ---------------------------------------------------------------- preamble, operative part, verbs

RESOLUTIONS = {
    "en": ("Resolution adopted by the General Assembly on 1 March 2021", "The General Assembly,",
           ["Recalling its resolution 74/1,", "Deeply concerned by the situation,"],
           ["Requests the Secretary-General to report;", "Strongly condemns all attacks."],
           ["Recalling", "Deeply concerned"], ["Requests", "Strongly condemns"]),
    "fr": ("Résolution adoptée par l’Assemblée générale le 1er mars 2021", "L’Assemblée générale,",
           ["Rappelant sa résolution 74/1,", "Prenant note avec satisfaction du rapport,"],
           ["Prie le Secrétaire général de lui faire rapport ;", "Considère que la question reste ouverte."],
           ["Rappelant", "Prenant note avec satisfaction"], ["Prie", "Considère"]),
    "es": ("Resolución aprobada por la Asamblea General el 1 de marzo de 2021", "La Asamblea General,",
           ["Recordando su resolución 74/1,", "Profundamente preocupada por la situación,"],
           ["Solicita al Secretario General que le presente un informe;", "Pone de relieve la importancia."],
           ["Recordando", "Profundamente preocupada"], ["Solicita", "Pone de relieve"]),
    "ru": ("Резолюция, принятая Генеральной Ассамблеей 1 марта 2021 года", "Генеральная Ассамблея,",
           ["ссылаясь на свою резолюцию 74/1,", "с удовлетворением отмечая доклад,"],
           ["просит Генерального секретаря представить доклад;", "постановляет продолжить рассмотрение."],
           ["ссылаясь", "с удовлетворением отмечая"], ["просит", "постановляет"]),
    "ar": ("قرار اتخذته الجمعية العامة في 1 آذار/مارس 2021", "إن الجمعية العامة،",
           ["إذ تشير إلى قرارها 74/1،", "وإذ تؤكد من جديد التزامها،"],
           ["تطلب إلى الأمين العام أن يقدم تقريرا؛", "تقرر أن تبقي المسألة قيد نظرها."],
           ["إذ تشير", "وإذ تؤكد من جديد"], ["تطلب", "تقرر"]),
    "zh": ("大会2021年3月1日通过的决议", "大会，",
           ["回顾其第74/1号决议，", "着重指出合作的重要性，"],
           ["请秘书长提出报告；", "决定继续审议这一问题。"],
           ["回顾", "着重指出"], ["请", "决定"]),
}


@pytest.mark.parametrize("lang", sorted(RESOLUTIONS))
def test_preamble_operative_part_and_verbs(lang: str) -> None:
    adopted, body, pre, ops, pre_verbs, op_verbs = RESOLUTIONS[lang]
    lines = ["A/RES/75/999", adopted, "Title", body, *pre] + [f"{i}. {t}" for i, t in enumerate(ops, 1)]
    doc = parse(lines)
    assert doc.language == lang
    assert doc.kind == DocumentKind.RESOLUTION and doc.date == dt.date(2021, 3, 1)
    assert doc.symbol == "A/RES/75/999"
    got_pre = [p for p in doc.paragraphs if p.kind == P and not is_body_line(p.text)]
    got_ops = [p for p in doc.paragraphs if p.kind == O]
    assert [p.text for p in got_pre] == pre
    assert [p.verb for p in got_pre] == pre_verbs
    assert [(p.number, p.verb) for p in got_ops] == [(f"{i}.", v) for i, v in enumerate(op_verbs, 1)]
    if lang != "zh":   # Chinese verbs do not change form between the two parts
        assert {verb_role(t, lang) for t in pre} == {"preambular"}
        assert {verb_role(t, lang) for t in ops} == {"operative"}


@pytest.mark.parametrize("lang", sorted(RESOLUTIONS))
def test_single_unnumbered_operative_paragraph(lang: str) -> None:
    """A resolution with one operative paragraph does not number it (UN Editorial Manual)."""
    adopted, body, pre, ops, _pv, op_verbs = RESOLUTIONS[lang]
    doc = parse(["A/RES/75/999", adopted, "Title", body, *pre, ops[1]])
    kinds = [p.kind for p in doc.paragraphs[3:]]
    assert kinds == [P] * (1 + len(pre)) + [O]
    assert doc.paragraphs[-1].verb == op_verbs[1] and doc.paragraphs[-1].number is None


def test_arabic_comma_ends_a_preambular_paragraph() -> None:
    # a short preambular paragraph ending with the Arabic comma is not a heading
    doc = parse(["قرار اتخذته الجمعية العامة في 1 آذار/مارس 2021", "إن الجمعية العامة،",
                 "إذ تسترشد بميثاق الأمم المتحدة،\u200f", "1 - تطلب إلى الأمين العام أن يقدم تقريرا."])
    assert [p.kind for p in doc.paragraphs[1:]] == [P, P, O]


def test_bare_body_name_opens_the_resolution() -> None:
    for body in ("大会", "The General Assembly", "إن الجمعية العامة", "Генеральная Ассамблея"):
        doc = parse(["Resolution adopted by the General Assembly on 1 March 2021", "Title", body,
                     "1. Decides to include the item in the agenda;", "2. Requests a report."])
        assert [p.kind for p in doc.paragraphs[2:]] == [P, O, O], body


def test_symbol_with_part_letters() -> None:
    for sym in ("A/RES/75/101 A-B", "A/RES/75/245 B", "A/RES/75/254 A–C"):
        doc = parse([sym, "Resolution adopted by the General Assembly on 1 March 2021", "Title",
                     "The General Assembly,", "1. Decides."])
        assert doc.symbol == sym.replace("–", "-")


def test_annex_paragraphs_are_not_operative() -> None:
    for annex in ("Annex", "附件一", "المرفق", "Приложение", "Annexe II"):
        doc = parse(["Resolution adopted by the General Assembly on 1 March 2021", "Title",
                     "The General Assembly,", "1. Adopts the terms of reference annexed;", annex,
                     "Terms of reference", "1. The fund is established."])
        assert [p.kind for p in doc.paragraphs if p.number] == [O, B], annex


def test_table_rows_are_never_numbered() -> None:
    raw = [RawParagraph("A note"), RawParagraph("1. Income | 283 437 900", cells=["1. Income", "283 437 900"],
                                                 table=0)]
    row = parse_structure(raw).paragraphs[1]
    assert (row.kind, row.number, row.table, row.cells) == (B, None, 0, ["1. Income", "283 437 900"])


def test_indent_continues_a_sub_paragraph() -> None:
    raw = [RawParagraph("Resolution adopted by the General Assembly on 1 March 2021"),
           RawParagraph("The General Assembly,"), RawParagraph("Decides:", number="1."),
           RawParagraph("to act;", number="(a)", indent=720),
           RawParagraph("and demands that it stop;", indent=720),
           RawParagraph("Dialogue 1: reflecting", indent=1440),
           RawParagraph("Requests a report.", number="2.")]
    doc = parse_structure(raw, language="en")
    assert [(p.number, p.level, p.kind) for p in doc.paragraphs[2:]] == [
        ("1.", 0, O), ("(a)", 1, O), (None, 1, O), (None, 2, O), ("2.", 0, O)]


def test_leading_verb_is_the_printed_phrase() -> None:
    assert leading_verb("Recognizing also the role of youth,", "en") == "Recognizing also"
    assert leading_verb("Notes with appreciation the report;", "en") == "Notes with appreciation"
    assert leading_verb("просит также Генерального секретаря", "ru") == "просит также"
    assert leading_verb("وإذ تشدد على أهمية التعاون،", "ar") == "وإذ تشدد"
    assert leading_verb("Est consciente de la nécessité", "fr") == "Est consciente"
    assert leading_verb("Pone de relieve la importancia", "es") == "Pone de relieve"
    assert leading_verb("The report was read.", "en") is None


def test_report_quoting_a_decision() -> None:
    doc = parse(["Report of the Secretary", "1. The Governing Body adopted resolution 7/2015.",
                 "2. In resolution 7/2015, the Governing Body:",
                 "4. Requests the Bureau to submit elements of advice;",
                 "5. Welcomes the workshop;",
                 "3. The Secretary has since prepared a report."], language="en")
    assert [p.kind for p in doc.parts] == [DocumentKind.RESOLUTION]
    assert doc.parts[0].title == "In resolution 7/2015, the Governing Body"
    quoted = [(p.number, p.kind, p.verb) for p in doc.paragraphs if p.part == 0]
    assert quoted == [("4.", O, "Requests"), ("5.", O, "Welcomes")]
    assert [p.number for p in doc.numbered(B, part=None)] == ["1.", "2.", "3."]


TITLE_PAGES = {
    # language: (body, session, venue, agenda item, title, preambular verb, operative numbers and verbs)
    "fr": ("Conférence des Parties à la Convention sur la diversité biologique", "Quatorzième réunion",
           "Charm el-Cheikh (Égypte)", "Coopération avec d’autres conventions", "Rappelant",
           [("1.", "Se félicite"), ("2.", "Prie")]),
    "es": ("Conferencia de las Partes en el Convenio sobre la Diversidad Biológica", "Decimocuarta reunión",
           "Sharm el-Sheikh (Egipto)", "Cooperación con otros convenios", "Recordando",
           [("1.", "Acoge con satisfacción"), ("2.", "Pide")]),
    "ru": ("Конференция Сторон Конвенции о биологическом разнообразии", "Четырнадцатое совещание",
           "Шарм-эш-Шейх, Египет", "Сотрудничество с другими конвенциями", "ссылаясь",
           [("1.", "приветствует"), ("2.", "просит")]),
    "ar": ("مؤتمر الأطراف في اتفاقية التنوع البيولوجي", "الاجتماع الرابع عشر", "شرم الشيخ، مصر",
           "التعاون مع الاتفاقيات الأخرى", "إذ يشير", [("1 -", "يرحب"), ("2 -", "يطلب")]),
}


@pytest.mark.parametrize("lang", sorted(TITLE_PAGES))
def test_title_page_of_a_decision_in_four_more_languages(fixtures, lang: str) -> None:
    """The English and Chinese title pages are tested in test_text_reader.py."""
    from briefdesk.core.readers.text import read_text

    body, session, venue, title, pre_verb, ops = TITLE_PAGES[lang]
    doc = read_text(fixtures / "text" / f"decision_{lang}.txt")
    assert (doc.language, doc.kind, doc.symbol) == (lang, DocumentKind.DECISION, "14/30")
    assert (doc.body, doc.session, doc.venue, doc.agenda_item, doc.title) == (body, session, venue, "19", title)
    assert (doc.start_date, doc.end_date) == (dt.date(2018, 11, 17), dt.date(2018, 11, 29))
    assert (doc.date, doc.date_source) == (dt.date(2018, 11, 17), "meeting")
    assert [p.verb for p in doc.paragraphs if p.kind == P and p.verb] == [pre_verb]
    assert [(p.number, p.verb) for p in doc.paragraphs if p.kind == O] == ops


# ---------------------------------------------------------------- sections of budget resolutions (75/245, 75/253)

ZH_SECTIONS = ["大会2020年12月31日通过的决议", "大会，", "回顾其第44/198号决议，", "1. 表示注意到委员会的报告；",
               "二\t危险津贴：审查数额"]


def test_semicolon_after_a_section_heading_is_operative() -> None:
    """A Chinese paragraph ending "；" after a section heading is operative (its verb has one
    form for both parts; UN Editorial Manual: operative paragraphs end with a semicolon),
    one ending "，" preambular; a verb of the preambular form keeps "…;" preambular."""
    doc = parse([*ZH_SECTIONS, "回顾其第51/216号决议，", "核准订正基薪表；", "三\t其他",
                 "表示赞赏外勤人员的宝贵工作；"], language="zh")
    kinds = [(p.kind, p.text[:4]) for p in doc.paragraphs[5:]]
    assert kinds == [(P, "回顾其第"), (O, "核准订正"), (H, "其他"), (O, "表示赞赏")]
    en = parse(["Resolution adopted by the General Assembly on 1 March 2021", "The General Assembly,",
                "1. Takes note of the report;", "XVII. International Trade Centre",
                "Recalling its resolution 75/252 on the proposed programme budget for 2021;",
                "Approves the resources of 20,641,500 dollars."])
    assert [p.kind for p in en.paragraphs[4:]] == [P, O]


def test_lead_in_takes_the_part_its_list_ends_in() -> None:
    """An unnumbered "敦促…：" before (a)…(f) ending "。" is the operative part (75/101 A C);
    "回顾…：" whose items end "，" is preambular."""
    doc = parse(["大会2020年12月31日通过的决议", "大会，", "表示注意到新闻委员会的报告，", "敦促所有国家：",
                 "(a) 开展合作；", "(b) 支持培训方案。"], language="zh")
    assert [p.kind for p in doc.paragraphs[2:]] == [P, O, O, O]
    doc = parse(["大会2020年12月31日通过的决议", "大会，", "回顾下列决议：", "(a) 第1号决议；",
                 "(b) 第2号决议，", "1. 请秘书长提出报告。"], language="zh")
    assert [p.kind for p in doc.paragraphs[2:]] == [P, P, P, O]


def test_long_chapter_heading_and_arabic_ordinals_past_fifteen() -> None:
    """A chapter title carrying its number stays a heading however long (75/89 F, 384 columns);
    Arabic ordinals number chapters past fifteen, typed before a tab ("حادي عشر\\t", 75/253 A)."""
    title = ("Mise en œuvre de l’Accord de 1995 aux fins de l’application des dispositions de la "
             "Convention des Nations Unies sur le droit de la mer du 10 décembre 1982 relatives à la "
             "conservation et à la gestion des stocks de poissons dont les déplacements s’effectuent "
             "tant à l’intérieur qu’au-delà de zones économiques exclusives (stocks chevauchants)")
    doc = parse(["Résolution adoptée par l’Assemblée générale le 1er mars 2021", "L’Assemblée générale,",
                 "1. Prie le Secrétaire général de faire rapport ;", f"II\t{title}",
                 "2. Se félicite des dernières adhésions ;"], language="fr")
    assert display_width(title) > 300
    head = doc.paragraphs[3]
    assert (head.kind, head.number, head.text) == (H, "II", title)
    assert doc.paragraphs[4].kind == O
    for ordinal in ("حادي عشر", "سادس عشر", "عشرون", "ثاني وعشرون"):
        doc = parse(["قرار اتخذته الجمعية العامة في 1 آذار/مارس 2021", "إن الجمعية العامة،",
                     f"{ordinal}\tمركز التجارة الدولية", "إذ تشير إلى قرارها 75/252،",
                     "1 - تحيط علما بتقرير الأمين العام؛"], language="ar")
        head = doc.paragraphs[2]
        assert (head.kind, head.number, head.text) == (H, ordinal, "مركز التجارة الدولية"), ordinal
        assert [p.kind for p in doc.paragraphs[3:]] == [P, O], ordinal


def test_arabic_ordinal_run_into_the_title_where_a_pdf_lost_the_tab() -> None:
    """A PDF text layer can lose the tab after a chapter's ordinal when the title starts at the
    next tab stop right after it ("رابع عشرالدورة …", 75/89 A through LibreOffice): no Arabic
    word continues an ordinal with the article "ال", so the ordinal is the heading's number.
    A paragraph that merely starts with the article is left alone."""
    doc = parse(["قرار اتخذته الجمعية العامة في 8 كانون الأول/ديسمبر 2020", "إن الجمعية العامة،",
                 "1 - تحيط علما بتقرير الأمين العام؛", "رابع عشرالدورة السادسة والسبعون للجمعية العامة",
                 "2 - تقرر أن تدرج في جدول الأعمال المؤقت لدورتها السادسة والسبعين البند المعنون؛"],
                language="ar")
    head = doc.paragraphs[3]
    assert (head.kind, head.number, head.text) == (H, "رابع عشر", "الدورة السادسة والسبعون للجمعية العامة")
    assert doc.paragraphs[4].kind == O
    assert split_number("الدورة السادسة والسبعون")[0] is None


@pytest.mark.parametrize("text,date", [
    ("2 Aprii 1990", dt.date(1990, 4, 2)),       # "l" read as "i" (A/45/189's date of issue)
    ("25 Marcb 1991", dt.date(1991, 3, 25)),     # one letter for another
    ("12 Jnne 1990", dt.date(1990, 6, 12)),
    ("4 decembre 1959", dt.date(1959, 12, 4)),   # accent lost: French
    ("2 April 1990", dt.date(1990, 4, 2)),       # written dates as first_date reads them
    ("5 Hello 1990", None),                      # no month within one edit
    ("3 Juin 1990", dt.date(1990, 6, 3)),
    ("30 Febuary 1990", None),                   # a month, but no such day
])
def test_recognised_date_takes_one_misread_letter_in_the_month(text, date) -> None:
    from briefdesk.core.readers.structure import first_date, recognised_date

    assert recognised_date(text) == date
    if date is not None and text not in ("2 April 1990", "3 Juin 1990"):
        assert first_date(text) is None   # the written-date grammar stays strict
