"""Page furniture and mastheads of published UN, CBD and FAO PDFs (ODS layout).

The rules follow how the United Nations Official Document System (ODS)
sets a document (UN Editorial Manual; Department for General Assembly and
Conference Management house style), and how the CBD and ITPGRFA
secretariats set theirs:

* **page 1 masthead**: ``United Nations`` and the symbol on the top line,
  the body's name in large type (``General Assembly``, ``Security Council``,
  both for a joint document), and on the right ``Distr.: General``, the
  date of issue and ``Original: English``; the block ends at a rule drawn
  across the page (two on ODS page 1: under the top line, and under the
  block).  Everything above the lower rule is the masthead.  CBD and FAO
  documents print the symbol, the date of issue and ``Original:`` top right
  above their own rule, with no ``Distr.`` line;
* **running heads**: on later pages the symbol (and, for a joint document,
  both symbols) above a rule across the top of the page;
* **page foot**: the job number with the language and date of processing
  (``18-17962 (E) 021118``), the barcode (``*1817962*``), ``Please
  recycle``, and page numbers ``2/5`` (also written into one line with the
  job number: ``2/5 18-17962``);
* **footnote separator**: a short row of underscores drawn as text
  (``__________________``) instead of a rule; it is turned into a rule so the
  footnote pass finds the notes under it.

Everything removed is recorded (the line's text, markers included), so a
test can check that the text layer's words are the stored words plus these.

Public API: :func:`strip_ods_furniture` (works on the reader's page objects:
``lines`` with ``text``/``plain``/``y0``/``y1``/``x0``/``x1``/``size``,
``rules``, ``width``, ``height``, ``number``), :class:`Masthead`,
:func:`apply_masthead`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..document import DocumentKind, ParagraphKind, ParsedDocument
from ..symbols import SYMBOL_RE
from .structure import FN_CLOSE, FN_OPEN, first_date, is_report_title, recognised_date

__all__ = ["Masthead", "strip_ods_furniture", "apply_masthead", "line_text", "line_words"]

#: names of bodies as ODS mastheads print them, for a masthead line drawn without spaces
#: (``GeneralAssembly``: glyphs placed one by one in a large face)
BODIES = ["General Assembly", "Security Council", "Economic and Social Council", "Trusteeship Council",
          "Human Rights Council", "International Court of Justice", "Secretariat",
          "Conference of the Parties to the Convention on Biological Diversity",
          "Assemblée générale", "Conseil de sécurité", "Conseil économique et social",
          "Asamblea General", "Consejo de Seguridad", "Генеральная Ассамблея", "Совет Безопасности"]

_JOB = r"\d{2}-\d{5}\**(?:\s*\([A-Z]\))?(?:\s+\d{6})?"
_FOOT_TOKEN = re.compile(
    rf"^(?:{_JOB}|\*\d{{6,8}}\*|Please\s+recycle|\d{{1,4}}\s*/\s*\d{{1,4}}|[A-Z]{{1,3}}\d{{2,6}}\.?[A-Z]?)$")
_FOOT_LINE = re.compile(
    rf"^(?:\d{{1,4}}/\d{{1,4}}\s+)?{_JOB}(?:\s+\d{{1,4}}/\d{{1,4}})?$|^\*\d{{6,8}}\*$|^Please\s+recycle$|"
    rf"^\d{{1,4}}\s*/\s*\d{{1,4}}$|^Page\s+\d{{1,4}}(?:\s+of\s+\d{{1,4}})?$", re.IGNORECASE)
#: a page-foot line with its spaces taken out: page number and job number run together
#: (``2/518-17962``, ``25-186863/4``, ``18-17962(E)021118``)
_FOOT_SQUEEZED = re.compile(r"^(?:\d{1,4}(?:/\d{1,4})?)?\d{2}-\d{5}\**(?:\([A-Z]\)(?:\d{6})?)?(?:\d{1,4}(?:/\d{1,4})?)?$")
#: words printed at the foot of page 1 beside the barcode
_FOOT_WORDS = re.compile(r"Please\s+recycle|Accessible\s+document", re.IGNORECASE)
_BARCODE = re.compile(r"^\*\d{6,8}\*$")
_UNDERSCORES = re.compile(r"^_{5,}$")
_DISTR = re.compile(r"\bDistr\.?\s*:\s*(General|Limited|Restricted|Générale|Limitée|General|Limitada|Restringida)\b"
                    r"|\bDistr\.?\s*:?\s*$", re.IGNORECASE)
_ORIGINAL = re.compile(r"\bOriginal\s*:\s*([A-Z][a-z]+(?:/[A-Z][a-z]+)*)")


def line_text(text: str) -> str:
    """A line's text with footnote tokens opened (``2/5␀18␁-␀17962␁`` → ``2/5 18-17962``).

    Small raised digits in a page foot are not footnote markers but the job
    number set in a smaller face: read as the digits they are.
    """
    text = re.sub(rf"(\w){FN_OPEN}", rf"\1 {FN_OPEN}", text)
    return re.sub(r"\s+", " ", text.replace(FN_OPEN, "").replace(FN_CLOSE, "")).strip()


def line_words(line) -> str:
    """A reader line's whole text: a number set apart before it, then :func:`line_text`."""
    text = line_text(line.text)
    number = getattr(line, "number", None)
    return f"{number} {text}".strip() if number else text


