"""The ``briefdesk`` command: the GUI with no arguments, library work with a subcommand.

Every subcommand takes ``--db URL_OR_PATH`` (default: ``$BRIEFDESK_DB``, else
the user library).  ``--json`` prints machine-readable output for scripts.
Errors print one line to standard error (no traceback) and exit with 1;
usage errors exit with 2.  A damaged library is said so on standard error by
every command that opens it; what could still be read is printed, and the
command exits with 1.
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

from .core.errors import BriefDeskError, StoreError, is_database_error, user_message
from .core.i18n import _, format_date, format_date_range, ngettext, set_language
from .core.logs import internal_error_message, setup_logging

log = logging.getLogger("briefdesk.cli")


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date written YYYY-MM-DD").format(value=value)) from None


def _parser() -> argparse.ArgumentParser:
    # here, not at the top: `briefdesk` alone opens the window without them (issue 13)
    from .core.document import DocumentKind, ParagraphKind

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL_OR_PATH", default=argparse.SUPPRESS,
                        help=_("library database: a file path or an SQLAlchemy URL "
                               "(default: $BRIEFDESK_DB or the user library)"))
    parser = argparse.ArgumentParser(
        prog="briefdesk", parents=[common],
        description=_("BriefDesk: decisions, resolutions and drafts for delegations, offline."))
    from . import __version__

    parser.add_argument("--version", action="version", version=f"BriefDesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", parents=[common], help=_("import files or folders (recursively)"))
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("list", parents=[common], help=_("list the documents in the library"))
    p.add_argument("--lang", help=_("only documents held in this language, shown in it (ISO 639-1, e.g. fr)"))
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

    p = sub.add_parser("unresolved", parents=[common],
                       help=_("list citations of documents that are not in the library"))
    p.add_argument("--each", action="store_true",
                   help=_("list every citation, where it stands (by default one line per missing document, "
                          "as the window's list)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("search", parents=[common], help=_("search paragraphs, or land on a citation"),
                       description=_("Words must all match; \"a phrase\"; OR; -word or NOT word to exclude; "
                                     "word* for a prefix.  A citation (XII/6 21, A/RES/75/100 4, "
                                     "CBD/SBI/2/10) lands on the paragraph it names."))
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--limit", type=int, default=20, help=_("at most this many hits (default 20)"))
    p.add_argument("--offset", type=int, default=0, help=_("skip this many hits first (default 0)"))
    p.add_argument("--lang", help=_("only documents in this language (ISO 639-1)"))
    p.add_argument("--body", help=_("only documents of this body: its code (ga, hrc, cbd-cop…) or its name in any language"))
    p.add_argument("--session", help=_("only documents of this session (its name in any language)"))
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
    p.add_argument("--citations", action="store_true",
                   help=_("also extract and resolve every document's citations again"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    _draft_parser(sub, common)
    _pack_parser(sub, common)
    _team_parser(sub, common)
    _backup_parser(sub, common)
    return parser


def _backup_parser(sub, common) -> None:
    """``briefdesk backup|restore|rebuild`` (issue 12)."""
    p = sub.add_parser("backup", parents=[common], help=_("back up the library (online: others may keep working)"))
    p.add_argument("path", nargs="?", metavar="PATH",
                   help=_("the backup file or folder (default: the backups folder next to the library)"))
    p.add_argument("--list", action="store_true", help=_("list the backups in the backups folder instead"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("restore", parents=[common],
                       help=_("put a backup in the place of the library (the library is kept aside)"))
    p.add_argument("path", nargs="?", metavar="PATH", help=_("the backup file to restore"))
    p.add_argument("--latest", action="store_true", help=_("restore the newest backup in the backups folder"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = sub.add_parser("rebuild", parents=[common],
                       help=_("rebuild a damaged library from its readable parts (the damaged file is kept aside)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))


def _draft_parser(sub, common) -> None:
    """``briefdesk draft new|list|show|check|compare|export|amend|amendments|import`` (issues 6, 15)."""
    from .core.languages import default_document_language

    draft = sub.add_parser("draft", parents=[common], help=_("write and negotiate draft decisions"))
    dsub = draft.add_subparsers(dest="draft_command", metavar="ACTION", required=True)
    as_json = dict(action="store_true", help=_("print results as JSON"))

    p = dsub.add_parser("new", parents=[common], help=_("start a draft, empty or from a text in the library"))
    p.add_argument("--from", dest="source", metavar="REF",
                   help=_("start from this document (symbol or id), keeping a link to it"))
    p.add_argument("--part", type=int, metavar="N", help=_("the embedded text to start from (0, 1, …)"))
    p.add_argument("--kind", choices=["decision", "recommendation", "resolution"], default="decision")
    p.add_argument("--lang", default=default_document_language(),
                   help=_("language of the draft: of an empty one, or the language version of --from to start from "
                          "(ISO 639-1, e.g. zh; default: the interface language)"))
    p.add_argument("--title", default="")
    p.add_argument("--body", default="", help=_("the body's name, e.g. \"The Conference of the Parties,\""))
    p.add_argument("--symbol", default="")
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("list", parents=[common], help=_("list the drafts"))
    p.add_argument("--json", **as_json)

    for name, helptext in (("show", _("show a draft, paragraph by paragraph")),
                           ("check", _("list what breaks the drafting conventions"))):
        p = dsub.add_parser(name, parents=[common], help=helptext)
        p.add_argument("draft", metavar="DRAFT", help=_("a draft: D12 or 12"))
        p.add_argument("--version", type=int, metavar="N", help=_("a saved version (Rev.N) instead of the working text"))
        if name == "show":
            p.add_argument("--brackets", choices=["clean", "all", "compilation"], default="all")
        else:
            p.add_argument("--agreed-threshold", type=float, default=85.0, metavar="RATIO",
                           help=_("report operative paragraphs whose closest agreed language is at least this "
                                  "alike (0–100, default 85) but not the same"))
            p.add_argument("--no-agreed", action="store_true",
                           help=_("do not compare with the agreed language of the library"))
        p.add_argument("--json", **as_json)

    p = dsub.add_parser("compare", parents=[common],
                        help=_("compare two texts paragraph by paragraph (drafts, versions or documents)"))
    p.add_argument("ref_a", metavar="REF_A", help=_("D12, D12@2 (its Rev.2), a symbol or #id, SYMBOL:PART"))
    p.add_argument("ref_b", metavar="REF_B")
    p.add_argument("--changes-only", action="store_true",
                   help=_("leave out the paragraph pairs that read the same in both texts"))
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("export", parents=[common], help=_("export a draft as PDF, .docx or Akoma Ntoso XML"))
    p.add_argument("draft", metavar="DRAFT")
    p.add_argument("--version", type=int, metavar="N", help=_("a saved version (Rev.N) instead of the working text"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.{pdf,docx,xml}")
    p.add_argument("--brackets", choices=["clean", "all", "compilation"], default="all",
                   help=_("clean text, all brackets, or a compilation of proposals with their sponsors"))
    p.add_argument("--watermark", action="store_true", help=_("print \"DRAFT\" across every PDF page"))
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help=_("page size of a .docx (default A4)"))
    _amendment_parsers(dsub, common, as_json)


def _amendment_parsers(dsub, common, as_json) -> None:
    """``briefdesk draft amend|amendments|import`` (numbered amendments, Word tracked changes; issue 15)."""
    p = dsub.add_parser("amend", parents=[common], help=_("propose an amendment to a paragraph"))
    p.add_argument("draft", metavar="DRAFT", help=_("a draft: D12 or 12"))
    p.add_argument("--paragraph", required=True, metavar="N",
                   help=_("the paragraph as numbered (12, 12. or 12(a)), or #ID for an unnumbered one"))
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--insert", metavar="TEXT", help=_("insert TEXT (with --at)"))
    what.add_argument("--delete", metavar="TEXT", help=_("delete these words of the paragraph"))
    what.add_argument("--replace", metavar="OLD", help=_("replace these words of the paragraph (with --with)"))
    p.add_argument("--at", type=int, metavar="OFFSET", help=_("where to insert: characters from the paragraph's start"))
    p.add_argument("--with", dest="with_text", metavar="NEW", help=_("the replacing text"))
    p.add_argument("--sponsor", required=True, metavar="CODE[,CODE]",
                   help=_("the sponsors, separated by commas: codes (EU, CHN, G77) or names in any UN language"))
    p.add_argument("--comment", default="")
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("amendments", parents=[common], help=_("list a draft's amendments with their numbers"))
    p.add_argument("draft", metavar="DRAFT")
    p.add_argument("--sponsor", metavar="CODE", help=_("only those backed by this sponsor"))
    p.add_argument("--status", choices=["proposed", "accepted", "rejected", "withdrawn"])
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("support", parents=[common], help=_("add Parties or groups as supporters of an amendment"))
    p.add_argument("draft", metavar="DRAFT")
    p.add_argument("number", type=int, metavar="N", help=_("the amendment's number"))
    p.add_argument("--sponsor", required=True, metavar="CODE[,CODE]", help=_("the supporters, separated by commas"))
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("parties", parents=[common],
                        help=_("list the Parties and negotiating groups a sponsor can be, with their codes"))
    p.add_argument("query", nargs="?", default="", metavar="QUERY", help=_("part of a name in any UN language, or a code"))
    p.add_argument("--lang", default="en", choices=["ar", "en", "es", "fr", "ru", "zh"], help=_("language of the names"))
    p.add_argument("--treaty", choices=["CBD", "ITPGRFA"], help=_("only Parties to this treaty (and the groups)"))
    p.add_argument("--json", **as_json)

    p = dsub.add_parser("import", parents=[common],
                        help=_("read a .docx's tracked changes and comments as amendments to a draft"))
    p.add_argument("file", metavar="FILE.docx")
    p.add_argument("--into", required=True, metavar="DRAFT", help=_("the draft the changes amend"))
    p.add_argument("--yes", action="store_true", help=_("apply without asking"))
    p.add_argument("--json", **as_json)


def _team_parser(sub, common) -> None:
    """``briefdesk team clone|sync`` (issue 16): a laptop's offline copy of the team library."""
    team = sub.add_parser("team", parents=[common],
                          help=_("take the team library offline and keep this copy in step with it"))
    tsub = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    p = tsub.add_parser("clone", parents=[common],
                        help=_("copy the team library (or chosen bodies and sessions) into this library"))
    p.add_argument("team", metavar="URL", help=_("the team library: an SQLAlchemy URL (no password: "
                                                  "use ~/.pgpass) or a file path"))
    p.add_argument("--body", action="append", default=[], metavar="CODE",
                   help=_("only documents of this body (repeatable)"))
    p.add_argument("--session", action="append", default=[], metavar="NAME",
                   help=_("only documents of this session (repeatable)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))
    p = tsub.add_parser("roles", parents=[common],
                        help=_("on the team library's server, as its owner: create the reader, drafter and "
                               "librarian roles, or give a user one of them"))
    p.add_argument("--grant", nargs=2, action="append", default=[], metavar=("USER", "ROLE"),
                   help=_("make USER a reader, drafter or librarian (repeatable)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))
    p = tsub.add_parser("sync", parents=[common],
                        help=_("bring this library and its team library up to date, both ways"))
    p.add_argument("team", metavar="URL", nargs="?",
                   help=_("the team library (default: the one this library was taken offline from)"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))


def _pack_parser(sub, common) -> None:
    """``briefdesk pack new|list|show|export|import|build`` (briefing packs, issue 5)."""
    from .core.languages import default_document_language

    pack = sub.add_parser("pack", parents=[common], help=_("briefing packs: create, list, show, export, import, build"))
    psub = pack.add_subparsers(dest="pack_command", metavar="PACK_COMMAND", required=True)

    p = psub.add_parser("new", parents=[common], help=_("create an empty briefing pack for a meeting"))
    p.add_argument("--title", default="", help=_("title of the pack"))
    p.add_argument("--body", default="", help=_("the meeting body (e.g. Subsidiary Body on Implementation)"))
    p.add_argument("--session", default="", help=_("the session (e.g. second meeting)"))
    p.add_argument("--start", dest="start_date", default=None, metavar="YYYY-MM-DD", help=_("first day of the meeting"))
    p.add_argument("--end", dest="end_date", default=None, metavar="YYYY-MM-DD", help=_("last day of the meeting"))
    p.add_argument("--venue", default="", help=_("where the meeting is held"))
    p.add_argument("--delegation", default="", help=_("whose pack it is"))
    p.add_argument("--lang", dest="language", default=default_document_language(),
                   help=_("language of the pack (ISO 639-1, e.g. zh; default: the interface language)"))
    p.add_argument("--classification", default="", help=_("marking printed on every page (e.g. RESTRICTED)"))
    p.add_argument("--version", default="", help=_("version of the pack"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = psub.add_parser("list", parents=[common], help=_("list the briefing packs"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = psub.add_parser("show", parents=[common], help=_("show a briefing pack: items, excerpts, stale excerpts"))
    p.add_argument("pack", metavar="PACK", help=_("a pack id or title"))
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = psub.add_parser("export", parents=[common], help=_("export a pack as PDF or as a .briefpack share file"))
    p.add_argument("pack", metavar="PACK", help=_("a pack id or title"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.briefpack")
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = psub.add_parser("import", parents=[common], help=_("add the pack in a .briefpack file to the library"))
    p.add_argument("path", metavar="FILE.briefpack")
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))

    p = psub.add_parser("build", parents=[common], help=_("build a pack from a TOML spec and export it"))
    p.add_argument("spec", metavar="SPEC.toml")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.briefpack")
    p.add_argument("--json", action="store_true", help=_("print results as JSON"))


def _open(args):
    """Open the library; documents stored before citations existed get theirs now, said on stderr."""
    from .core.library import Library

    library = Library(getattr(args, "db", None), update_citations=False)
    _state["library"] = library
    if library.damaged:
        from .core.errors import damaged_error

        print(_("briefdesk: {message}").format(message=damaged_error(library.display_location)), file=sys.stderr)
        print(_("To go back to the latest backup: briefdesk restore --latest. To rebuild the library from "
                "its readable parts: briefdesk rebuild."), file=sys.stderr)
        return library
    if library.read_only:
        print(_("briefdesk: the library {path} cannot be written: it is open for reading only.").format(
            path=library.display_location), file=sys.stderr)
        return library
    stale = len(library.stale_citation_documents())
    if stale:
        print(ngettext("Extracting the citations of {n} document stored by an earlier version…",
                       "Extracting the citations of {n} documents stored by an earlier version…", stale)
              .format(n=stale), file=sys.stderr)
        library.reextract_citations()
    return library


#: what the running command opened (the CLI runs one command per process; tests call main() again)
_state: dict = {}


def _print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


class ImportProgressBar:
    """The progress bar ``briefdesk import`` draws on a terminal: files done of total, files per
    second and time left (tqdm, on stderr).  Disabled (``enabled=False``: ``--json``, or stderr not
    a terminal) it draws nothing and the per-file lines are printed as before.

    :meth:`update` is the importer's ``progress(done, total, name)`` callable.
    """

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def __enter__(self) -> ImportProgressBar:
        return self

    def update(self, done: int, total: int, name: str) -> None:
        """Move the bar to ``done`` of ``total`` files; ``name`` is the file being read."""
        if not self.enabled:
            return
        if self.bar is None:
            import shutil

            from tqdm import tqdm

            # a terminal that reports no size (0 columns) would get an empty bar: assume 100
            columns = shutil.get_terminal_size((100, 24)).columns or 100
            self.bar = tqdm(total=total, unit=" " + _("files"), file=sys.stderr, ncols=columns,
                            desc=_("Importing"), leave=True)
        if self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.set_postfix_str(name[-40:], refresh=False)
        self.bar.refresh()

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str("", refresh=False)
            self.bar.close()


def cmd_import(args) -> int:
    from .core.importer import Importer, ImportStatus

    library = _open(args)
    if library.damaged:  # _open said why
        print(_("briefdesk: nothing was imported."), file=sys.stderr)
        return 1
    with ImportProgressBar(enabled=not args.json and sys.stderr.isatty()) as bar:
        results = Importer(library).import_paths(args.paths, progress=bar.update)
    if args.json:
        _print_json([{"path": str(r.path), "status": r.status.value, "document_id": r.document_id,
                      "symbol": r.symbol, "reason": r.reason,
                      "warnings": list(r.warnings)} for r in results])
    else:
        for r in results:
            print(r.describe())
    return 1 if any(r.status is ImportStatus.FAILED for r in results) else 0


def cmd_list(args) -> int:
    from .core.bodies import body_label

    lang = (args.lang or "").strip().lower() or None
    works = _open(args).works(language=lang)
    if args.json:
        _print_json([w.as_dict() for w in works])
        return 0
    if not works:
        print(_("The library is empty. Import documents with: briefdesk import PATH…") if lang is None
              else _("No document in the library is held in {language}.").format(language=lang))
    body = None
    for w in works:
        if w.body_code != body:
            body = w.body_code
            print(body_label(body) or _("(no body)"))
        s = w.version
        when = format_date(s.date) if s.date else format_date_range(s.start_date, s.end_date)
        print(f"{s.id:>5}  {s.symbol or '—':<22} {' '.join(w.languages):<17} {when:<20} {s.title[:70]}")
    return 0


def cmd_show(args) -> int:
    from .core.library import document_as_dict

    library = _open(args)
    doc = library.document(args.ref, language=args.lang)
    if args.json:
        shown = document_as_dict(doc)
        versions = library.versions(doc.id)  # the other languages of this document (issue 14)
        shown.update(body_code=doc.body_code, languages=sorted(versions), versions=dict(sorted(versions.items())))
        _print_json(shown)
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
        para = _para(link.citing_paragraph)
        target = _para(link.resolved_paragraph) if link.resolved_paragraph else ""
        print(f"{where} {para} → {target} «{link.text}»")
    return 0


def _para(number: str | None) -> str:
    """``"para. 21"`` for a printed number ``"21."`` / ``"21 -"`` / ``"(a)"``; ``"para. —"`` for none."""
    from .core.library import bare

    return _("para. {n}").format(n=bare(number)) if number else _("para. —")


def cmd_unresolved(args) -> int:
    """The documents the library's citations name and it does not hold, one line each, the
    most cited first (:func:`.core.unresolved.unresolved_groups`: symbol, citations, citing
    documents; ``--json``: a list of ``{"symbol", "citations", "documents"}``); with
    ``--each`` every unresolved citation where it stands (``--json``: :meth:`CitationLink.as_dict`)."""
    library = _open(args)
    if not args.each:
        from .core.i18n import format_number
        from .core.unresolved import unresolved_groups

        groups = unresolved_groups(library)
        if args.json:
            _print_json([{"symbol": g.symbol, "citations": g.citations, "documents": g.documents} for g in groups])
            return 0
        if not groups:
            print(_("Every citation resolves to a document in the library."))
        for g in groups:
            citations = ngettext("{n} citation", "{n} citations", g.citations).format(n=format_number(g.citations))
            documents = ngettext("{n} document", "{n} documents", g.documents or 0).format(
                n=format_number(g.documents or 0))
            print(_("{symbol}: {citations} in {documents}").format(
                symbol=g.symbol, citations=citations, documents=documents))
        return 0
    links = library.unresolved_citations()
    if args.json:
        _print_json([link.as_dict() for link in links])
        return 0
    if not links:
        print(_("Every citation resolves to a document in the library."))
    for link in links:
        where = link.citing_symbol or f"#{link.citing_document_id}"
        para = _para(link.citing_paragraph)
        print(f"{where} {para} → {link.target_symbol} «{link.text}»")
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
        para = _para(h.paragraph_number)
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
    library = _open(args)
    documents = library.reextract_citations(every=True) if args.citations else 0
    n = library.reindex()
    if args.json:
        _print_json({"paragraphs": n, "citations_reextracted": documents})
    else:
        print(_("Indexed {n} paragraphs.").format(n=n))
        if args.citations:
            print(_("Citations extracted again in {n} documents.").format(n=documents))
    return 0


def cmd_draft(args) -> int:
    from .core.drafting import cli_commands

    return cli_commands.run(args, _open(args), _print_json)


def _packs(args):
    from .core.packs.service import PackService

    return PackService(_open(args))


def _pack_export(packs, pack_id: int, output: str) -> dict:
    """Export to PDF or .briefpack by the output's suffix; returns what was written."""
    if output.lower().endswith(".briefpack"):
        packs.export_briefpack(pack_id, output)
        return {"pack": pack_id, "path": output, "format": "briefpack"}
    from .core.render.pack_pdf import export_pack_pdf

    pages = export_pack_pdf(packs.get(pack_id), Path(output))
    return {"pack": pack_id, "path": output, "format": "pdf", "pages": pages}


def _print_written(done: dict, as_json: bool) -> None:
    if as_json:
        _print_json(done)
    elif done["format"] == "pdf":
        print(_("Wrote {path} ({pages} pages)").format(path=done["path"], pages=done["pages"]))
    else:
        print(_("Wrote {path}").format(path=done["path"]))


def cmd_pack(args) -> int:
    from .core.packs.service import MEETING_FIELDS, pack_as_dict

    packs = _packs(args)
    command = args.pack_command
    if command == "new":
        pack_id = packs.create(**{k: getattr(args, k) for k in MEETING_FIELDS})
        if args.json:
            _print_json({"id": pack_id})
        else:
            print(_("Created briefing pack {id}.").format(id=pack_id))
        return 0
    if command == "list":
        rows = packs.list()
        if args.json:
            _print_json([r.as_dict() for r in rows])
            return 0
        if not rows:
            print(_("No briefing packs yet. Create one with: briefdesk pack new --title TITLE"))
        for r in rows:
            when = format_date_range(r.start_date, r.end_date, locale=r.language)
            print(f"{r.id:>5}  {r.language:<3} {when:<22} {r.title or r.body}  "
                  + _("({n} items)").format(n=r.item_count))
        return 0
    if command == "show":
        from .core.render.pack_pdf import item_label, source_reference

        view = packs.get(packs.resolve(args.pack))
        stale = packs.stale_excerpts(view.id)
        if args.json:
            _print_json(pack_as_dict(view, stale))
            return 0
        stale_ids = {s.excerpt_id for s in stale}
        print(f"#{view.id} {view.title}")
        print(" · ".join(x for x in (view.body, view.session, view.venue,
                                     format_date_range(view.start_date, view.end_date, locale=view.language),
                                     view.classification) if x))
        for item in view.items:
            print()
            print(f"{item_label(item, view.language)}  {item.title}")
            for ex in item.excerpts:
                mark = "  " + _("(changed in the library)") if ex.id in stale_ids else ""
                print(f"    [{ex.id}] {source_reference(ex, view.language)}{mark}")
        return 0
    if command == "export":
        _print_written(_pack_export(packs, packs.resolve(args.pack), args.output), args.json)
        return 0
    if command == "import":
        pack_id = packs.import_briefpack(args.path)
        if args.json:
            _print_json({"id": pack_id})
        else:
            print(_("Imported briefing pack {id}.").format(id=pack_id))
        return 0
    if command == "build":
        from .core.packs.spec import build_from_spec, read_spec

        pack_id = build_from_spec(packs, read_spec(args.spec), source=args.spec)
        if not args.json:
            print(_("Created briefing pack {id}.").format(id=pack_id))
        _print_written(_pack_export(packs, pack_id, args.output), args.json)
        return 0
    raise AssertionError(command)


def cmd_backup(args) -> int:
    from .core import backup

    library = backup.library_path(getattr(args, "db", None))
    if args.list:
        found = backup.list_backups(library)
        if args.json:
            _print_json([b.as_dict() for b in found])
            return 0
        if not found:
            print(_("No backups of {path} yet.").format(path=library))
        for b in found:
            print(f"{b.taken:%Y-%m-%d %H:%M:%S}  {b.kind:<9} {b.path}")
        return 0
    if not library.is_file():
        raise BriefDeskError(_("There is no library {path} to back up.").format(path=library))
    path = backup.take_backup(library, "manual", Path(args.path) if args.path else None)
    if args.json:
        _print_json({"backup": str(path)})
    else:
        print(_("Backed up the library to {path}").format(path=path))
    return 0


def cmd_restore(args) -> int:
    from .core import backup

    library = backup.library_path(getattr(args, "db", None))
    if args.latest:
        latest = backup.latest_backup(library)
        if latest is None:
            raise BriefDeskError(_("There is no backup of {path} in {folder}.").format(
                path=library, folder=backup.backup_folder(library)))
        source = latest.path
    elif args.path:
        source = Path(args.path)
    else:
        raise BriefDeskError(_("Name the backup to restore, or use --latest."))
    kept = backup.restore(library, source)
    if args.json:
        _print_json({"restored": str(source), "previous_library": str(kept) if kept else None})
        return 0
    print(_("Restored the library from {path}").format(path=source))
    if kept:
        print(_("The library it replaced was kept as {path}").format(path=kept))
    return 0


def cmd_rebuild(args) -> int:
    from .core import backup

    library = backup.library_path(getattr(args, "db", None))
    if not library.is_file():
        raise BriefDeskError(_("There is no library {path} to rebuild.").format(path=library))
    done = backup.rebuild(library)
    if args.json:
        _print_json({"copied": done.report.copied, "unreadable": done.report.unreadable,
                     "orphans_dropped": done.report.orphans, "paragraphs_indexed": done.paragraphs,
                     "damaged_kept": str(done.damaged_kept) if done.damaged_kept else None})
        return 0
    print(_("Rebuilt the library from its readable parts: {documents} documents, {paragraphs} paragraphs.")
          .format(documents=done.report.copied.get("document", 0), paragraphs=done.paragraphs))
    lost = sum(done.report.unreadable.values()) + done.report.orphans
    if lost:
        print(_("Some rows could not be read and were left out (the details were written to the log)."))
    if done.damaged_kept:
        print(_("The damaged file was kept as {path}").format(path=done.damaged_kept))
    return 0


def cmd_team(args) -> int:
    from .core import team
    from .core.library import Library

    library = _open(args)
    if args.team_command == "roles":
        from .core import pg_roles

        with library.engine.begin() as connection:
            pg_roles.install_roles(connection)
            for user, role in args.grant:
                pg_roles.grant(connection, user, role)
        granted = [{"user": user, "role": role} for user, role in args.grant]
        if args.json:
            _print_json({"roles": list(pg_roles.ROLES), "granted": granted})
        else:
            print(_("The reader, drafter and librarian roles are in place."))
            for g in granted:
                print(_("{user} is now a {role}.").format(**g))
        return 0

    def progress(done: int, total: int, label: str) -> None:
        if not args.json:
            print(f"{done}/{total} {label}", file=sys.stderr, flush=True)

    other = Library(args.team, update_citations=False) if args.team else None
    try:
        if args.team_command == "clone":
            report = team.clone(other, library, bodies=args.body, sessions=args.session, progress=progress)
        else:
            report = team.sync(library, other, progress=progress)
    finally:
        if other is not None:
            other.close()
    if args.json:
        _print_json(report.as_dict())
    else:
        print(report.describe())
        for line in report.unplaced:
            print(_("Kept in a version only (its text was not found): {amendment}").format(amendment=line))
    return 0


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore, "rebuild": cmd_rebuild, "draft": cmd_draft, "import": cmd_import, "list": cmd_list, "show": cmd_show, "cited-by": cmd_cited_by,
            "unresolved": cmd_unresolved, "search": cmd_search,
            "export": cmd_export, "reindex": cmd_reindex, "pack": cmd_pack, "team": cmd_team}


def _window_only(argv: Sequence[str]) -> tuple[bool, str | None]:
    """``(True, db)`` when ``argv`` asks for the window and nothing else (no argument, or only
    ``--db PATH``), so the window opens without building the whole parser (issue 13: nothing
    its first paint does not need); else ``(False, None)``."""
    if not argv:
        return True, None
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, argv[0][5:]
    if len(argv) == 2 and argv[0] == "--db" and argv[1] and not argv[1].startswith("-"):
        return True, argv[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``briefdesk`` command; returns the exit status."""
    set_language()
    setup_logging()
    window, db = _window_only(list(sys.argv[1:] if argv is None else argv))
    if not window:
        args = _parser().parse_args(argv)
        window, db = args.command is None, getattr(args, "db", None)
    if window:
        from .gui.app import run

        return run(db)
    _state.clear()
    try:
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        library = _state.get("library")
        return 1 if library is not None and library.damaged else status
    except BriefDeskError as exc:
        print(_("briefdesk: {message}").format(message=_worded(exc)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`briefdesk list | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: the user gets a sentence, the log gets the traceback
        if is_database_error(exc):  # a store fault a service did not word: the log gets the SQL
            print(_("briefdesk: {message}").format(message=_worded(exc)), file=sys.stderr)
            return 1
        log.exception("briefdesk %s failed", args.command)
        print(_("briefdesk: {message}").format(message=internal_error_message()), file=sys.stderr)
        return 1


def _worded(exc: BaseException) -> str:
    """The sentence for ``exc``: a database error (raw or quoted by a service) in words, with the
    library's location and state where a library was opened (:func:`.core.errors.database_error`)."""
    library = _state.get("library")
    cause = exc if is_database_error(exc) else exc.__cause__
    if library is not None and is_database_error(cause) and (exc is cause or type(exc) is StoreError):
        return str(library.store_error(cause))
    return user_message(exc) or internal_error_message()


if __name__ == "__main__":
    sys.exit(main())
