"""Test helper: AKN documents → .docx (tests/docx_from_akn.py) → PDF with LibreOffice headless.

The .docx is dressed as a UN document is printed before LibreOffice turns it
into PDF: the symbol as a running head on every page but the first (Word's
"different first page"), the page number centred in the footer of every page,
and Arabic paragraphs and footnotes set right to left (``w:bidi``/``w:rtl``),
as the UN prints them.  All files of a batch go through ONE ``soffice --headless
--convert-to pdf`` call, with a private user profile and a fontconfig file
that adds ``resources/fonts`` (Han: Droid Sans Fallback; Arabic: Noto Naskh)
to the system fonts, so Chinese and Arabic get real glyphs.

Public: :func:`soffice`, :func:`dress_docx`, :func:`akn_to_pdfs`, :func:`hyphen_folded`.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from briefdesk.core.document import ParsedDocument
from tests.docx_from_akn import write_docx

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "resources" / "fonts"
#: files per soffice call
BATCH = 150


def soffice() -> str | None:
    """Path of LibreOffice's ``soffice``, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _field(paragraph, instr: str) -> None:
    fld = etree.SubElement(paragraph._p, qn("w:fldSimple"))
    fld.set(qn("w:instr"), instr)
    r = etree.SubElement(fld, qn("w:r"))
    t = etree.SubElement(r, qn("w:t"))
    t.text = "1"


def dress_docx(path: Path, doc: ParsedDocument) -> None:
    """Add the running head (symbol, pages 2+), the page-number footer and RTL for Arabic."""
    d = docx.Document(str(path))
    _name_fonts(d)
    section = d.sections[0]
    section.different_first_page_header_footer = True
    if doc.symbol:
        section.header.paragraphs[0].text = doc.symbol
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.alignment = 1
        _field(p, "PAGE")
    if doc.language == "ar":
        for p in d.paragraphs:
            ppr = p._p.get_or_add_pPr()
            bidi = etree.SubElement(ppr, qn("w:bidi"))
            bidi.set(qn("w:val"), "1")
            for r in p.runs:
                etree.SubElement(r._r.get_or_add_rPr(), qn("w:rtl"))
    d.save(str(path))
    if doc.language == "ar":
        _rtl_footnotes(path)


#: the fonts of ``resources/fonts`` named in every font slot of the document defaults:
#: (ascii/hAnsi, eastAsia, cs)
FONT_SLOTS = ("Noto Serif", "Droid Sans Fallback", "Noto Naskh Arabic")


def _name_fonts(d) -> None:
    """Name installed fonts in the defaults (``w:docDefaults``) of the document's styles.

    python-docx's template names only theme fonts (Cambria, and empty East Asian
    and complex-script slots), none of them installed here: LibreOffice then lays
    lines out with a substitute's metrics and draws glyphs from another fallback
    font, and mixed Han/digit lines and Arabic lines come out with glyphs drawn
    over each other.  A UN PDF embeds the fonts it was set in; naming the
    bundled faces (:data:`FONT_SLOTS`) gives LibreOffice the same fonts to lay
    out and to draw with.
    """
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    latin, east, cs = FONT_SLOTS
    for attr, name in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", cs)):
        fonts.set(qn(attr), name)


def _rtl_footnotes(path: Path) -> None:
    """Set every paragraph of ``word/footnotes.xml`` right to left (``w:bidi``)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    name = "word/footnotes.xml"
    if name not in members:
        return
    root = etree.fromstring(members[name])
    for p in root.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = etree.Element(qn("w:pPr"))
            p.insert(0, ppr)
        etree.SubElement(ppr, qn("w:bidi"))
    members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)


def _fontconfig(tmp: Path) -> Path:
    conf = tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{FONTS}</dir>\n  <cachedir>{tmp / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8")
    return conf


def convert(docx_files: list[Path], outdir: Path, timeout: float = 3600) -> None:
    """Convert ``docx_files`` to PDF in ``outdir`` with ONE soffice call (private profile)."""
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice is not installed")
    with tempfile.TemporaryDirectory(prefix="bd-lo-") as tmp:
        env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(Path(tmp))))
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, docx_files)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, env=env)


def akn_to_pdfs(docs: list[tuple[str, ParsedDocument]], outdir: Path) -> dict[str, Path]:
    """Write each ``(name, doc)`` as ``name.docx`` (dressed) and convert all in one batch.

    Returns name → PDF path for the PDFs LibreOffice produced.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    files = []
    for name, doc in docs:
        p = outdir / f"{name}.docx"
        write_docx(doc, p)
        dress_docx(p, doc)
        files.append(p)
    # one soffice call per batch of at most BATCH files: LibreOffice gives up part-way through
    # very long argument lists (measured: 247 of 2,143 converted in one call)
    for i in range(0, len(files), BATCH):
        convert(files[i:i + BATCH], outdir)
    missing = [f for f in files if not f.with_suffix(".pdf").exists()]
    if missing:   # one retry for what a batch left out
        convert(missing, outdir)
    return {name: outdir / f"{name}.pdf" for name, _d in docs if (outdir / f"{name}.pdf").exists()}


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff]")


_PRESENTATION = re.compile("[\ufb50-\ufdfb\ufe80-\ufefc]+")


def _fold(text: str) -> str:
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text.replace("\u2011", "-")))


def hyphen_folded(doc):
    """A copy of ``doc`` as a PDF text layer made by LibreOffice can give it back.

    Non-breaking hyphens (U+2011) become ``-`` (LibreOffice writes them with the
    code of ``-``); invisible format characters (left-to-right marks U+200E and
    the like, which print nothing) are removed; the text is put in Unicode
    normalisation form C, so canonically equivalent spellings compare equal
    (an Arabic shadda typed before or after its vowel is one glyph, whose text
    is one of the two orders); Arabic presentation forms (``ﻫ``, typed in some
    sources) are the letters whose shape they fix, printed with the same glyph.
    Applied to both sides of the ``pdf*`` comparison.
    """
    out = copy.deepcopy(doc)
    for p in out.paragraphs:
        p.text = _fold(p.text)
        if p.number is not None:
            p.number = _fold(p.number)
        for f in p.footnotes:
            f.text = _fold(f.text)
    return out