@dataclass
class Masthead:
    """What an ODS/CBD masthead says.

    ``symbol`` as printed (a joint symbol joined by an en dash, as the UN
    writes it: ``A/80/434–S/2025/632``); ``bodies`` the body names in the
    order printed; ``issued`` the date of issue under ``Distr.``;
    ``original`` the language of the original (``English``); ``lines`` the
    masthead's lines as read.
    """

    symbol: str | None = None
    bodies: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    original: str = ""
    distribution: str = ""
    lines: list[str] = field(default_factory=list)
    #: the lines under the masthead set left of the text column: session, year, agenda
    #: item and its title (``Seventy-third session``, ``Agenda item 30``)
    session_block: list[str] = field(default_factory=list)
    #: a typed document of the 1980s–1990s (:func:`_strip_typed_layout`), and whether a
    #: centred title was found under its session block (a letter may have none)
    typed: bool = False
    titled: bool = False
    #: a printed meeting record of the Official Records (:func:`_strip_records_layout`): its
    #: session as printed, the meeting's date, and its committee and meeting as its title
    session: str = ""
    meeting_date: dt.date | None = None
    title: str = ""


def _full_rules(page) -> list[float]:
    """y of rules drawn across the page (segments at one height covering 60 % of its width)."""
    by_y: dict[int, float] = {}
    for x0, x1, y in page.rules:
        by_y[round(y)] = by_y.get(round(y), 0.0) + (x1 - x0)
    return sorted((y for y, w in by_y.items() if w >= 0.6 * page.width), reverse=True)


def _body_names(text: str) -> list[str]:
    squeezed = re.sub(r"\s+", "", text).lower()
    found = []
    for name in BODIES:
        i = squeezed.find(name.replace(" ", "").lower())
        if i >= 0:
            found.append((i, name))
    return [n for _i, n in sorted(found)]


def _read_masthead(lines: list) -> Masthead:
    mh = Masthead(lines=[line_words(ln) for ln in lines])
    symbols: list[str] = []
    for ln in lines:
        text = line_words(ln)
        m = _DISTR.search(text)
        if m:
            mh.distribution = (m.group(1) or "").strip()
        m = _ORIGINAL.search(text)
        if m:
            mh.original = m.group(1)
        if mh.issued is None:
            mh.issued = first_date(text)
        for name in _body_names(text):
            if name not in mh.bodies:
                mh.bodies.append(name)
        rest = re.sub(r"^United Nations\s*", "", text)
        for sm in SYMBOL_RE.finditer(rest):
            # a joint symbol is printed joined by a dash (A/80/434-S/2025/632; the UN writes an en dash)
            sym = re.sub(r"[-–](?=[A-Z]{1,4}/)", "–", sm.group(1))
            tail = rest[sm.end():]
            year = re.match(r"\s*(\(\d{4}\))", tail)   # a Security Council resolution: S/RES/2803 (2025)
            if year:
                sym += " " + year.group(1)
            symbols.append(sym)
    if symbols:
        # a joint document: one symbol per body, printed joined (A/80/434-S/2025/632)
        mh.symbol = "–".join(dict.fromkeys(symbols))
    return mh


#: the typewriter masthead of the 1980s–1990s (UN documents typed, then scanned or printed to PDF):
#: ``Distr.`` alone at the head of the right-hand block, ``GENERAL`` under it, the symbols, the
#: date of issue and ``ORIGINAL: ENGLISH`` in capitals; text recognition reads the colon as
#: ``8``, ``1`` or ``;`` (``ORIGINAL8 ENGLISH``)
_OLD_DISTR = re.compile(r"\bDistr\.?\s*$|\bDistr\.?\s+[A-Z]{5,}\b")
_OLD_ORIGINAL = re.compile(r"\bORIGINAL\s*[^\sA-Za-z]?\s+[A-Z]{4,}|\bORIGINAL\s*[:;]\s*[A-Z]{4,}")
#: a body named in capitals at the head of the session block (``GENERAL ASSEMBLY``)
#: (any body of :data:`BODIES`: the Conference of the Parties to the CBD sets its documents of
#: the period the same way, "CONFERENCE OF THE PARTIES TO THE CONVENTION ON BIOLOGICAL
#: DIVERSITY / Eighth meeting / … / Item 25.4 of the provisional agenda*"; a typewriter's
#: capitals carry no accents: "ASSEMBLEE GENERALE")
def _typed_capitals(text: str) -> str:
    """``text`` as a typewriter or a printer's capitals give it: upper case, accents dropped,
    runs of space as one (``Assemblée générale`` → ``ASSEMBLEE GENERALE``)."""
    return " ".join(unicodedata.normalize("NFKD", text.upper()).encode("ascii", "ignore").decode().split())


