"""The ``briefdesk`` command: the GUI with no arguments, library work with a subcommand.

Every subcommand takes ``--db URL_OR_PATH`` (default: ``$BRIEFDESK_DB``, else
the user library).  ``--json`` prints machine-readable output for scripts.
Errors print one line to standard error (no traceback) and exit with 1;
usage errors exit with 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .core.document import DocumentKind, ParagraphKind
from .core.errors import BriefDeskError
from .core.i18n import _, format_date, format_date_range, set_language
from .core.logs import internal_error_message, setup_logging

log = logging.getLogger("briefdesk.cli")


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date written YYYY-MM-DD").format(value=value)) from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL_OR_PATH", default=argparse.SUPPRESS,
                        help=_("library database: a file path or an SQLAlchemy URL "
                               "(default: $BRIEFDESK_DB or the user library)"))
    parser = argparse.ArgumentParser(
        prog="briefdesk", parents=[common],
        description=_("BriefDesk: decisions, resolutions and drafts for delegations, offline."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help=_("import files or folders (recursively)"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("list", parents=[common], help=_("list the documents in the library"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("show", parents=[common], help=_("show one document, paragraph by paragraph"))
    p.add_argument("ref", metavar="REF", help=_("a symbol (e.g. XII/6) or a document id"))
    p.add_argument("--lang", help=_("language version to show (ISO 639-1, e.g. zh)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("cited-by", parents=[common],
                       help=_("list the paragraphs of other documents that cite a document"))
    p.add_argument("ref", metavar="REF", help=_("a symbol (e.g. XII/6) or a document id"))
    p.add_argument("--lang", help=_("language version (ISO 639-1, e.g. zh)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("search", parents=[common], help=_("search paragraphs, or land on a citation"),
                       description=_("Words must all match; \"a phrase\"; OR; -word or NOT word to exclude; "
                                     "word* for a prefix.  A citation (XII/6 21, A/RES/75/100 4, "
                                     "CBD/SBI/2/10) lands on the paragraph it names."))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help=_("at most this many hits (default 20)"))
    p.add_argument("--offset", type=int, default=0, help=_("skip this many hits first (default 0)"))
    p.add_argument("--lang", help=_("only documents in this language (ISO 639-1)"))
    p.add_argument("--body", help=_("only documents of this body, as stored (see the list command)"))
    p.add_argument("--session", help=_("only documents of this session, as stored"))
    p.add_argument("--kind", choices=[k.value for k in DocumentKind], help=_("only documents of this kind"))
    p.add_argument("--paragraph-kind", choices=[k.value for k in ParagraphKind],
                   help=_("only paragraphs of this kind"))
    p.add_argument("--from", dest="date_from", type=_iso_date, metavar="YYYY-MM-DD",
                   help=_("only documents dated on or after this day"))
    p.add_argument("--to", dest="date_to", type=_iso_date, metavar="YYYY-MM-DD",
                   help=_("only documents dated on or before this day"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("export", parents=[common], help=_("export a document as a print-ready PDF"))
    p.add_argument("ref", metavar="REF")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", help=_("language version to export (ISO 639-1)"))

    p = sub.add_parser("reindex", parents=[common], help=_("rebuild the search index"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))
    return parser


def _open(args):
    from .core.library import Library

    return Library(getattr(args, "db", None))


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_import(args) -> int:
    from .core.importer import Importer, ImportStatus

    library = _open(args)
    results = Importer(library).import_paths(args.paths)
    if args.json:
        _print_json([{"path": str(r.path), "status": r.status.value, "document_id": r.document_id,
                      "symbol": r.symbol, "reason": r.reason} for r in results])
    else:
        for r in results:
            print(r.describe())
    return 1 if any(r.status is ImportStatus.FAILED for r in results) else 0


def cmd_list(args) -> int:
    summaries = _open(args).summaries()
    if args.json:
        _print_json([s.as_dict() for s in summaries])
        return 0
    if not summaries:
        print(_("The library is empty. Import documents with: briefdesk import PATH…"))
    for s in summaries:
        when = format_date(s.date) if s.date else format_date_range(s.start_date, s.end_date)
        print(f"{s.id:>5}  {s.symbol or '—':<22} {s.language:<3} {when:<20} {s.title[:70]}")
    return 0


def cmd_show(args) -> int:
    from .core.library import document_as_dict

    doc = _open(args).document(args.ref, language=args.lang)
    if args.json:
        _print_json(document_as_dict(doc))
        return 0
    print(doc.symbol or f"#{doc.id}", "·", doc.body, "·", doc.session)
    print(format_date_range(doc.start_date, doc.end_date) or format_date(doc.date), doc.venue)
    print(doc.title)
    print()
    for p in doc.paragraphs:
        indent = "    " * p.level
        number = f"{p.number} " if p.number else ""
        print(f"{indent}{number}{p.text}")
        for f in p.footnotes:
            print(f"{indent}    [{f.marker}] {f.text}")
    return 0


def cmd_cited_by(args) -> int:
    links = _open(args).cited_by(args.ref, language=args.lang)
    if args.json:
        _print_json([link.as_dict() for link in links])
        return 0
    if not links:
        print(_("No document in the library cites {ref}.").format(ref=args.ref))
    for link in links:
        where = link.citing_symbol or f"#{link.citing_document_id}"
        para = _("para. {n}").format(n=link.citing_paragraph) if link.citing_paragraph else _("para. —")
        target = _("para. {n}").format(n=link.resolved_paragraph) if link.resolved_paragraph else ""
        print(f"{where} {para} → {target} «{link.text}»")
    return 0


def cmd_search(args) -> int:
    """Search, after landing on the query if it is a citation.

    ``--json`` prints a list of hits (:meth:`Hit.as_dict`), each with
    ``"landing": false``; a landed citation comes first, with
    ``"landing": true`` and its ``"label"`` (its paragraph fields are
    ``null`` when the citation names none).
    """
    from .core.errors import SearchError
    from .core.search import SearchFilters

    library = _open(args)
    text = " ".join(args.query)
    filters = SearchFilters(language=args.lang, body=args.body, session=args.session, kind=args.kind,
                            paragraph_kind=args.paragraph_kind, date_from=args.date_from, date_to=args.date_to)
    landing = library.land(text, language=args.lang)
    try:
        hits = library.search(text, limit=args.limit, offset=args.offset, filters=filters)
    except SearchError:
        if landing is None:
            raise
        hits = []
    landed = None
    if landing is not None:
        doc = library.document(landing.document_id)
        paragraph = doc.paragraphs[landing.position] if landing.position is not None else None
        landed = {"landing": True, "label": landing.label, "document_id": doc.id,
                  "paragraph_id": landing.paragraph_id, "position": landing.position, "symbol": doc.symbol,
                  "title": doc.title, "language": doc.language,
                  "paragraph_number": paragraph.number if paragraph else None,
                  "paragraph_kind": paragraph.kind if paragraph else None,
                  "snippet": paragraph.text if paragraph else doc.title, "highlights": [], "score": 0.0}
        hits = [h for h in hits if h.paragraph_id != landing.paragraph_id]
    if args.json:
        _print_json(([landed] if landed else []) + [dict(h.as_dict(), landing=False) for h in hits])
        return 0
    if landed:
        print(_("→ {label}: {text}").format(label=landed["label"], text=landed["snippet"]))
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("«", "»")
    for h in hits:
        where = h.symbol or f"#{h.document_id}"
        para = _("para. {n}").format(n=h.paragraph_number) if h.paragraph_number else _("para. —")
        print(f"{where} [{h.language}] {para}: {h.snippet.marked(*bold)}")
    if not hits and not landed:
        print(_("No paragraph matches."))
    return 0


def cmd_export(args) -> int:
    from .core.render.pdf import export_pdf

    parsed = _open(args).parsed(args.ref, language=args.lang)
    pages = export_pdf(parsed, Path(args.output))
    print(_("Wrote {path} ({pages} pages)").format(path=args.output, pages=pages))
    return 0


def cmd_reindex(args) -> int:
    n = _open(args).reindex()
    if args.json:
        _print_json({"paragraphs": n})
    else:
        print(_("Indexed {n} paragraphs.").format(n=n))
    return 0


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "cited-by": cmd_cited_by,
            "search": cmd_search,
            "export": cmd_export, "reindex": cmd_reindex}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefdesk`` command; returns the exit status."""
    set_language()
    setup_logging()
    args = _parser().parse_args(argv)
    if args.command is None:
        from .gui.app import run

        return run(getattr(args, "db", None))
    try:
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return status
    except BriefDeskError as exc:
        print(_("briefdesk: {message}").format(message=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`briefdesk list | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:  # a bug: the user gets a sentence, the log gets the traceback
        log.exception("briefdesk %s failed", args.command)
        print(_("briefdesk: {message}").format(message=internal_error_message()), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
