"""The budgets every reader and every query works within (issue 12: "budgets instead of hopes").

A file over one of these limits is refused at once with a
:class:`~briefdesk.core.errors.ReadError` that names the limit
(:func:`refuse`), before the expensive work starts, so that no file can keep
the importer busy for minutes or exhaust the machine's memory.  The figures
are far above what real meeting documents need (measured on the reference
corpus: the largest AKN file is 0.55 MB, the longest PDF 42 pages, the
UNFCCC Word file's ``document.xml`` 1.3 MB, the longest line of the text
seeds 1,488 characters) and low enough that a refusal takes well under
5 s and 300 MB (``tests/core/test_limits.py`` builds each bomb of issue 12).

Zip archives (.docx, .briefpack): sizes are checked from the central
directory before anything is inflated; ``zipfile`` never returns more than
the declared size of a member and then checks its CRC, so a member that
lies about its size is refused as damaged, not inflated without end.

Where each limit is enforced:

====================  =========================================================
limit                 enforced in
====================  =========================================================
ZIP_*                 ``readers/docx.py`` (``_check_package``; ``.briefpack`` has its own caps in ``packs/share.py``)
PARAGRAPHS, CHARS     ``readers/structure.py`` (``parse_structure``, every reader)
PDF_*                 ``readers/pdf.py`` (``read_pdf``: file size, each stream, pages)
TEXT_*                ``readers/text.py`` (``decode_text``)
XML_FILE_BYTES        ``readers/akn.py`` (``parse_akn``)
PACK_PARAGRAPHS       ``packs/share.py`` (``read_briefpack``)
QUERY_*               ``search/__init__.py`` (terms, characters), ``search/sqlite_fts.py`` (time)
====================  =========================================================
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import ReadError
from .i18n import _

MiB = 1024 * 1024

#: Inflated bytes of one XML part of a Word archive (document.xml, footnotes.xml …).
ZIP_XML_PART_BYTES = 32 * MiB
#: Inflated bytes of any one member of an archive (images included).
ZIP_MEMBER_BYTES = 128 * MiB
#: Inflated bytes of all members of one archive together.
ZIP_TOTAL_BYTES = 256 * MiB

#: Paragraphs in one document, after reading and before the structure pass.
PARAGRAPHS = 50_000
#: Characters in one paragraph.
PARAGRAPH_CHARS = 500_000

#: Bytes of a PDF file.
PDF_FILE_BYTES = 256 * MiB
#: Decoded bytes of one PDF stream (a page's content, a font, an image).
PDF_STREAM_BYTES = 32 * MiB
#: Pages of a PDF.
PDF_PAGES = 2000

#: Bytes of a plain-text file.
TEXT_FILE_BYTES = 16 * MiB
#: Characters on one line of a plain-text file.
TEXT_LINE_CHARS = 500_000

#: Bytes of an Akoma Ntoso XML file.
XML_FILE_BYTES = 64 * MiB

#: Paragraphs in all the excerpts of one ``.briefpack`` together.
PACK_PARAGRAPHS = 20_000

#: Terms (words, phrases) in one search query; more are refused with a message.
QUERY_TERMS = 64
#: Characters in one search query.
QUERY_CHARS = 20_000
#: Wall-clock seconds one search may run in SQLite before it is interrupted.
QUERY_SECONDS = 0.8


def _size(n: int) -> str:
    if n >= MiB:
        return _("{n} MB").format(n=round(n / MiB))
    return _("{n} bytes").format(n=n)


def refuse(path: str | Path | None, what: str, limit: int, *, size: bool = False) -> ReadError:
    """The error for a file over a limit: ``"<what> is over BriefDesk's limit of <limit>"``.

    ``what`` is a translated phrase naming the measured thing ("one line",
    "the member word/document.xml once unpacked"); ``size`` prints ``limit``
    in MB.  Returned, not raised, so callers write ``raise refuse(...)``.
    """
    shown = _size(limit) if size else f"{limit:,}"
    return ReadError(path, _("{what} is over BriefDesk's limit of {limit}").format(
        what=what, limit=shown))


def check_paragraphs(texts: list[str], path: str | Path | None = None) -> None:
    """Refuse a document of more than :data:`PARAGRAPHS` paragraphs or a paragraph of more
    than :data:`PARAGRAPH_CHARS` characters.

    ``texts``: the paragraphs' texts in reading order.  Raises :class:`ReadError`
    (naming ``path`` when given, and the paragraph's position) naming the limit.
    """
    if len(texts) > PARAGRAPHS:
        raise refuse(path, _("the number of paragraphs ({n:,})").format(n=len(texts)), PARAGRAPHS)
    for i, text in enumerate(texts, start=1):
        if len(text) > PARAGRAPH_CHARS:
            raise refuse(path, _("paragraph {i} ({n:,} characters)").format(i=i, n=len(text)), PARAGRAPH_CHARS)


def check_file_size(size: int, limit: int, path: str | Path | None = None) -> None:
    """Refuse a file of ``size`` bytes over ``limit`` (one of the ``*_FILE_BYTES`` budgets)."""
    if size > limit:
        raise refuse(path, _("the file ({size})").format(size=_size(size)), limit, size=True)


def check_zip(infos: list[zipfile.ZipInfo], path: str | Path | None = None) -> None:
    """Refuse an archive whose members, by their declared sizes, are over the ``ZIP_*`` budgets.

    ``infos``: ``ZipFile.infolist()``.  Declared sizes can be trusted as upper
    bounds: ``zipfile`` stops inflating a member at its declared size and then
    checks its CRC.  Raises :class:`ReadError` naming the member and the limit.
    """
    total = 0
    for info in infos:
        limit = ZIP_XML_PART_BYTES if info.filename.lower().endswith((".xml", ".rels")) else ZIP_MEMBER_BYTES
        if info.file_size > limit:
            raise refuse(path, _("the member {name} once unpacked ({size})").format(
                name=info.filename, size=_size(info.file_size)), limit, size=True)
        total += info.file_size
    if total > ZIP_TOTAL_BYTES:
        raise refuse(path, _("the archive once unpacked ({size})").format(size=_size(total)), ZIP_TOTAL_BYTES,
                     size=True)


def check_text(text: str, path: str | Path | None = None) -> None:
    """Refuse decoded text with a line longer than :data:`TEXT_LINE_CHARS` characters.

    Raises :class:`ReadError` naming the line (1-based) and the limit.
    """
    if len(text) <= TEXT_LINE_CHARS:
        return
    for i, line in enumerate(text.splitlines(), start=1):
        if len(line) > TEXT_LINE_CHARS:
            reason = refuse(None, _("one line ({n:,} characters)").format(n=len(line)), TEXT_LINE_CHARS).reason
            raise ReadError(path, reason, line=i)