_OLD_BODY = re.compile(r"^(?:" + "|".join(sorted({re.escape(v) for b in BODIES for v in (
    b.upper(), _typed_capitals(b)) if v.strip()}, key=len, reverse=True)) + r")\b")   # (Cyrillic leaves nothing)
#: the job number at the foot of a typed page, with the typist's code and the language:
#: ``94-28529 (E) 140794``, ``90-05282 1299c (E)``, ``90-08730 1 9 2 1 a ( E )``; then the
#: continuation mark ``/...`` at the right
_OLD_JOB = re.compile(r"^[\dgoOIl]{2}-\d{5}\b[^()]{0,16}\(\s*[A-Z]\s*[)lI1]\s*[\s\d]*(?:/[\s.*,]*)?$")
_CONTINUED = re.compile(r"^/\s*[.*,]\s*[.*,]\s*[.*,]?\s*$")
#: a footnote separator typed as underscores, as text recognition reads it (``___--``)
_TYPED_RULE = re.compile(r"^(?=.*_{2})[_\-]{4,}$")
#: the end mark of a typed document, a row of hyphens (``-----``)
_END_MARK = re.compile(r"^(?=.*-)[-_\s]{3,}$")
#: a running head line of a typed page: a symbol, the language, the page (``A/45/155``,
#: ``S/21174``, ``English``, ``Page 2``)
_OLD_HEAD = re.compile(r"^(?:English|French|Spanish|Russian|Arabic|Chinese|Page\s+\d{1,4})$")
#: text recognition reads a symbol's series letter in lower case now and then (``s/21225``)
_LOWER_SERIES = re.compile(r"^([a-z])(?=/[0-9A-Z])")


def _opens_block(text: str) -> bool:
    """Whether a line opens a typed session block: a body's name in capitals, or its first
    words when the name runs over two lines (``CONFERENCE OF THE PARTIES TO THE``)."""
    if _OLD_BODY.match(text):
        return True
    words = text.split()
    if len(words) < 3 or not text.isupper():
        return False
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return any(unicodedata.normalize("NFKD", b.upper()).encode("ascii", "ignore").decode().startswith(
        ascii_text + " ") for b in BODIES)


def _old_symbol(text: str) -> str | None:
    """The symbol when ``text`` (a masthead or running-head line) is one alone, else ``None``;
    a series letter read in lower case by text recognition is given back its capital."""
    text = _LOWER_SERIES.sub(lambda m: m.group(1).upper(), text.strip())
    m = SYMBOL_RE.match(text)
    return m.group(1) if m else None


def _running_head(text: str) -> list[str] | None:
    """The symbols of a typed page's running head line (``A/45/155``, ``S/21174 English Page 2``,
    ``s/14938**``), ``[]`` for a line of the language or page alone, ``None`` for any other line."""
    rest = re.sub(r"\b(?:English|French|Spanish|Russian|Arabic|Chinese)\b|\bPa[gq][eo]\s+\d{1,4}\b", " ", text)
    syms = []
    for word in rest.split():
        sym = _old_symbol(word)
        if sym is None or not re.fullmatch(r"[*]*", _LOWER_SERIES.sub(
                lambda m: m.group(1).upper(), word)[len(sym):]):
            return None
        syms.append(sym)
    return syms if syms or rest != text else None


#: the words that end the left block of a printed Official Records masthead
_RECORDS = re.compile(r"^(?:Official\s+Records|Documents\s+officiels|Documentos\s+oficiales|"
                      r"Официальные\s+отчеты)$", re.IGNORECASE)
#: the meeting named in the right block ("FOURTH COMMITTEE, 985th MEETING")
_RECORDS_MEETING = re.compile(r"\b(?:MEETING|S[EÉ]ANCE|SESI[OÓ]N|ЗАСЕДАНИЕ)\b", re.IGNORECASE)
#: the session in the left block, in capitals ("FOURTEENTH SESSION", "QUATORZIEME SESSION")
_RECORDS_SESSION = re.compile(r"\b(?:SESSION|SESI[OÓ]N|СЕССИЯ)\b", re.IGNORECASE)
#: the printer's line at the foot of the last page ("77402-July 1960-950": job, month and
#: year of printing, copies)
_PRINTER_LINE = re.compile(r"^\d{3,6}\s*[-–—]\s*[^\W\d_]+\.?\s+\d{4}\s*[-–—]\s*\d{2,6}$")
#: a running head of a printed record: the page number, then the body, session and committee
#: ("652 Assemblée générale - Quatorzième session - Quatrième Commission"), or the meeting and
#: its date, then the page number ("985ème séance - 4 décembre 1959 653")
_RECORDS_HEAD = re.compile(r"^\d{1,4}\s+\S.*\s[-–—]\s.*\S$|^\S.*\s[-–—]\s.*\s\d{1,4}$")


