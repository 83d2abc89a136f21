"""``briefdesk draft amend``, ``amendments`` and ``import`` (issue 15): numbered amendments and
Word tracked changes, for scripts.  Called through :mod:`.cli_commands`.

* ``amend D1 --paragraph 12 (--insert TEXT --at OFFSET | --delete TEXT | --replace OLD --with NEW)
  --sponsor CODE[,CODE] [--comment TEXT]`` proposes an amendment; offsets and
  words are in the paragraph's text as ``draft show`` prints it (without its number);
* ``amendments D1 [--sponsor CODE] [--status STATUS] [--json]`` lists number,
  paragraph, kind, text, sponsors, status and comment (``--json``: ``sponsors`` as stored,
  codes such as ``"EU"``, and ``sponsor_names`` in the draft's language; as text: the names);
* ``support D1 N --sponsor CODE[,CODE]`` adds Parties or groups as supporters of
  amendment number ``N``;
* ``parties [QUERY] [--lang L] [--treaty CBD|ITPGRFA]`` lists the Parties and groups a
  sponsor can be, with their codes (:mod:`briefdesk.core.parties`);
* ``import FILE.docx --into D1 [--yes]`` reads tracked changes and comments
  (:mod:`.word_import`), lists what it would add and asks before applying
  (``--yes`` applies without asking; declining, or no answer, changes nothing).
"""

from __future__ import annotations

import re
import sys

from .. import parties
from ..i18n import _
from .service import DraftError, DraftService
from .snapshot import split_sponsors, sponsor_text
from .word_import import apply_revisions, read_revisions

_NOT_KEY = re.compile(r"[\s.。、)）]+")


def _key(label: str) -> str:
    """``"12."`` → ``"12"``, ``"12 (a)"``/``"12（a）"`` → ``"12(a"`` … a comparable form."""
    return _NOT_KEY.sub("", label.replace("（", "(")).lower()


def find_paragraph(service: DraftService, draft_id: int, ref: str):
    """The :class:`~.snapshot.ViewParagraph` ``ref`` names: ``#ID``, a number as printed or cited
    (``12``, ``12.``, ``12(a)``, ``A`` for a section heading).  Raises :class:`DraftError`."""
    paragraphs = service.view(draft_id).paragraphs
    ref = ref.strip()
    if ref.startswith("#") and ref[1:].isdigit():
        for p in paragraphs:
            if p.id == int(ref[1:]):
                return p
    wanted = _key(ref)
    path: list[str] = []
    for p in paragraphs:
        if not p.number:
            continue
        key = _key(p.number)
        if p.kind == "heading":
            path = []
            if key == wanted:
                return p
            continue
        path = path[:p.level] + [key if p.level == 0 else "(" + key.lstrip("(")]
        if "".join(path) == wanted:
            return p
    raise DraftError(_("No paragraph {ref} in draft D{id}.").format(ref=ref, id=draft_id))


def amend_command(args, service: DraftService, print_json) -> int:
    """``draft amend``: propose one amendment; prints its number."""
    draft_id = service.resolve(args.draft)
    p = find_paragraph(service, draft_id, args.paragraph)
    sponsors = split_sponsors(args.sponsor)
    if args.insert is not None:
        if args.at is None:
            raise DraftError(_("--insert needs --at OFFSET (characters from the paragraph's start)."))
        change = service.propose(p.id, "insert", args.at, new_text=args.insert, sponsors=sponsors,
                                 comment=args.comment)
    else:
        old = args.delete if args.delete is not None else args.replace
        if args.replace is not None and not args.with_text:
            raise DraftError(_("--replace needs --with NEW."))
        count = p.text.count(old) if old else 0
        if count == 0:
            raise DraftError(_("“{old}” is not in paragraph {number}.").format(old=old, number=p.number or args.paragraph))
        if count > 1:
            raise DraftError(_("“{old}” occurs {n} times in paragraph {number}; give more words.").format(
                old=old, n=count, number=p.number or args.paragraph))
        start = p.text.index(old)
        op = "delete" if args.delete is not None else "replace"
        change = service.propose(p.id, op, start, start + len(old), args.with_text or "", sponsors=sponsors,
                                 comment=args.comment)
    made = next(a for a in service.amendments(draft_id) if a.id == change.amendment_id)
    if args.json:
        print_json(_row(made, p.number, _language(service, draft_id)))
    else:
        print(_("Amendment {number} proposed on paragraph {paragraph}.").format(
            number=made.number, paragraph=(p.number or "").rstrip(".") or f"#{p.id}"))
    return 0


def _language(service: DraftService, draft_id: int) -> str:
    return service.snapshot(draft_id).language


def _row(a, number: str | None, language: str) -> dict:
    return {"number": a.number, "id": a.id, "paragraph": number, "paragraph_id": a.paragraph_id, "kind": a.op,
            "text": a.new_text if a.op == "insert" else a.old_text, "new_text": a.new_text, "old_text": a.old_text,
            "start": a.start, "end": a.end, "sponsors": a.sponsors,
            "sponsor_names": parties.labels(a.sponsors, language), "status": a.status, "comment": a.comment,
            "date": a.created}


