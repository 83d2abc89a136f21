"""The Identity-H (Type0 / CIDFontType2) embedding of the Chinese face used by pack PDFs."""

from __future__ import annotations

import io
import re
from struct import unpack

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFontParser
from reportlab.pdfgen.canvas import Canvas

from briefdesk.core.render.fastpara import CID_FACES, _TextOps
from briefdesk.core.render.fonts import CJK, covers, register_fonts

# Han, full-width punctuation, digits and letters, repeated characters, and a compatibility
# ideograph (兀 U+FA0C beside 兀 U+5140): characters the Chinese face has (ASCII it lacks is set
# in Noto Serif by the face choice, so never reaches it).
TEXT = "大会，重申《生物多样性公约》第１４／１号决定和ＲＥＳ／７５／１号决议；兀兀。大会"


def _pdf(lines: list[tuple[str, float]]) -> bytes:
    """A one-page PDF with each ``(text, word_space)`` shown in the Chinese face through ``_TextOps``."""
    register_fonts()
    buf = io.BytesIO()
    canv = Canvas(buf)
    y = 700.0
    for text, word_space in lines:
        ops = _TextOps(canv)
        ops.at(72, y)
        if word_space:
            ops.code.append(f"{word_space} Tw")
        ops.show(text, CJK, 12, 0.0, word_space)
        ops.finish()
        y -= 20
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _type0(reader: PdfReader):
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    return next(f for f in fonts if f["/Subtype"] == "/Type0")


def test_chinese_face_is_composite_and_text_extracts_exactly():
    assert CJK in CID_FACES
    assert all(covers(CJK, ch) for ch in TEXT)
    reader = PdfReader(io.BytesIO(_pdf([(TEXT, 0.0)])))
    assert reader.pages[0].extract_text().strip() == TEXT
    font = _type0(reader)
    assert font["/Encoding"] == "/Identity-H"
    cid = font["/DescendantFonts"][0].get_object()
    assert cid["/Subtype"] == "/CIDFontType2"
    assert cid["/CIDSystemInfo"]["/Ordering"] == "Identity"
    assert re.fullmatch(r"[A-Z]{6}\+DroidSansFallback", str(font["/BaseFont"])[1:])
    # one CID per distinct character, in order of first use, each with the width layout measured with
    distinct = list(dict.fromkeys(TEXT))
    start, widths = cid["/W"][0], cid["/W"][1]
    assert start == 1 and len(widths) == len(distinct)
    for ch, w in zip(distinct, widths):
        assert abs(float(w) - stringWidth(ch, CJK, 1000)) < 0.01, ch


def test_cid_to_gid_map_points_at_glyphs_of_the_right_width():
    reader = PdfReader(io.BytesIO(_pdf([(TEXT, 0.0)])))
    cid = _type0(reader)["/DescendantFonts"][0].get_object()
    gids = cid["/CIDToGIDMap"].get_data()
    gids = unpack(f">{len(gids) // 2}H", gids)
    subset = TTFontParser(io.BytesIO(cid["/FontDescriptor"]["/FontFile2"].get_data()))
    units = unpack(">H", subset.get_table("head")[18:20])[0]
    n_metrics = unpack(">H", subset.get_table("hhea")[34:36])[0]
    hmtx = subset.get_table("hmtx")
    n_glyphs = unpack(">H", subset.get_table("maxp")[4:6])[0]
    distinct = list(dict.fromkeys(TEXT))
    assert len(gids) == len(distinct) + 1 and gids[0] == 0
    for k, ch in enumerate(distinct, 1):
        gid = gids[k]
        assert 0 < gid < n_glyphs, ch
        advance = unpack(">H", hmtx[4 * min(gid, n_metrics - 1):][:2])[0]
        assert abs(advance * 1000 / units - stringWidth(ch, CJK, 1000)) < 1, ch


def test_word_spacing_is_applied_with_tj_offsets():
    """``Tw`` does not stretch two-byte codes; the spaces of a justified line move the text on in ``TJ``."""
    text = "甲 乙 丙"
    data = _pdf([(text, 5.0)])
    reader = PdfReader(io.BytesIO(data))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    shift = re.search(r"\[<([0-9A-F]+)> (-?[\d.]+) <([0-9A-F]+)> (-?[\d.]+) <([0-9A-F]+)>\] TJ", content)
    assert shift, content
    assert abs(float(shift.group(2)) + 5.0 * 1000 / 12) < 1e-3 and shift.group(2) == shift.group(4)
    assert reader.pages[0].extract_text().split() == ["甲", "乙", "丙"]