def _strip_records_layout(pages: list, removed: list[str], split_line=None) -> Masthead | None:
    """The masthead and furniture of a meeting record printed in the Official Records
    (General Assembly committees and plenary, 1946 to the 1970s), or ``None``.

    The layout, as the printed fascicles set it (A/C.4/SR.985, 1959): above two columns,
    on the left ``United Nations`` (``Nations Unies``), the body in large capitals
    (``GENERAL ASSEMBLY``, over two lines ``ASSEMBLEE`` / ``GENERALE``), the session in
    capitals and ``Official Records`` (``Documents officiels``); on the right the committee
    and meeting (``FOURTH COMMITTEE, 985th MEETING``), the day and hour (``Friday, 4 December
    1959, at 10.50 a.m.``) and the place (``NEW YORK``).  Page 1's foot carries the page
    number and the symbol; later pages a running head with the page number (the body,
    session and committee on even pages, the meeting and its date on odd ones); the last page
    the printer's line (``77402-July 1960-950``).  Everything named here is taken off and
    recorded in ``removed``; the body, session, meeting date and title (the committee and
    meeting, as printed) are read from the masthead.
    """
    first = pages[0]
    records = next((ln for ln in first.lines if ln.y0 > first.height * 0.7
                    and _RECORDS.match(line_words(ln).strip())), None)
    if records is None:
        return None
    head = [ln for ln in first.lines if ln.y0 >= records.y0 - 0.5 * records.size]
    # the two blocks side by side: a line read across both ("United Nations" beside "FOURTH
    # COMMITTEE, 985th", set at nearly one height) is parted at the page's middle
    parts = []
    for ln in head:
        parts += [x for x in (split_line(ln, first.width / 2) if split_line else (ln,)) if x is not None]
    right = sorted((ln for ln in parts if ln.x0 >= first.width / 2), key=lambda ln: -ln.y0)
    if not any(_RECORDS_MEETING.search(line_words(ln)) for ln in right):
        return None

    left = sorted((ln for ln in parts if ln.x0 < first.width / 2), key=lambda ln: -ln.y0)
    mh = Masthead(lines=[line_words(ln) for ln in head])
    joined = _typed_capitals(" ".join(line_words(ln) for ln in left))
    mh.bodies = [b for b in BODIES if _typed_capitals(b) in joined][:1]
    mh.session = next((" ".join(line_words(ln).split()) for ln in left
                       if _RECORDS_SESSION.search(line_words(ln))), "")
    title: list[str] = []
    for ln in right:
        text = " ".join(line_words(ln).split())
        date = first_date(text)
        if date is not None:
            mh.meeting_date = date
            break
        title.append(text)
    mh.title = " ".join(title)
    ids = {id(ln) for ln in head}
    removed.extend(line_words(ln) for ln in head)
    first.lines = [ln for ln in first.lines if id(ln) not in ids]
    for page in pages:
        keep = []
        for ln in page.lines:
            text = " ".join(line_words(ln).split())
            foot = ln.y1 < page.height * 0.08
            if page.number > 1 and ln.y0 > page.height * 0.9 and _RECORDS_HEAD.match(text):
                removed.append(text)   # running head
                continue
            if foot and (_PRINTER_LINE.match(text) or (page.number == 1 and all(
                    "/" in t or not re.search(r"[^\W\d_]", t) for t in text.split()))):
                # the printer's line; page 1's page number and symbol, however recognition read
                # them (".985", "A/C,4/SR"): figures and slashed tokens, no word
                removed.append(text)
                # (a symbol whole: "A/C,4/SR", a comma read for a dot, is none)
                found = [t for t in text.split() if SYMBOL_RE.fullmatch(t)] if page.number == 1 else []
                if found and mh.symbol is None:
                    mh.symbol = found[0]
                continue
            keep.append(ln)
        page.lines = keep
    return mh