def _words(op: str, old_text: str, new_text: str) -> str:
    """An amendment's words as the lists print them: ``“old” → “new”`` for a replacement, else the
    inserted or deleted words in quotes."""
    return f"“{old_text}” → “{new_text}”" if op == "replace" else f"“{new_text if op == 'insert' else old_text}”"


def amendments_command(args, service: DraftService, print_json) -> int:
    """``draft amendments``: the numbered list, filtered by sponsor and status."""
    draft_id = service.resolve(args.draft)
    numbers = {p.id: p.number for p in service.view(draft_id).paragraphs}
    rows = service.amendments(draft_id, status=args.status, sponsor=args.sponsor)
    language = _language(service, draft_id)
    if args.json:
        print_json([_row(a, numbers.get(a.paragraph_id), language) for a in rows])
        return 0
    if not rows:
        print(_("No amendments."))
    kinds = {"insert": _("insert"), "delete": _("delete"), "replace": _("replace")}
    statuses = {"proposed": _("proposed"), "accepted": _("accepted"), "rejected": _("rejected"),
                "withdrawn": _("withdrawn")}
    for a in rows:
        where = numbers.get(a.paragraph_id) or (f"#{a.paragraph_id}" if a.paragraph_id else "—")
        text = _words(a.op, a.old_text, a.new_text)
        line = f"#{a.number:<4} {where:<8} {kinds[a.op]:<8} {statuses.get(a.status, a.status):<10} " \
               f"{sponsor_text(a.sponsors, language):<20} {text}"
        print(line + (f"  — {a.comment}" if a.comment else ""))
    return 0


def support_command(args, service: DraftService, print_json) -> int:
    """``draft support``: add supporters to amendment number ``N``; prints its sponsors."""
    draft_id = service.resolve(args.draft)
    found = [a for a in service.amendments(draft_id) if a.number == args.number]
    if not found:
        raise DraftError(_("No amendment {number} in draft D{id}.").format(number=args.number, id=draft_id))
    service.support(found[0].id, split_sponsors(args.sponsor))
    made = next(a for a in service.amendments(draft_id) if a.id == found[0].id)
    language = _language(service, draft_id)
    numbers = {p.id: p.number for p in service.view(draft_id).paragraphs}
    if args.json:
        print_json(_row(made, numbers.get(made.paragraph_id), language))
    else:
        print(_("Amendment {number} is backed by {sponsors}.").format(
            number=made.number, sponsors=sponsor_text(made.sponsors, language)))
    return 0


def parties_command(args, service: DraftService, print_json) -> int:
    """``draft parties``: the Parties and groups matching ``QUERY`` (all without one), with codes."""
    found = parties.search(args.query, args.lang, treaty=args.treaty)
    if args.json:
        print_json([{"code": p.code, "kind": p.kind, "name": p.name(args.lang), "names": p.names,
                     "un_member": p.un_member, "treaties": sorted(p.treaties)} for p in found])
        return 0
    for p in found:
        print(f"{p.code:<14} {p.name(args.lang)}")
    return 0


def import_command(args, service: DraftService, print_json) -> int:
    """``draft import``: tracked changes of a .docx as amendments, applied only when confirmed."""
    draft_id = service.resolve(args.into)
    found = read_revisions(args.file, service, draft_id)
    new = [p for p in found.proposals if not p.duplicate]
    language = _language(service, draft_id)
    for w in found.warnings:
        print(_("Warning: {message}").format(message=w), file=sys.stderr)
    if not args.json:
        for p in found.proposals:
            text = _words(p.op, p.old_text, p.new_text)
            mark = _("(already in the draft)") if p.duplicate else ""
            print(f"{p.paragraph_number or '—':<8} {p.op:<8} {sponsor_text(p.sponsors, language):<20} {text} {mark}"
                  .rstrip())
    applied: list[int] = []
    if new and (args.yes or _confirm(len(new))):
        applied = apply_revisions(service, new)
    if args.json:
        print_json({"proposals": len(found.proposals), "duplicates": len(found.proposals) - len(new),
                    "applied": applied, "warnings": found.warnings})
    elif not new:
        print(_("Nothing new to apply."))
    elif applied:
        print(_("{n} amendments added to D{id}.").format(n=len(applied), id=draft_id))
    else:
        print(_("Nothing applied."))
    return 0


def _confirm(n: int) -> bool:
    """Ask on the terminal; no terminal or no answer is no."""
    if not sys.stdin.isatty():
        print(_("Not applied: run again with --yes to add these {n} amendments.").format(n=n), file=sys.stderr)
        return False
    try:
        answer = input(_("Add these {n} amendments? [y/N] ").format(n=n))
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes", _("y"), _("yes")}
