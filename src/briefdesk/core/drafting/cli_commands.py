"""The ``briefdesk draft`` subcommands (``new``, ``list``, ``show``, ``check``, ``compare``,
``export``, ``amend``, ``amendments``, ``import``); :mod:`briefdesk.cli` parses the
arguments and calls :func:`run`.

Output for people is plain text (``check`` also prints, under a paragraph that departs
from near-identical agreed language, the difference in wdiff style); ``--json`` gives the fields of
:class:`~.service.DraftSummary`, :class:`~.snapshot.ViewParagraph`,
:class:`~.check.Problem` and :meth:`~.compare.AlignedPair.as_dict`.  In a
comparison printed as text, deleted words are shown ``[-like this-]`` and
inserted ones ``{+like this+}`` (the convention of GNU wdiff).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict

from ..i18n import _, format_date
from ..search.agreed import NEAR_IDENTICAL, citation_label
from .cli_amendments import amend_command, amendments_command, import_command, parties_command, support_command
from .compare import DiffOp, changed_pairs, compare, load_side, wdiff
from .export import export_draft
from .service import DraftService


def run(args, library, print_json: Callable) -> int:
    """Run ``args.draft_command`` against ``library``; returns the exit status."""
    service = DraftService(library)
    return _COMMANDS[args.draft_command](args, service, print_json)


def _new(args, service: DraftService, print_json) -> int:
    if args.source:
        draft_id = service.from_document(args.source, args.part, language=args.lang)
    else:
        draft_id = service.new(args.kind, args.lang, args.title, args.body, symbol=args.symbol)
    snap = service.snapshot(draft_id)
    if args.json:
        print_json({"id": draft_id, "ref": f"D{draft_id}", "title": snap.title, "paragraphs": len(snap.paragraphs),
                    "source": snap.source_label})
    else:
        print(_("Created draft D{id}: {title} ({n} paragraphs)").format(
            id=draft_id, title=snap.title or snap.symbol or "—", n=len(snap.paragraphs)))
    return 0


def _list(args, service: DraftService, print_json) -> int:
    rows = service.drafts()
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print(_("No drafts yet. Start one with: briefdesk draft new --from SYMBOL"))
    for r in rows:
        versions = _("{n} versions").format(n=r.version_count) if r.version_count else ""
        print(f"D{r.id:<4} {r.language:<3} {r.kind:<15} {(r.symbol or r.title)[:60]:<60} {versions}")
    return 0


def _show(args, service: DraftService, print_json) -> int:
    draft_id = service.resolve(args.draft)
    laid = service.view(draft_id, args.brackets, version=args.version)
    snap = laid.snapshot
    if args.json:
        print_json({"id": draft_id, "kind": snap.kind, "language": snap.language, "title": snap.title,
                    "symbol": snap.symbol, "body_name": snap.body_name, "version": snap.version,
                    "label": snap.label, "source": snap.source_label,
                    "paragraphs": [{"id": p.id, "kind": p.kind, "level": p.level, "number": p.number,
                                    "verb": p.verb, "text": p.text,
                                    "source_symbol": p.source_symbol, "source_number": p.source_number,
                                    "footnotes": [{"marker": m, "text": t, "offset": o} for m, t, o in p.footnotes]}
                                   for p in laid.paragraphs]})
        return 0
    head = " · ".join(x for x in (f"D{draft_id}", snap.symbol, snap.label,
                                  format_date(snap.date) if snap.date else "") if x)
    print(head)
    if snap.title:
        print(snap.title)
    if snap.source_label:
        print(_("From: {source}").format(source=snap.source_label))
    print()
    if snap.body_name:
        print(snap.body_name)
    for p in laid.paragraphs:
        indent = "    " * p.level
        number = f"{p.number} " if p.number else ""
        print(f"{indent}{number}{p.text}")
        if p.source_symbol:
            print(f"{indent}    ← {citation_label(p.source_symbol, p.source_number)}")
        for marker, text, _offset in p.footnotes:
            print(f"{indent}    [{marker}] {text}")
    return 0


def _check(args, service: DraftService, print_json) -> int:
    agreed = None if getattr(args, "no_agreed", False) else getattr(args, "agreed_threshold", NEAR_IDENTICAL)
    problems = service.check(service.resolve(args.draft), args.version, agreed=agreed)
    if args.json:
        print_json([asdict(p) for p in problems])
        return 0
    if not problems:
        print(_("No problems found."))
    for p in problems:
        print(f"{p.number or '—':<6} {p.message}")
        if p.code == "agreed" and p.detail:
            print(f"{'':<6} {wdiff([DiffOp(tag, text) for tag, text in p.detail['ops']])}")
    return 0


def _compare(args, service: DraftService, print_json) -> int:
    a, b = load_side(service.library, args.ref_a), load_side(service.library, args.ref_b)
    rows = compare(a, b)
    shown = changed_pairs(rows) if getattr(args, "changes_only", False) else rows
    if args.json:
        print_json({"a": a.label, "b": b.label, "rows": [r.as_dict() for r in shown],
                    "changed": len(changed_pairs(rows)), "total": len(rows)})
        return 0
    marks = {"same": "=", "changed": "~", "moved": "↕", "deleted": "-", "inserted": "+"}
    print(f"A: {a.label}    B: {b.label}")
    for r in shown:
        na = (r.a.number or "·") if r.a else ""
        nb = (r.b.number or "·") if r.b else ""
        if r.a and r.b:
            text = wdiff(r.ops)
        else:
            text = (r.a or r.b).text
        print(f"{marks[r.status]} {na:>6} {nb:>6}  {text}")
    counts = {k: sum(r.status == k for r in rows) for k in marks}
    print(_("{same} same, {changed} changed, {moved} moved, {deleted} only in A, {inserted} only in B").format(
        **counts))
    return 0


def _export(args, service: DraftService, print_json) -> int:
    draft_id = service.resolve(args.draft)
    warnings: list[str] = []
    path = export_draft(service, draft_id, args.output, version=args.version, brackets=args.brackets,
                        watermark=args.watermark, paper=getattr(args, "paper", "a4"), warnings=warnings)
    print(_("Wrote {path}").format(path=path))
    for w in warnings:
        print(_("Warning: {message}").format(message=w), file=sys.stderr)
    return 0


_COMMANDS = {"new": _new, "list": _list, "show": _show, "check": _check, "compare": _compare, "export": _export,
             "amend": amend_command, "amendments": amendments_command, "import": import_command,
             "support": support_command, "parties": parties_command}
