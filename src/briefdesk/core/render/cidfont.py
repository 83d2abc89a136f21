"""Identity-H (two-byte, CID-keyed) embedding of a registered TrueType face in a ReportLab PDF.

ReportLab embeds a TrueType face as simple fonts of at most 256 glyphs each
(``TTFont``: subset 0, 1, 2 … in order of first use).  Chinese text touches
thousands of distinct characters, so it is spread over a dozen subsets and
consecutive characters are often in different ones: a line of Chinese
becomes many ``Tf``/``Tj`` pairs, and encoding it cost about a third of a
briefing pack's export time.  :class:`CIDTrueType` writes the face once, as
a composite font (PDF 32000-1:2008 §9.7):

* a **Type0** font with ``/Encoding /Identity-H`` (each character is a
  two-byte code equal to its CID) and a ``/ToUnicode`` CMap (§9.10.3) from
  each CID to its character, so text extraction and copying give back the
  stored characters (astral characters as UTF-16 surrogate pairs);
* its descendant **CIDFontType2** (§9.7.4) with ``/CIDSystemInfo``
  Adobe-Identity-0, the advance widths in a ``/W`` array (the same widths
  ReportLab measures with, from the face's ``hmtx``) and a
  ``/CIDToGIDMap`` stream from each CID to its glyph in the embedded
  subset;
* the subset itself, built by ReportLab's ``TTFontFile.makeSubset`` (which
  copies the used glyphs, and the components of composite glyphs, out of
  ``glyf`` and rewrites ``loca``/``hmtx``/``maxp``) and embedded as
  ``/FontFile2`` in a FontDescriptor made by ``addSubsetObjects``.

CIDs are given in order of first use (1, 2, …; 0 is ``.notdef``), one per
character, so two characters that share a glyph still copy as themselves.
The PDF text operator for a string is ``<hex> Tj`` (:meth:`CIDTrueType.hex`,
memoised per character).  The word-spacing operator ``Tw`` applies only to
the single-byte code 32 (§9.3.3), so it does not stretch spaces in these
fonts; :meth:`CIDTrueType.show_op` spreads them with ``TJ`` offsets instead.

The font's objects are written when the document is saved (it is one of
ReportLab's ``delayedFonts``), so characters may be added until then.
"""

from __future__ import annotations

import string
from struct import pack

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics

__all__ = ["CIDTrueType", "cid_font"]


