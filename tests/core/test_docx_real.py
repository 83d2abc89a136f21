"""The real UNFCCC draft decision text (``real/unfccc/``), read as the page shows it.

The expectations below were written from the file as Word prints it: converted
to PDF with LibreOffice (``soffice --headless --convert-to pdf``, 49 pages) and
read from the page images (``pdftoppm``), not from the reader's output.  What
the pages show:

* page 1: "Draft decision -/CMA.6", its title, the body's name and two
  preambular paragraphs (``Recalling``, ``Also recalling``), then chapter
  ``I. Scope and definition of a cooperative approach`` and the operative
  paragraphs, each group under a bold label ``Option 1``, ``Option 2``…;
* chapters I–XIV with sections A., B.… restarting under each chapter (IV: A,
  B; V: A, B; X: A, B; XII: A, B), operative paragraphs 1–169 numbered on
  across chapters, sub-paragraphs (a)… and (i)… as below, footnotes 1–14 at
  the foot of the pages (9: "As per decision 2/CMA.3, paras. 14–15." after
  "thereon" in paragraph 132, page 30);
* page 36: "[Annex I" and Table 1 "Submissions", nine rows of two cells with
  table notes a–e.

LibreOffice numbers the table notes (Word endnotes) on across the annex's
sections (f, g…); the file asks for them to restart in each section
(``w:numRestart eachSect``), as Word does, so the test expects a, b… again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefdesk.core.document import DocumentKind, ParagraphKind
from briefdesk.core.readers.docx import read_docx
from tests.text_coverage import docx_source_text, lost_words, words

NAME = "Art_6.2_SBSTA_13a_DD_1stIteration.docx"

#: Every number printed in the draft decision, in order: chapters, sections,
#: operative paragraphs and their sub-paragraphs, as on the pages.
OUTLINE = """
I. 1. 2. (a) (b) 3. 4.
II. 5. 6. (a) (b) (c) (d) 7. 8. (a) (b) (c) 9. (a) (b) (c) 10. (a) (b) (c)
11. 12. 13. 14. (a) (b) (c) (d) (e) (f) (g) (h) (i) (j) (i) (ii) (iii) (iv) (v) (k) (i) (ii) (l) (m) (n)
15.
III.
A. 16. 17. 18. 19. 20. 21. 22. 23.
B. 24. (a) (b) (c) (d) (e) (f) (g) (h) (i) (j) (k) (l) (m) (n) (o) (p) (q) (r) (s) (t) (u) (v) (w) (x)
25. (a) (b) (c) (d) (e) (f) (g) (h) (i) (j) 26. 27. 28. (a) (b) (c) (d) (e) (f) (g) (h) (i) (j) (k) (l) (m) (n)
29.
C. 30.
D. 31. 32. 33. 34. 35. 36. 37. 38. 39. 40. 41. 42.
E. 43. 44. 45.
IV.
A. 46. 47. 48. 49. 50. (a) (b) (c) 51. (a) (b) 52. (c) (d) 53. 54. (a) (b)
55.
B. 56. 57. (a) (b) 58. 59.
V.
A. 60. 61. 62.
B. 63. 64. (a) (i) (ii) (b) (i) (ii) (iii) (c) (i) (ii) (d) (i) (ii) (iii) (iv) (e) (i) (ii) (iii) (iv) (v)
(vi) (vii) (f) (i) (ii) (iii) (iv) (v) (vi) (vii) (viii)
65.
VI. 66. 67. 68. 69.
VII. 70. 71. 72. 73. (a) (b) 74. 75. 76.
VIII. 77. 78. 79. 80. (a) (b) (i) (ii) (iii) (c) 81. 82. 83. 84. 85. 86.
87. 88. 89.
IX. 90. 91. 92. 93. 94. 95. 96. 97. 98. 99. 100. 101. 102. (a) (b) 103.
104. (a) (b) (c) (d) 105. 106. (a) (b) (c) (d) 107. 108. 109. (a) (b) (c) (d) (e) (f) (g)
110. (a) (b) (c) (d) 111. (a) (b) (i) (ii) (iii) (b) (i) (ii) (iii) 112.
113. 114. 115. (a) (b) (i) (ii) (c) (d) 116. 117. 118. (a) (b) 119. 120.
121.
X.
A. 122. (a) (b) (c) (d) (e) (f) (g) 123. (a) (b) (c) (d) (e) (f) (g) 124.
125. (a) (b) (c) (d) (e) 126.
B. 127. 128. (a) (b) (c) (d) 129. 130. (a) (b) (c)
XI. 131. 132. 133. 134. 135.
XII. 136.
A. 137. 138. 139. 140. 141. 142. 143. 144. 145.
B. 146. 147. 148. 149. 150. (a) (b) (c) (d) (e) (f) (g) (h) (i) 151. 152.
153. 154. 155. 156.
XIII. 157. (a) (b) 158. 159. 160. 161.
XIV. 162. 163. 164. 165. 166. 167. 168. 169.
""".split()

#: Chapter and section headings as printed.
HEADINGS = [
    ("I.", "Scope and definition of a cooperative approach"),
    ("II.", "[Further guidance on initial reports] [Additional upfront information on "
            "implementation of elements of the guidance]"),
    ("III.", "Authorization"),
    ("A.", "Process and timing of authorization"),
    ("B.", "Content of the authorization"),
    ("C.", "Format of the authorization"),
    ("D.", "Change to authorization"),
    ("E.", "Transparency of information about authorization"),
    ("IV.", "Application of first transfer"),
    ("A.", "Further guidance on first transfer"),
    ("B.", "Other first transfer specifications"),
    ("V.", "Agreed electronic format"),
    ("A.", "Adoption of the agreed electronic format"),
    ("B.", "Information and actions to be reported in the agreed electronic format"),
    ("VI.", "Tables for submitting annual information as part of the regular information"),
    ("VII.", "Sequencing and timing of reporting information"),
    ("VIII.", "Process of identifying, notifying and correcting inconsistencies from the "
              "automated consistency check"),
    ("IX.", "Inconsistencies identified in Article 6 technical expert reviews"),
    ("X.", "[Identifying, notifying and correcting inconsistencies {This section combines the content "
           "of the previous Sections VIII and IX, as an alternative}"),
    ("A.", "Flagging of inconsistencies"),
    ("B.", "Remediation of inconsistencies"),
    ("XI.", "Special circumstances of the least developed countries and small island developing States"),
    ("XII.", "[Additional functionalities and procedures for the international registry] "
             "[Further guidance relating to tracking]"),
    ("A.", "Interoperability"),
    ("B.", "Form, functions, processes and additional functionality of the international registry"),
    ("XIII.", "Work programme"),
    ("XIV.", "Other matters"),
]


@pytest.fixture(scope="module")
def unfccc() -> Path:
    from tests.conftest import corpus_path

    return corpus_path() / "real" / "unfccc" / NAME


@pytest.fixture(scope="module")
def doc(unfccc: Path):
    return read_docx(unfccc)


def test_the_draft_decision_is_one_part_to_its_last_paragraph(doc) -> None:
    assert [(p.kind, p.title) for p in doc.parts] == [(
        DocumentKind.DRAFT_DECISION,
        "Draft decision -/CMA.6 Matters relating to cooperative approaches referred to in "
        "Article 6, paragraph 2, of the Paris Agreement")]
    annex = next(i for i, p in enumerate(doc.paragraphs) if p.text.startswith("[Annex I"))
    inside, after = doc.paragraphs[:annex], doc.paragraphs[annex:]
    assert all(p.part == 0 for p in inside)
    assert all(p.part is None for p in after)
    # nothing in the decision is left as body text
    assert {p.kind for p in inside} == {ParagraphKind.HEADING, ParagraphKind.PREAMBULAR,
                                        ParagraphKind.OPERATIVE}
    preamble = [(p.verb, p.text) for p in inside if p.kind == ParagraphKind.PREAMBULAR]
    assert preamble == [
        (None, "The Conference of the Parties serving as the meeting of the Parties to the Paris Agreement,"),
        ("Recalling", "Recalling decision 2/CMA.3 and its annex,"),
        ("Also recalling", "Also recalling decision 6/CMA.4 and its annexes,")]
    operative = [p for p in inside if p.kind == ParagraphKind.OPERATIVE and p.level == 0]
    assert [p.number for p in operative] == [f"{n}." for n in range(1, 170)]
    assert operative[0].verb == "Decides" and operative[0].section == "I"
    assert operative[15].text.startswith("Reaffirms that the authorization is a national prerogative")
    assert operative[15].section == "A"
    assert operative[-1].text == ("Requests that the actions of the secretariat called for in this "
                                  "decision be undertaken subject to the availability of financial resources.")
    assert operative[-1].section == "XIV"


def test_numbers_as_word_prints_them(doc) -> None:
    printed = [p.number for p in doc.paragraphs if p.number and p.part == 0]
    assert printed == OUTLINE
    headings = [(p.number, p.text) for p in doc.paragraphs if p.kind == ParagraphKind.HEADING and p.number]
    assert headings == HEADINGS
    # sub-paragraphs nest: (a) beneath a paragraph, (i) beneath (j)
    fourteen = [p for p in doc.paragraphs if p.part == 0]
    start = next(i for i, p in enumerate(fourteen) if p.number == "14.")
    levels = [(p.number, p.level) for p in fourteen[start:start + 18]]
    assert levels[9:17] == [("(i)", 1), ("(j)", 1), ("(i)", 2), ("(ii)", 2), ("(iii)", 2), ("(iv)", 2),
                            ("(v)", 2), ("(k)", 1)]


def test_option_labels_are_headings(doc) -> None:
    inside = [p for p in doc.paragraphs if p.part == 0]
    labels = [p for p in inside if p.text.startswith(("Option ", "{")) and p.number is None]
    assert len(labels) > 80
    assert all(p.kind == ParagraphKind.HEADING for p in labels)
    # one label carries a list number in the file, and the page prints it: "65. Option 2: …"
    (numbered,) = [p for p in inside if p.text.startswith(("Option ", "{")) and p.number]
    assert (numbered.number, numbered.text) == ("65.", "Option 2: {No text required}")
    first = inside.index(next(p for p in inside if p.number == "I."))
    assert [p.text for p in inside[first + 1:first + 3]] == [
        "Option 1", "Decides that a cooperative approach is the voluntary participation of a Party "
        "and/or Parties incorporated with respect to cooperation, as mutually agreed, in implementing "
        "their nationally determined contributions and allow for higher ambition in their mitigation "
        "and adaptation actions and to promote sustainable development and environmental integrity and "
        "to do the fairness transfer and use the internationally transferred mitigation outcomes that "
        "are consistent with requirements of relevance and a decision relating to the Article 6, "
        "paragraph 2;"]
    assert any(p.text == "{Tracking arrangements}" for p in labels)


def test_footnotes_at_their_references(doc) -> None:
    notes = [(p.number, f.marker, p.text[:f.offset][-21:], f.text)
             for p in doc.paragraphs if p.part == 0 for f in p.footnotes]
    assert [n[1] for n in notes] == [str(i) for i in range(1, 15)]
    assert notes[0] == ("42.", "1", "tenth session (2028),", "Decision 2/CMA.3, paras. 14–15.")
    assert notes[8] == ("132.", "9", "recommendations thereon"[-21:], "As per decision 2/CMA.3, paras. 14–15.")
    assert notes[1][3] == "Decision 6/CMA.4, annex I, para. 39."


def test_tables_keep_every_cell(doc) -> None:
    tables = sorted({p.table for p in doc.paragraphs if p.table is not None})
    assert tables == list(range(18))     # the 18 w:tbl of the annexes
    first = [p for p in doc.paragraphs if p.table == 0]
    assert [p.cells for p in first] == [
        ["Party", "Party"], ["Version", "X.Y"], ["Reported year", "Year"],
        ["Date of submission", "dd/mm/yyyy"], ["[[Review] Status]", "[(Not) reviewed]"],
        ["[Status of ]consistency check[s]", "(Not) consistent"],
        ["First year of the NDC implementation period", "Year"],
        ["Last year of the NDC implementation period", "Year"], ["[A6 TER report]", "[link]"]]
    rows = [p for p in doc.paragraphs if p.table is not None]
    assert all(p.text.strip() == " ".join(" | ".join(p.cells).split()) for p in rows)   # empty cells too
    assert all(p.kind == ParagraphKind.BODY and p.number is None for p in rows)
    assert max(len(p.cells) for p in rows) >= 10
    marks = [(p.cells[0], f.marker, f.offset) for p in first for f in p.footnotes]
    assert marks == [("Party", "a", 5), ("Reported year", "b", 13), ("[[Review] Status]", "c", 17),
                     ("[Status of ]consistency check[s]", "d", 32), ("[A6 TER report]", "e", 15)]
    table_heads = [p.text for p in doc.paragraphs if p.part is None and p.text.startswith("Table 1")]
    assert table_heads == ["Table 1 Submissions",
                           "Table 1 Paragraph 23 (j) in relation to paragraph 23 (c) “Annual quantity "
                           "of ITMOs first transferred”"]


def test_no_word_bracket_or_footnote_lost(unfccc: Path, doc) -> None:
    furniture: list[str] = []
    again = read_docx(unfccc, furniture=furniture)
    assert furniture == [] and again.warnings == []
    source = docx_source_text(unfccc)
    assert lost_words(source, doc) == []
    # the square brackets of the negotiation survive, every one of them
    stored = [w for p in doc.paragraphs for w in words(p.text) + [x for f in p.footnotes for x in words(f.text)]]
    for sign in "[]{}":
        assert stored.count(sign) == words(source).count(sign), sign


def test_table_notes_restart_in_each_section(doc) -> None:
    # Word endnotes lettered (w:numFmt lowerLetter) and restarted in each section (eachSect)
    marks = [f.marker for p in doc.paragraphs if p.part is None for f in p.footnotes]
    assert marks == ["a", "b", "c", "d", "e", "a", "a", "b", "c", "d", "a"]


@pytest.mark.parametrize("text, label", [
    ("Option 1", True), ("Option 2: {No text required}", True), ("Option B", True),
    ("Option 3{No text required}", True), ("{Tracking arrangements}", True), ("{End of options}", True),
    ("[Option 2", True), ("Options for the review", False), ("Option 1 is preferred by many Parties.", False),
    ("{Decides} to act;", False), ("Decides [to act];", False)])
def test_editorial_labels(text: str, label: bool) -> None:
    from briefdesk.core.readers.labels import editorial_label

    assert editorial_label(text) is label