def _strip_typed_layout(pages: list, removed: list[str], split_line=None) -> Masthead | None:
    """The masthead and furniture of a typed UN document of the 1980s–1990s, or ``None``.

    The layout (UN Secretariat typing instructions of the period, as printed on
    e.g. A/45/155, A/49/230, S/14938): ``UNITED NATIONS`` and the emblem top
    left, the body's name (``General Assembly Security Council``), and on the
    right ``Distr.`` / ``GENERAL`` / the symbols one per line / the date of
    issue / ``ORIGINAL: ENGLISH``; under it the session block in capitals,
    the General Assembly's on the left (``GENERAL ASSEMBLY`` / ``Forty-fifth
    session`` / ``Items 23, 35 and 78 of the preliminary list*`` / the items'
    titles, a continued line indented) and the Security Council's on the
    right (``SECURITY COUNCIL`` / ``Forty-fifth year``).  Later pages carry
    the symbols, the language and ``Page 2`` as a running head at the top;
    each page ends with the job number (``94-28529 (E) 140794``) and ``/...``;
    the text ends with a row of hyphens.  The symbols are taken from the
    running heads where there are some: they are typed in the body's face,
    away from the stamps and hand marks around the masthead, and text
    recognition reads them better (``A/45/155J`` in the masthead, where a
    tick was drawn beside it, is ``A/45/155`` on page 2).
    """
    first = pages[0]
    top = [ln for ln in first.lines if ln.y0 > first.height * 0.55]
    distr = next((ln for ln in top if _OLD_DISTR.search(line_words(ln))), None)
    original = next((ln for ln in top if _OLD_ORIGINAL.search(line_words(ln))), None)
    if distr is None:
        return None
    if original is None or original.y0 > distr.y0:
        # text recognition lost the ORIGINAL line (A/35/789, whose layer kept only "Distr.
        # GENXRALE" and "FRANCELIS" of the right-hand block): the masthead ends where the
        # session block opens under it, with a body's name in capitals
        opener = next((ln for ln in first.lines if ln.y0 < distr.y0 and ln.y0 > first.height * 0.5
                       and _opens_block(line_words(ln))), None)
        if opener is None:
            return None
        original = opener
        low = opener.y1
    else:
        low = original.y0 - 1
    # marks under the block (a stamp, a hand mark read as text) down to the session block
    # belong to the masthead when the session block follows within a few lines
    start = next((ln for ln in first.lines if ln.y0 < low and _opens_block(line_words(ln))), None)
    if start is not None and low - start.y0 < 8 * original.size:
        low = start.y1
    head = [ln for ln in first.lines if ln.y0 >= low]
    mh = _read_masthead(head)
    if mh.issued is None:
        # the date of issue with specks read as dashes around it ("-25 March-1991"), or with a
        # letter of its month misread by text recognition ("2 Aprii 1990")
        mh.issued = next((d for d in (recognised_date(re.sub(r"[-_~]", " ", line_words(ln))) for ln in head)
                          if d), None)
    # the symbols: one per line in the right-hand block
    column = original.x0
    symbols = []
    for ln in head:
        for part in (split_line(ln, column - ln.size) if split_line else (ln,)):
            sym = _old_symbol(line_words(part)) if part is not None else None
            if sym and sym not in symbols:
                symbols.append(sym)
    ids = {id(ln) for ln in head}
    removed.extend(line_words(ln) for ln in head)
    first.lines = [ln for ln in first.lines if id(ln) not in ids]
    # the session block: from a body's name in capitals to the first wider gap
    block = []
    for ln in first.lines:
        if not block:
            if not _opens_block(line_words(ln)):
                break
        elif block[-1].y0 - ln.y0 > 1.6 * max(ln.size, block[-1].size):
            break
        block.append(ln)
    if block:
        left, right = [], []
        for ln in block:
            a, b = split_line(ln, column - ln.size) if split_line else (ln, None)
            left += [a] if a is not None else []
            right += [b] if b is not None else []
        at = first.lines.index(block[0])
        others = [ln for ln in first.lines if ln not in block]
        for col in (left, right):
            for i, ln in enumerate(col):
                ln.alone = ln.title = True
                # a line indented under the one before continues its item
                ln.cont = i > 0 and ln.x0 > col[0].x0 + 0.5 * ln.size
        first.lines = others[:at] + left + right + others[at:]
        items: list[str] = []
        for ln in left + right:
            if ln.cont and items:
                items[-1] += " " + line_words(ln)
            else:
                items.append(line_words(ln))
        # (a typed marker after an item, "preliminary list*", is the note's: not the item's words)
        mh.session_block = [re.sub(r"[*†‡]+$", "", t) for t in items]
        # the bodies the session block names in capitals ("CONFERENCE OF THE PARTIES TO THE
        # CONVENTION ON BIOLOGICAL DIVERSITY"), by their names, in the order of their blocks (the
        # masthead may set one higher)
        for t in items:
            name = next((b for b in BODIES if _typed_capitals(t) == _typed_capitals(b)), None)
            if name and name not in mh.bodies:
                mh.bodies.append(name)
        heads_up = [_typed_capitals(t) for t in items]
        mh.bodies.sort(key=lambda b: next((i for i, t in enumerate(heads_up) if t.startswith(_typed_capitals(b))),
                                          99))
    # the title: the lines after the session block up to the next wider gap, centred
    rest = first.lines[first.lines.index(block[-1]) + 1:] if block else first.lines
    rest = [ln for ln in rest if not ln.alone]
    title = []
    for ln in rest:
        if title and title[-1].y0 - ln.y0 > 1.6 * max(ln.size, title[-1].size):
            break
        title.append(ln)
    text_left = min((ln.x0 for ln in rest), default=0.0)
    if title and all(ln.x0 > text_left + 3 * ln.size for ln in title) \
            and not re.search(r"[.,;:]$", line_words(title[-1])):
        for ln in title:
            ln.title = True
        mh.titled = True
    mh.typed = True
    heads: Counter = Counter()
    place: dict[str, float] = {}
    for page in pages:
        page.typed_notes = True
        keep = []
        for ln in page.lines:
            text = line_words(ln)
            head_syms = _running_head(text)
            if page.number > 1 and head_syms is not None and (
                    not keep and ln.y0 > page.height * 0.75 or ln.y0 > page.height * 0.85):
                # (a head line under a mark read as text is still in the page's top margin)
                removed.append(text)   # running head
                heads.update(list(dict.fromkeys(head_syms)))   # (once a line; a set would order them by hash)
                for sym in head_syms:   # where it stands in the head: the symbols' printed order
                    place[sym] = min(place.get(sym, 99.0), page.height - ln.y0 + ln.x0 / page.width)
                continue
            if ln.y1 < page.height * 0.2 and (_OLD_JOB.match(text) or _CONTINUED.match(text)):
                removed.append(text)
                continue
            if _UNDERSCORES.match(ln.plain.strip()) or _TYPED_RULE.match(text.replace(" ", "")):
                page.rules.append((ln.x0, ln.x1, (ln.y0 + ln.y1) / 2))
                removed.append(text)
                continue
            if _END_MARK.match(text):
                removed.append(text)
                continue
            keep.append(ln)
        page.lines = keep
    # the symbols most pages carry (text recognition misreads one page's now and then)
    top = max(heads.values(), default=0)
    heads_read = sorted((sym for sym in heads if heads[sym] * 2 >= top), key=lambda sym: place[sym])
    if heads_read and len(heads_read) >= len(symbols):
        symbols = heads_read
    if symbols:
        mh.symbol = "–".join(symbols)
    return mh