class CIDTrueType:
    """One TrueType face embedded as a Type0/CIDFontType2 font in one ReportLab document.

    ``face`` is a face name registered with :mod:`reportlab.pdfbase.pdfmetrics` as a ``TTFont``;
    ``doc`` the canvas's ``PDFDocument``; ``number`` makes the resource name (``/BDCID<number>``)
    and the subset tag unique in the document.  Use :func:`cid_font` to get the one per canvas.
    """

    def __init__(self, face: str, doc, number: int) -> None:
        self.face = face
        self.ttf = pdfmetrics.getFont(face).face  # ReportLab's TTFontFace: cmap, widths, glyphs
        self.internal = f"BDCID{number}"
        #: Resource name as used in a ``Tf`` operator.
        self.name = "/" + self.internal
        self.chars: list[int] = []          # CID - 1 → code point
        self._hex: dict[str, str] = {}      # character → four hex digits of its CID
        tag = "".join(string.ascii_uppercase[(number // 26 ** k) % 26] for k in range(6))
        self.base_font = f"{tag}+{self.ttf.name.decode('latin-1')}"
        doc.delayedFonts.append(self)

    def _add(self, ch: str) -> str:
        self.chars.append(ord(ch))
        code = self._hex[ch] = f"{len(self.chars):04X}"
        return code

    def hex(self, text: str) -> str:
        """The two-byte codes of ``text`` as hexadecimal digits (four per character)."""
        get = self._hex.get
        codes = list(map(get, text))
        if None in codes:
            known = self._hex
            codes = [c if c is not None else known.get(ch) or self._add(ch) for c, ch in zip(codes, text)]
        return "".join(codes)

    def show_op(self, text: str, size: float, word_space: float = 0.0) -> str:
        """The operator that shows ``text`` (``<…> Tj``); with ``word_space`` (points, as ``Tw``
        would add after each space) a ``TJ`` array that moves the text on after every space."""
        if not word_space or " " not in text:
            return f"<{self.hex(text)}> Tj"
        shift = fp_str(-word_space * 1000.0 / size)
        parts = text.split(" ")
        space = self.hex(" ")
        items = [f"<{self.hex(p)}{space}> {shift}" for p in parts[:-1]]
        items.append(f"<{self.hex(parts[-1])}>")
        return f"[{' '.join(items)}] TJ"

    # -- PDF objects, at save time ------------------------------------------------

    def _to_unicode(self) -> bytes:
        """ToUnicode CMap (Adobe Technical Note #5411): CID (two bytes) → UTF-16BE."""
        lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                 f"/CMapName /{self.internal}-UCS def", "/CMapType 2 def",
                 "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
        entries = [f"<{cid:04X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
                   for cid, cp in enumerate(self.chars, 1)]
        for start in range(0, len(entries), 100):  # at most 100 entries per block
            block = entries[start:start + 100]
            lines.append(f"{len(block)} beginbfchar")
            lines.extend(block)
            lines.append("endbfchar")
        lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
        return "\n".join(lines).encode("ascii")

    def _cid_to_gid(self) -> bytes:
        """CID → glyph of the subset, in the order ``makeSubset`` numbers glyphs (first use)."""
        to_glyph = self.ttf.charToGlyph
        new: dict[int, int] = {0: 0}
        gids = [0]
        for cp in self.chars:
            old = to_glyph.get(cp, 0)
            gid = new.get(old)
            if gid is None:
                gid = new[old] = len(new)
            gids.append(gid)
        return pack(f">{len(gids)}H", *gids)

    def _stream(self, content: bytes, doc, **entries) -> pdfdoc.PDFStream:
        stream = pdfdoc.PDFStream(content=content)
        for key, value in entries.items():
            stream.dictionary[key] = value
        if doc.compression:
            stream.filters = [pdfdoc.PDFZCompress]
        return stream

    def addObjects(self, doc) -> None:  # noqa: N802 (ReportLab's name for delayed fonts)
        """Write the Type0 font, its CIDFont, FontDescriptor, embedded subset, widths, CID→GID map
        and ToUnicode CMap into ``doc`` and list the font in the pages' font resources."""
        if not self.chars:
            return
        face = self.ttf
        descriptor = face.addSubsetObjects(doc, self.base_font, self.chars)
        widths = " ".join(fp_str(face.getCharWidth(cp)) for cp in self.chars)
        cid_font = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": pdfdoc.PDFName(self.base_font),
            "CIDSystemInfo": "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>",
            "FontDescriptor": descriptor,
            "DW": fp_str(face.defaultWidth),
            "W": f"[1 [{widths}]]",
            "CIDToGIDMap": doc.Reference(self._stream(self._cid_to_gid(), doc),
                                         f"cidToGid:{self.internal}"),
        })
        type0 = pdfdoc.PDFDictionary({
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": pdfdoc.PDFName(self.base_font),
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{self.internal}")]),
            "ToUnicode": doc.Reference(self._stream(self._to_unicode(), doc), f"toUnicode:{self.internal}"),
        })
        doc.idToObject["BasicFonts"].dict[self.internal] = doc.Reference(type0, self.internal)


def cid_font(canv, face: str) -> CIDTrueType:
    """The :class:`CIDTrueType` of ``face`` for ``canv``'s document (made on first use)."""
    fonts = canv.__dict__.get("_bd_cid")
    if fonts is None:
        fonts = canv._bd_cid = {}
    font = fonts.get(face)
    if font is None:
        font = fonts[face] = CIDTrueType(face, canv._doc, len(fonts) + 1)
    return font
