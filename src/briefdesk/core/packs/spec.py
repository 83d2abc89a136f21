"""Build a briefing pack from a TOML spec (``briefdesk pack build SPEC.toml -o FILE.pdf``).

The spec is TOML 1.0 (read with the standard library's ``tomllib``)::

    [pack]
    title = "SBI-2 briefing"
    body = "Subsidiary Body on Implementation"
    session = "Second meeting"
    start_date = 2018-07-09          # a TOML date or "YYYY-MM-DD"
    end_date = 2018-07-13
    venue = "Montreal, Canada"
    delegation = "Delegation of China"
    language = "zh"                  # labels and dates of the pack
    classification = "RESTRICTED"
    version = "1"

    [[items]]
    from = "CBD/SBI/2/10"            # number and title from the document issued under the item
    # or: number = "11"  and  title = "Cooperation with other conventions"
    background = "<p>…</p>"          # restricted HTML, or plain text: "- " / "1. " lines are lists
    objectives = "…"
    talking_points = '''
    - first point
    - second point
    '''
    lines_to_take = "…"
    excerpts = [
      "CBD/SBI/2/10 paras 4-6",      # see service.parse_reference
      { ref = "XII/6 paras 19-21", notes = { "21" = "- see SBI/2/10 para 5" },
        highlight = { "21" = ["森林合作伙伴关系"] } },
    ]

Excerpt tables take ``ref`` and optionally ``notes`` (paragraph number → note
text) and ``highlight`` (paragraph number → phrases to highlight, every
occurrence).  The pack is saved in the library (it can be opened and edited
in the window afterwards).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
from pathlib import Path

from ..errors import BriefDeskError, NotFound, ReadError
from ..i18n import _
from .service import ITEM_SECTIONS, MEETING_FIELDS, PackService, bare


def read_spec(path: str | Path) -> dict:
    """The parsed TOML of a spec file; raises :class:`ReadError` (with its line) when it is not TOML."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ReadError(path, _("file not found")) from exc
    except UnicodeDecodeError as exc:
        raise ReadError(path, _("not UTF-8 text, as TOML must be ({error})").format(error=exc.reason)) from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))  # Python 3.11 gives the place only in the text
        line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
        raise ReadError(path, str(exc).split(" (at ")[0], line=line) from exc
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from exc


def build_from_spec(packs: PackService, spec: dict, *, source: str | Path = "spec") -> int:
    """Create the pack a spec describes (see the module docstring); returns its id.

    Raises :class:`ReadError` naming ``source`` for a spec that lacks ``[pack]`` or has
    unknown fields, :class:`NotFound` for a reference the library cannot resolve.  A failure
    part way deletes the half-built pack.  A value of the wrong type that trips the service
    (a list where text belongs) is logged with its traceback and refused as a
    :class:`ReadError` naming it, like any other bad spec (issue 12).
    """
    try:
        return _build_from_spec(packs, spec, source)
    except BriefDeskError:
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        logging.getLogger(__name__).error("pack spec %s failed unexpectedly", source, exc_info=True)
        raise ReadError(source, _("the spec could not be understood ({detail})").format(
            detail=f"{type(exc).__name__}: {exc}"[:200])) from exc


def _build_from_spec(packs: PackService, spec: dict, source) -> int:
    meeting = spec.get("pack")
    if not isinstance(meeting, dict):
        raise ReadError(source, _("the spec has no [pack] table"))
    unknown = set(meeting) - set(MEETING_FIELDS)
    if unknown:
        raise ReadError(source, _("unknown [pack] fields: {names}").format(names=", ".join(sorted(unknown))))
    for k, v in meeting.items():
        if not isinstance(v, str) and not (k in ("start_date", "end_date") and isinstance(v, dt.date)):
            raise ReadError(source, _("[pack] {field} must be text in quotes, not {what}").format(
                field=k, what=_kind_of(v)))
    values = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in meeting.items()}
    pack_id = packs.create(**values)
    language = packs.get(pack_id).language  # as create() settled it (default: the interface's)
    try:
        for n, item in enumerate(spec.get("items", []), start=1):
            _build_item(packs, pack_id, item, n, language, source)
    except BaseException:
        packs.delete(pack_id)
        raise
    return pack_id