def strip_ods_furniture(pages: list, removed: list[str], split_line=None) -> Masthead | None:
    """Take the masthead, running heads, page-foot furniture and text footnote separators off ``pages``.

    ``pages``: the reader's pages (changed in place); ``removed``: receives the
    text of every line taken off.  Returns the page-1 masthead when the
    document has one in the ODS/CBD layout (its top lines carry a document
    symbol and ``Distr.``, ``Original:`` or a date of issue, above a rule
    across the page), else ``None``.

    ``split_line(line, x)``: the reader's function making two lines of the
    glyphs left and right of ``x`` (either may be ``None``).  A joint
    document sets its session block in two columns (``General Assembly`` /
    ``Eightieth session`` / ``Agenda item 53`` beside ``Security Council`` /
    ``Eightieth year``); they are read column by column.
    """
    masthead = None
    ods = False
    if pages and pages[0].lines:
        typed = _strip_typed_layout(pages, removed, split_line)
        if typed is not None:
            return typed
        printed = _strip_records_layout(pages, removed, split_line)
        if printed is not None:
            return printed
    if pages:
        first = pages[0]
        rules = [y for y in _full_rules(first) if y > first.height * 0.5]
        if rules:
            low = min(rules)
            # the rule closing the masthead is the first one under its Distr./date/Original lines;
            # a rule further down opens something else (the box round a report's summary)
            marks = [ln.y0 for ln in first.lines if ln.y0 > low and (
                _DISTR.search(line_words(ln)) or _ORIGINAL.search(line_words(ln)))]
            if marks:
                low = max((y for y in rules if y < min(marks)), default=low)
            above = [ln for ln in first.lines if ln.y0 > low]
            texts = " ".join(line_words(ln) for ln in above)
            if above and SYMBOL_RE.search(texts) and (_DISTR.search(texts) or _ORIGINAL.search(texts)
                                                      or first_date(texts)):
                masthead = _read_masthead(above)
                ods = True
                ids = {id(ln) for ln in above}
                removed.extend(line_words(ln) for ln in above)
                first.lines = [ln for ln in first.lines if id(ln) not in ids]
                # the session block: lines set left of the text column, one paragraph each
                lefts = Counter(round(ln.x0) for p in pages[:3] for ln in p.lines)
                column = lefts.most_common(1)[0][0] if lefts else 0
                block = []
                for ln in first.lines:   # the lines right under the masthead, left of the column
                    if not (ln.x0 < column - 30 and ln.y0 > first.height * 0.5):
                        break
                    block.append(ln)
                if block and split_line is not None:
                    mid = first.width / 2
                    left, right = [], []
                    for ln in block:
                        a, b = split_line(ln, mid)
                        left += [a] if a is not None else []
                        right += [b] if b is not None else []
                    if right:
                        at = first.lines.index(block[0])
                        others = [ln for ln in first.lines if ln not in block]
                        first.lines = others[:at] + left + right + others[at:]
                        block = left + right
                for ln in block:
                    ln.alone = True
                    if not _LEADERS.search(line_words(ln)):
                        # (a meeting record's members, "China . . . Mr. Fu Cong", one a line, are
                        # not its session)
                        masthead.session_block.append(line_words(ln))
    for page in pages:
        keep = []
        top_rules = [y for y in _full_rules(page) if y > page.height * 0.85]
        top = max(top_rules) if top_rules else None
        body_lines = [ln for ln in page.lines]
        for ln in body_lines:
            text = line_words(ln)
            if ods and page.number > 1 and top is not None and ln.y0 > top:
                removed.append(text)   # running head: the symbol(s) above the rule
                continue
            if text == str(page.number) and (ln.y1 < page.height * 0.12 or ln.y0 > page.height * 0.88):
                removed.append(text)   # the page's number alone at its foot or head (S/PV.4507: "2")
                continue
            rest = _FOOT_WORDS.sub(" ", text).split()
            if ln.y1 < page.height * 0.12 and (_FOOT_LINE.match(text) or _FOOT_SQUEEZED.match(re.sub(r"\s", "", text))
                                               or (text and all(_FOOT_TOKEN.match(w) for w in rest)
                                                   and (ods or any(_BARCODE.match(w) for w in rest)))):
                removed.append(text)
                continue
            if _UNDERSCORES.match(ln.plain.strip()):
                # a footnote separator typed as underscores: a rule for the footnote pass
                page.rules.append((ln.x0, ln.x1, (ln.y0 + ln.y1) / 2))
                removed.append(text)
                continue
            keep.append(ln)
        page.lines = keep
    return masthead


