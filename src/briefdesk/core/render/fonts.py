"""Fonts for PDF export: registration, per-script choice and mixed-script markup.

BriefDesk never uses the machine's fonts for output: every face is loaded
from ``resources/fonts`` (see ``resources/fonts/README.md`` for versions,
sources and licences) through :func:`briefdesk.core.resources.resource_path`,
so a PDF looks the same on every computer and embeds every glyph it uses.

Faces shipped (all TrueType outlines, which ReportLab can subset and embed;
it cannot embed CFF/OpenType-PostScript outlines):

* **Noto Serif** Regular/Bold/Italic/BoldItalic (SIL OFL 1.1) for Latin,
  Cyrillic and Greek;
* **Droid Sans Fallback Full** (Apache 2.0) for Chinese, Japanese kana and
  full-width CJK punctuation.  It has no bold or italic face; CJK text
  asked for in bold or italic is set in the regular face (ReportLab's
  paragraph markup has no synthetic bold), which matches Chinese UN
  practice of not italicising preambular verbs;
* **Noto Naskh Arabic** Regular/Bold (SIL OFL 1.1) for Arabic.  ReportLab
  neither shapes nor reorders Arabic without the optional ``uharfbuzz`` and
  ``rlbidi`` packages; :mod:`.rtl` does both (arabic-reshaper, python-bidi),
  :func:`markup` shaping and :class:`.rtl.BidiParagraph` reordering lines.
* **Noto Sans Phags-pa** Regular (SIL OFL 1.1), only as a last fallback for
  the CJK angle brackets ``〈〉`` and ``〚〛`` missing from Droid Sans Fallback.
* **AR PL UKai CN** (Arphic Public License), subset to the characters of
  the Chinese leading verbs BriefDesk knows (``scripts/subset_kai_font.py``,
  113 KB), only for the 楷体 of Chinese verbs (:func:`kai_markup`), as the
  official Chinese texts print them; never chosen by script or coverage.

Choice is by script first (:func:`script_of`, :func:`font_for`) and then by
coverage: a character the preferred face lacks (checked in its TrueType
``cmap``) is set in the first shipped face that has it (:func:`face_for_char`),
so no character prints as a missing-glyph box when any shipped face has it.
"""

from __future__ import annotations

import enum
import functools
import threading
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFError

from ..errors import ExportError
from ..fontfiles import FONT_FILES as _FONT_FILES
from ..fontfiles import KAI
from ..i18n import _
from ..resources import resource_path
from .rtl import shape

#: Family names as registered with ReportLab.
SERIF = "NotoSerif"
CJK = "DroidSansFallback"
ARABIC = "NotoNaskhArabic"

#: Face name → file in ``resources/fonts`` (kept in :mod:`..fontfiles`, which the window reads too).
FONT_FILES = _FONT_FILES


#: Faces tried last, for characters no script family has.  Noto Sans
#: Phags-pa (39 KB) carries the CJK angle brackets ``〈〉`` (U+3008/3009,
#: used inside ``《…》`` titles in Chinese) and ``〚〛``, which Droid Sans
#: Fallback lacks.
FALLBACK_FACES: tuple[str, ...] = ("NotoSansPhagsPa-Regular",)

# family → (regular, bold, italic, bold italic) face names
_FAMILIES: dict[str, tuple[str, str, str, str]] = {
    SERIF: ("NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSerif-BoldItalic"),
    CJK: ("DroidSansFallback",) * 4,
    ARABIC: ("NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold",
             "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"),
}

_lock = threading.Lock()
_registered = False
_cmaps: dict[str, frozenset[int] | dict[int, int]] = {}


class Script(str, enum.Enum):
    """Writing systems that decide the font family of a run of text.

    ``LATIN`` stands for every script Noto Serif covers (Latin, Cyrillic,
    Greek); ``CJK`` for Han, kana, Hangul and full-width forms; ``ARABIC``
    for the Arabic blocks.
    """

    LATIN = "latin"
    CJK = "cjk"
    ARABIC = "arabic"


