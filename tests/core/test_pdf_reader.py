"""Tests of the PDF reader on PDFs drawn here with reportlab, and its refusals of bad input."""

from __future__ import annotations

import io
import random
import re
import time
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from briefdesk.core.document import ParagraphKind
from briefdesk.core.errors import ReadError
from briefdesk.core.importer import Importer, ImportStatus, read_document
from briefdesk.core.library import Library
from briefdesk.core.readers.pdf import read_pdf
from briefdesk.core.readers.structure import is_body_name

ROOT = Path(__file__).resolve().parents[2]
HAN_FONT = ROOT / "resources" / "fonts" / "DroidSansFallbackFull.ttf"
W, H = A4


def _page_furniture(c: canvas.Canvas, page: int, symbol: str) -> None:
    if page > 1:
        c.setFont("Helvetica", 9)
        c.drawString(72, H - 40, symbol)              # running head: the symbol
    c.setFont("Helvetica", 9)
    c.drawCentredString(W / 2, 30, str(page))        # page number
    c.drawString(72, 30, "GE.23-17 (E)")             # job number, repeated on every page


def _resolution_pdf(path: Path) -> Path:
    """A two-page English resolution: masthead, preamble, numbered paragraphs, a footnote, furniture."""
    c = canvas.Canvas(str(path), pagesize=A4)
    y = H - 72

    def line(text: str, x: float = 72, size: float = 11, gap: float = 14) -> None:
        nonlocal y
        c.setFont("Helvetica", size)
        c.drawString(x, y, text)
        y -= gap

    _page_furniture(c, 1, "A/RES/75/999")
    line("A/RES/75/999", gap=24)
    line("Resolution adopted by the General Assembly on 10 December 2020", gap=24)
    line("Cooperation between the United Nations and regional organizations", gap=24)
    line("The General Assembly,", gap=24)
    line("Recalling its resolution 74/96 of 13 December 2019 and the report of the Secretary-")
    c.setFont("Helvetica", 11)
    c.drawString(72, y, "General on the implementation of that resolution,")
    # a raised, smaller footnote marker right after the comma
    c.setFont("Helvetica", 6.5)
    c.drawString(72 + pdfmetrics.stringWidth("General on the implementation of that resolution,", "Helvetica", 11),
                 y + 4, "1")
    y -= 24
    line("Noting with appreciation the work of the implementation bodies and their continued")
    line("commitment to the coordination of assistance at the national and regional levels,", gap=24)
    line("1.")
    y += 14
    line("Requests the Secretary-General to submit a report on the implemen-", x=108)
    line("tation of the present resolution to the General Assembly at its seventy-", x=72)
    line("sixth session;", x=72, gap=24)
    line("2.")
    y += 14
    line("Decides to include in the provisional agenda of its seventy-sixth session an item entitled", x=108)
    # footnote: a short rule, then smaller type starting with its marker
    c.setLineWidth(0.5)
    c.line(72, 110, 216, 110)
    c.setFont("Helvetica", 9)
    c.drawString(72, 96, "1 A/75/74 and A/75/74/Add.1.")
    c.showPage()
    _page_furniture(c, 2, "A/RES/75/999")
    y = H - 72
    line("\u201cCooperation between the United Nations and regional organizations\u201d.", gap=24)
    line("3.")
    y += 14
    line("Invites Member States to report on the implementation of the present resolution.", x=108)
    c.showPage()
    c.save()
    return path


def test_reads_a_resolution_in_reading_order_without_furniture(tmp_path: Path) -> None:
    doc = read_pdf(_resolution_pdf(tmp_path / "res.pdf"))
    assert doc.source_format == "pdf"
    assert doc.symbol == "A/RES/75/999"
    assert str(doc.date) == "2020-12-10"
    texts = [p.text for p in doc.paragraphs]
    # no running head, page number or job number survives
    assert not any(t.strip() in {"1", "2", "GE.23-17 (E)"} or t.startswith("GE.") for t in texts)
    assert sum(t == "A/RES/75/999" for t in texts) == 1       # the masthead line only
    pre = [p for p in doc.paragraphs if p.kind is ParagraphKind.PREAMBULAR and not is_body_name(p.text)]
    ops = [p for p in doc.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    assert [p.verb for p in pre] == ["Recalling", "Noting with appreciation"]
    assert [p.number for p in ops] == ["1.", "2.", "3."]
    # hard line breaks undone; a compound broken at its hyphen keeps it, true hyphenation is undone
    assert pre[0].text == ("Recalling its resolution 74/96 of 13 December 2019 and the report of the "
                           "Secretary-General on the implementation of that resolution,")
    assert ops[0].text == ("Requests the Secretary-General to submit a report on the implementation of the "
                           "present resolution to the General Assembly at its seventy-sixth session;")
    # a paragraph continued on the next page is one paragraph
    assert ops[1].text.endswith("session an item entitled \u201cCooperation between the United Nations and "
                                "regional organizations\u201d.")
    assert [p.number for p in doc.paragraphs if p.kind is ParagraphKind.OPERATIVE] == ["1.", "2.", "3."]
    # the page-bottom footnote is attached to its marker
    assert [(f.marker, f.text) for f in pre[0].footnotes] == [("1", "A/75/74 and A/75/74/Add.1.")]
    assert pre[0].footnotes[0].offset == len(pre[0].text)
    assert all(not p.footnotes for p in doc.paragraphs if p is not pre[0])


def _chinese_pdf(path: Path) -> Path:
    pdfmetrics.registerFont(TTFont("HanTest", str(HAN_FONT)))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("HanTest", 10)
    rows = [(H - 72, 72, "A/RES/75/105"),
            (H - 100, 72, "大会2020年12月10日通过的决议"),
            (H - 128, 72, "大会，"),
            (H - 156, 72, "回顾其2019年12月13日第74/96号决议，"),
            (H - 184, 72, "1."), (H - 184, 108, "邀请所有国家开始或继续向尚未实现自治或独立的领土居民慷慨提供学习和培"),
            (H - 199, 72, "训便利，并尽可能向未来的学生提供旅费；")]
    for y, x, text in rows:   # Latin and digits in Helvetica, Han in the Han font, as Word sets them
        for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
            font = "Helvetica" if run.isascii() else "HanTest"
            c.setFont(font, 10)
            c.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, font, 10)
    c.showPage()
    c.save()
    return path