def _kind_of(value) -> str:
    """What a TOML value is, in words, for a message: "a list", "a number", "a table"…"""
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return _("a number")
    if isinstance(value, (dt.date, dt.time)):
        return _("a date or time")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    return _("text")


def _build_item(packs: PackService, pack_id: int, item: dict, n: int, language: str, source) -> None:
    if not isinstance(item, dict):
        raise ReadError(source, _("item {n} is not a table").format(n=n))
    known = {"from", "number", "title", "excerpts", *ITEM_SECTIONS}
    unknown = set(item) - known
    if unknown:
        raise ReadError(source, _("item {n}: unknown fields: {names}").format(n=n, names=", ".join(sorted(unknown))))
    for k in ("from", "title", *ITEM_SECTIONS):
        if k in item and not isinstance(item[k], str):
            raise ReadError(source, _("item {n}: {field} must be text in quotes, not {what}").format(
                n=n, field=k, what=_kind_of(item[k])))
    if not isinstance(item.get("number", ""), (str, int)) or isinstance(item.get("number"), bool):
        raise ReadError(source, _("item {n}: number must be text in quotes, not {what}").format(
            n=n, what=_kind_of(item["number"])))
    if not isinstance(item.get("excerpts", []), list):
        raise ReadError(source, _("item {n}: excerpts must be a list in brackets, not {what}").format(
            n=n, what=_kind_of(item["excerpts"])))
    number, title = str(item.get("number", "")), item.get("title", "")
    if "from" in item:
        doc_id = packs.library.resolve(item["from"], language=language)
        entry = packs.agenda_from_document(doc_id)[0]
        number, title = number or entry.number, title or entry.title
    item_id = packs.add_item(pack_id, number, title, **{k: item[k] for k in ITEM_SECTIONS if k in item})
    for ex in item.get("excerpts", []):
        entry = {"ref": ex} if isinstance(ex, str) else ex
        if not isinstance(entry, dict) or not isinstance(entry.get("ref"), str) \
                or not isinstance(entry.get("notes", {}), dict) or not isinstance(entry.get("highlight", {}), dict):
            raise ReadError(source, _("item {n}: an excerpt needs a reference (ref = \"XII/6 paras 4-6\")").format(n=n))
        excerpt_id = packs.add_excerpt_ref(item_id, entry["ref"], language=language)
        if "notes" in entry or "highlight" in entry:
            view = packs.get(pack_id).excerpt(excerpt_id)
            by_number = {bare(p.number): p for p in view.paragraphs if p.number and p.level == 0}
            for number_, text in (entry.get("notes") or {}).items():
                if not isinstance(text, str):
                    raise ReadError(source, _("item {n}: a note must be text in quotes, not {what}").format(
                        n=n, what=_kind_of(text)))
                para = by_number.get(bare(number_))
                if para is None:
                    raise NotFound(_("{ref} has no paragraph {n} to note.").format(ref=entry["ref"], n=number_))
                packs.set_note(para.id, text)
            for number_, phrases in (entry.get("highlight") or {}).items():
                para = by_number.get(bare(number_))
                if para is None:
                    raise NotFound(_("{ref} has no paragraph {n} to highlight.").format(ref=entry["ref"], n=number_))
                for phrase in [phrases] if isinstance(phrases, str) else phrases:
                    if not isinstance(phrase, str) or not phrase:
                        raise ReadError(source, _("item {n}: a phrase to highlight must be text, not empty").format(
                            n=n))
                    start = para.text.find(phrase)
                    if start < 0:
                        raise BriefDeskError(_("Paragraph {n} of {ref} does not contain “{phrase}”.").format(
                            n=number_, ref=entry["ref"], phrase=phrase))
                    while start >= 0:
                        packs.add_highlight(para.id, start, start + len(phrase))
                        start = para.text.find(phrase, start + len(phrase))