_CJK_RANGES = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x2FF0, 0x303F), (0x3040, 0x31FF),
    (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
    (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF), (0x20000, 0x3FFFF),
)
_ARABIC_RANGES = (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _in(ranges: tuple[tuple[int, int], ...], cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def char_script(ch: str) -> Script | None:
    """The :class:`Script` of one character, or ``None`` for neutral ones.

    Neutral characters (spaces, ASCII digits and punctuation, symbols) take
    the script of the run they stand in, so ``"第14/1号决定"`` stays one CJK
    run and ``"decision 14/1"`` one Latin run.
    """
    try:
        return _char_scripts[ch]
    except KeyError:
        pass
    cp = ord(ch)
    if _in(_CJK_RANGES, cp):
        script = Script.CJK
    elif _in(_ARABIC_RANGES, cp):
        script = Script.ARABIC
    elif unicodedata.category(ch)[0] in "LM":
        script = Script.LATIN
    else:
        script = None
    _char_scripts[ch] = script
    return script


_char_scripts: dict[str, Script | None] = {}  # char_script memoised (a pure function of the character)


def script_of(text: str) -> Script:
    """The dominant script of ``text``: the one most of its letters belong to.

    Ties and text without letters give ``LATIN``.
    """
    counts = {s: 0 for s in Script}
    for ch in text:
        s = char_script(ch)
        if s is not None:
            counts[s] += 1
    best = max(counts.values())
    if best == 0:
        return Script.LATIN
    for s in (Script.LATIN, Script.CJK, Script.ARABIC):
        if counts[s] == best:
            return s
    return Script.LATIN  # pragma: no cover


def _family(script: Script) -> str:
    return {Script.LATIN: SERIF, Script.CJK: CJK, Script.ARABIC: ARABIC}[script]


def font_for(text_or_script: str | Script, *, bold: bool = False, italic: bool = False) -> str:
    """Registered face name for a run of text (or a :class:`Script`).

    CJK → ``DroidSansFallback`` (one face for all styles); Latin, Cyrillic,
    Greek → ``NotoSerif-…``; Arabic → ``NotoNaskhArabic-…`` (no italic).
    Does not register fonts; call :func:`register_fonts` before drawing.
    """
    script = text_or_script if isinstance(text_or_script, Script) else script_of(text_or_script)
    faces = _FAMILIES[_family(script)]
    return faces[(1 if bold else 0) + (2 if italic else 0)]


def register_fonts() -> None:
    """Register every shipped face with ReportLab (idempotent, thread-safe).

    Also maps each family's bold/italic faces so ``<b>``/``<i>`` markup
    resolves within the family.  Raises :class:`ExportError` when a font
    file is missing or unreadable (a broken installation).
    """
    global _registered
    with _lock:
        if _registered:
            return
        for face, filename in FONT_FILES.items():
            path = resource_path("fonts", filename)
            try:
                font = TTFont(face, str(path))
            except (OSError, TTFError) as exc:
                raise ExportError(_("The font file {file} could not be loaded: {reason}").format(
                    file=path, reason=exc)) from exc
            pdfmetrics.registerFont(font)
            _cmaps[face] = font.face.charToGlyph
        for family, (regular, bold, italic, bold_italic) in _FAMILIES.items():
            addMapping(family, 0, 0, regular)
            addMapping(family, 1, 0, bold)
            addMapping(family, 0, 1, italic)
            addMapping(family, 1, 1, bold_italic)
            for face in {regular, bold, italic, bold_italic}:
                addMapping(face, 0, 0, regular)
                addMapping(face, 1, 0, bold)
                addMapping(face, 0, 1, italic)
                addMapping(face, 1, 1, bold_italic)
        _registered = True


def covers(face: str, ch: str) -> bool:
    """Whether the registered ``face`` has a glyph for ``ch`` in its cmap.

    Whitespace and control characters count as covered (they are never drawn
    as glyphs by paragraph layout).
    """
    register_fonts()
    if ch.isspace() or unicodedata.category(ch) == "Cc":
        return True
    cmap = _cmaps.get(face)
    return cmap is not None and ord(ch) in cmap


@functools.lru_cache(maxsize=1 << 16)
def face_for_char(ch: str, preferred: str, *, bold: bool = False, italic: bool = False) -> str:
    """``preferred`` when it has a glyph for ``ch``, else the first shipped face that has.

    The fallback order is the same style in Noto Serif, Droid Sans Fallback,
    Noto Naskh Arabic, then :data:`FALLBACK_FACES`.  Returns ``preferred`` when no face has the glyph.
    """
    if covers(preferred, ch):
        return preferred
    for script in (Script.LATIN, Script.CJK, Script.ARABIC):
        face = font_for(script, bold=bold, italic=italic)
        if covers(face, ch):
            return face
    for face in FALLBACK_FACES:
        if covers(face, ch):
            return face
    return preferred


def split_runs(text: str, *, bold: bool = False, italic: bool = False) -> list[tuple[str, str]]:
    """Cut ``text`` into ``(run, face)`` pairs so every glyph is in its face.

    Runs follow script changes (:func:`char_script`); neutral characters
    join the run before them (or after them at the start of the text);
    characters the run's face lacks get a face that has them
    (:func:`face_for_char`).  Concatenating the runs gives back ``text``.
    """
    register_fonts()
    if not text:
        return []
    scripts = [char_script(c) for c in text]
    # neutral characters take the script of the preceding letter, or the next one
    current = next((s for s in scripts if s is not None), Script.LATIN)
    resolved: list[Script] = []
    for s in scripts:
        if s is not None:
            current = s
        resolved.append(current)
    runs: list[tuple[str, str]] = []
    for ch, script in zip(text, resolved):
        face = face_for_char(ch, font_for(script, bold=bold, italic=italic), bold=bold, italic=italic)
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + ch, face)
        else:
            runs.append((ch, face))
    return runs


def markup(text: str, *, bold: bool = False, italic: bool = False) -> str:
    """ReportLab Paragraph markup for ``text``: escaped, one ``<font name=…>`` per run.

    Example: ``markup("第14/1号决定 (Decision)")`` gives
    ``'<font name="DroidSansFallback">第14/1号决定 (</font><font name="NotoSerif-Regular">Decision)</font>'``.
    Every character's face has a glyph for it where any shipped face has one.
    Arabic is shaped first (:func:`.rtl.shape`: contextual presentation forms,
    still in logical order); draw Arabic paragraphs with
    :class:`.rtl.BidiParagraph` so each line is also put right to left.
    """
    text = shape(text)
    return "".join(f'<font name="{face}">{escape(run)}</font>'
                   for run, face in split_runs(text, bold=bold, italic=italic))


def kai_markup(text: str) -> str:
    """Like :func:`markup`, with every Han character the 楷体 face has set in it (:data:`KAI`);
    the rest (digits, punctuation, a rare character outside GB 2312) as :func:`markup` sets it."""
    out: list[str] = []
    for run, face in split_runs(text):
        if face == CJK:
            for ch in run:
                chosen = KAI if covers(KAI, ch) and not ch.isspace() else CJK
                if out and out[-1][1] == chosen:
                    out[-1] = (out[-1][0] + ch, chosen)
                else:
                    out.append((ch, chosen))
        else:
            out.append((run, face))
    return "".join(f'<font name="{face}">{escape(run)}</font>' for run, face in out)