def test_chinese_lines_join_without_stray_spaces(tmp_path: Path) -> None:
    doc = read_pdf(_chinese_pdf(tmp_path / "zh.pdf"))
    assert doc.language == "zh"
    assert doc.symbol == "A/RES/75/105"
    assert str(doc.date) == "2020-12-10"
    (op,) = [p for p in doc.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    assert op.number == "1."
    assert op.text == "邀请所有国家开始或继续向尚未实现自治或独立的领土居民慷慨提供学习和培训便利，并尽可能向未来的学生提供旅费；"


def test_importer_reads_pdf_by_content(tmp_path: Path) -> None:
    pdf = _resolution_pdf(tmp_path / "res.pdf")
    renamed = tmp_path / "res.txt"              # a PDF named .txt is still read as PDF
    renamed.write_bytes(pdf.read_bytes())
    assert read_document(renamed).source_format == "pdf"
    text = tmp_path / "note.pdf"                # text named .pdf is read as text
    text.write_text("The Conference of the Parties,\n\n1. Requests the Executive Secretary to report.\n",
                    encoding="utf-8")
    assert read_document(text).source_format == "text"


# ---------------------------------------------------------------- bad input

def _encrypted(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="delegate", owner_password="secretariat")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def _image_only(path: Path) -> Path:
    from reportlab.lib.utils import ImageReader

    png = io.BytesIO()
    # a 40×40 grey PNG made by reportlab's own renderer-free path: raw image data
    from PIL import Image

    Image.new("L", (40, 40), 128).save(png, format="PNG")
    png.seek(0)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(png), 72, 400, width=400, height=400)
    c.showPage()
    c.save()
    return path


@pytest.fixture
def library(tmp_path: Path):
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, words its refusal must contain)."""
    good = _resolution_pdf(tmp_path / "good-source.pdf").read_bytes()
    out: dict[str, tuple[Path, str]] = {}
    p = tmp_path / "truncated.pdf"
    p.write_bytes(good[: len(good) // 2])
    out["truncated"] = (p, "truncated")
    p = tmp_path / "random.pdf"
    p.write_bytes(random.Random(7).randbytes(20000))
    out["random"] = (p, "")
    p = tmp_path / "random-with-header.pdf"
    p.write_bytes(b"%PDF-1.7\n" + random.Random(8).randbytes(20000) + b"\n%%EOF\n")
    out["random-with-header"] = (p, "")
    out["encrypted"] = (_encrypted(tmp_path / "encrypted.pdf", tmp_path / "good-source.pdf"), "encrypted")
    out["image-only"] = (_image_only(tmp_path / "scan.pdf"), "no text layer")
    p = tmp_path / "no-eof.txt"               # a damaged PDF mislabelled as text
    p.write_bytes(good[:-400])
    out["mislabelled-damaged"] = (p, "truncated")
    return out


@pytest.mark.parametrize("case", ["truncated", "random-with-header", "encrypted", "image-only",
                                  "mislabelled-damaged"])
def test_bad_pdfs_are_refused_naming_the_file(tmp_path: Path, case: str) -> None:
    path, words = _bad_files(tmp_path)[case]
    t = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert time.perf_counter() - t < 20          # no hang
    assert path.name in str(info.value)
    assert words in str(info.value)


def test_bad_pdfs_leave_the_library_unchanged(library: Library, tmp_path: Path) -> None:
    files = _bad_files(tmp_path)
    before = library.count()
    results = Importer(library).import_paths([p for p, _w in files.values()])
    assert [r.status for r in results] == [ImportStatus.FAILED] * len(files)
    assert all(r.reason for r in results)
    assert library.count() == before
    # a good PDF after them still imports
    (ok,) = Importer(library).import_paths([tmp_path / "good-source.pdf"])
    assert ok.status is ImportStatus.IMPORTED and ok.symbol == "A/RES/75/999"
    assert library.count() == before + 1


def test_random_bytes_never_crash_the_reader(tmp_path: Path) -> None:
    """Mutated copies of a good PDF: every outcome is a document or a ReadError."""
    good = _resolution_pdf(tmp_path / "good.pdf").read_bytes()
    rng = random.Random(3)
    for i in range(12):
        data = bytearray(good)
        for _ in range(30):
            data[rng.randrange(200, len(data) - 50)] = rng.randrange(256)
        path = tmp_path / f"mutated-{i}.pdf"
        path.write_bytes(bytes(data))
        try:
            read_pdf(path)
        except ReadError as exc:
            assert path.name in str(exc)