#: the line closing a resolution: the meeting it was adopted at and the date
_CLOSING = re.compile(r"^\d+(?:st|nd|rd|th) (?:plenary )?meeting(?: \d{1,2} [A-Z][a-z]+ \d{4})?$")
#: ("Forty--fifth year": text recognition reads a typed hyphen as two; the session is written
#: with one, :func:`_session_name`)
_SESSION_LINE = re.compile(r"\b([A-Z][a-z]+(?:-+[a-z]+)? (?:special |emergency special )?(?:session|year|meeting))\b"
                           # French: an ordinal ("Trente-cinquième session", "Trente-cinquième année")
                           r"|(?<!\w)([A-Z][a-zà-ÿ]+(?:-+[a-zà-ÿ]+)*i[eè]me (?:session|année))(?!\w)")


def _session_name(match: re.Match) -> str:
    """The session a :data:`_SESSION_LINE` match names, its ordinal's hyphen written once."""
    return re.sub(r"-{2,}", "-", match.group(1) or match.group(2))
_GB_SESSION = re.compile(r"^([A-Z]+(?:-[A-Z]+)?) SESSION OF THE GOVERNING BODY$")
ITPGRFA_BODY = "Governing Body of the International Treaty on Plant Genetic Resources for Food and Agriculture"
_SC_ADOPTED = re.compile(r"Adopted by the Security Council at its (\d+)(?:st|nd|rd|th) meeting,? on\s+(.+)$")
_RESOLUTION_NO = re.compile(r"^Resolution\s+(\d+)\s+\((\d{4})\)$")
_ITPGRFA_RES = re.compile(r"^RESOLUTION\s+(\d+/\d{4})$", re.IGNORECASE)
_CBD_DECISION = re.compile(r"Decision adopted by the Conference of the Parties to the Convention on Biological Diversity")


#: dot leaders between a member's name and its representative in a meeting record
_LEADERS = re.compile(r"(?:\.[ \t\u00a0]{0,3}){8,}")
_AGENDA_WORDS = {"Agenda", "Ordre du jour", "Orden del día", "Повестка дня"}


def apply_masthead(doc: ParsedDocument, masthead: Masthead | None) -> None:
    """Fill ``doc``'s symbol, body, session, kind and dates from the masthead and title block.

    The symbol is the one printed in the masthead (``A/RES/73/6``, not the
    resolution's number ``73/6`` from its title line).  Kinds: a Security
    Council resolution (``Resolution 2803 (2025)`` and ``Adopted by the
    Security Council at its 10046th meeting, on 17 November 2025``), a CBD
    decision (``Decision adopted by the Conference of the Parties to the
    Convention on Biological Diversity``, symbol ``CBD/COP/DEC/…``), an
    ITPGRFA resolution (``RESOLUTION 1/2023``, symbol ``IT/GB-…/Res.N``).
    The date of issue goes to :attr:`ParsedDocument.issue_date`; the
    document's date stays its adoption date when an adoption line gives one.
    """
    heads = [p.text.strip() for p in doc.paragraphs[:12]]
    if masthead is not None:
        if masthead.symbol:
            doc.symbol = masthead.symbol
        if masthead.bodies:
            doc.body = ", ".join(masthead.bodies) if len(masthead.bodies) > 1 or not doc.body \
                or doc.body not in masthead.bodies else doc.body
        if masthead.issued is not None:
            doc.issue_date = masthead.issued
            if doc.date_source in ("", "meeting") or doc.date is None:
                doc.date, doc.date_source = masthead.issued, "issued"
    if masthead is not None and masthead.meeting_date is not None and doc.date is None:
        doc.date, doc.date_source = masthead.meeting_date, "meeting"
    if masthead is not None and masthead.session:
        doc.session = masthead.session
    if masthead is not None and masthead.title:
        doc.title = masthead.title
    sessions = []
    for text in (masthead.session_block if masthead is not None and masthead.session_block else heads[:6]):
        sessions.extend(_session_name(m) for m in _SESSION_LINE.finditer(text))
    if not sessions and masthead is not None and not masthead.session_block:
        # a meeting record prints its year in the masthead ("Security Council / Eightieth year /
        # 10011th meeting")
        for text in masthead.lines:
            sessions.extend(_session_name(m) for m in _SESSION_LINE.finditer(text))
    for text in heads:
        m = _SC_ADOPTED.search(text)
        if m:
            doc.kind = DocumentKind.RESOLUTION
            adopted = first_date(m.group(2))
            if adopted:
                doc.date, doc.date_source = adopted, "adopted"
            if not doc.body:
                doc.body = "Security Council"
        if _CBD_DECISION.search(text) or (doc.symbol or "").startswith("CBD/COP/DEC/"):
            doc.kind = DocumentKind.DECISION
            doc.body = doc.body or "Conference of the Parties to the Convention on Biological Diversity"
        if _ITPGRFA_RES.match(text) and (doc.symbol or "").startswith("IT/"):
            doc.kind = DocumentKind.RESOLUTION
            doc.body = doc.body or ITPGRFA_BODY
            i = heads.index(text)
            if i + 1 < len(heads) and (not doc.title or doc.title == text or doc.title in heads[:i]):
                doc.title = heads[i + 1]   # "RESOLUTION 9/2023" then its title
        m = _GB_SESSION.match(text)
        if m and not doc.session:
            doc.session = m.group(1).capitalize() + " session"
    if (doc.symbol or "").startswith("S/RES/"):
        doc.kind = DocumentKind.RESOLUTION
        doc.body = doc.body or "Security Council"
    if masthead is not None and masthead.typed and not masthead.titled:
        doc.title = ""   # a typed letter with no title line: its first paragraph is no title
    elif masthead is not None and (not doc.title or doc.title in masthead.session_block
                                   or _LEADERS.search(doc.title)):
        # the title is the first line after the session block that is not a masthead line
        block = {" ".join(t.split()) for t in masthead.session_block}
        for p in doc.paragraphs[:25]:   # (a meeting record lists its 15 members first)
            t = p.text.strip()
            if " ".join(t.split()) in block or " ".join(f"{p.number or ''} {t}".split()) in block or _SC_ADOPTED.search(t) or re.match(r"^(?:Resolution|Decision) adopted by|^\[", t) \
                    or re.match(r"^Note by|^Report of the Secretary-General$", t):
                continue
            if _LEADERS.search(t) or t in _AGENDA_WORDS:
                # a meeting record's list of members ("China . . . . Mr. Fu Cong") and the word
                # "Agenda" above its item, which is the record's title
                continue
            doc.title = t
            break
    if "/PV." in (doc.symbol or ""):
        # a verbatim record (procès-verbal: S/PV.10011, A/80/PV.5) lists its president and
        # members, then "Agenda" and the item, which is its title
        heads25 = [p.text.strip() for p in doc.paragraphs[:25]]
        at = next((i for i, t in enumerate(heads25) if t in _AGENDA_WORDS), None)
        if at is not None and at + 1 < len(heads25):
            doc.title = heads25[at + 1]
    if masthead is not None and doc.kind == DocumentKind.OTHER and doc.title and is_report_title(doc.title):
        doc.kind = DocumentKind.REPORT
    if not doc.title:
        for p in doc.paragraphs[:4]:
            if _RESOLUTION_NO.match(p.text.strip()):
                doc.title = p.text.strip()   # a Security Council resolution is titled by its number
                break
    for p in doc.paragraphs:
        t = p.text.strip()
        if p.kind == ParagraphKind.HEADING and t.startswith("(Signed)"):
            p.kind = ParagraphKind.BODY   # a signature block is not a heading
        if p.number is None and _CLOSING.match(t):
            p.kind, p.level = ParagraphKind.BODY, 0   # "26th plenary meeting / 26 October 2018"
    if sessions and (not doc.session or (masthead is not None and masthead.session_block)):
        doc.session = ", ".join(dict.fromkeys(sessions))
