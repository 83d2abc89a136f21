"""Checks of a draft against the conventions of decision and resolution texts.

Rules (UN Editorial Manual, "Resolutions and decisions"; CBD "Guidelines
for drafting decisions"; the same punctuation in the Chinese texts, with
full-width marks):

* ``punctuation`` — a preambular paragraph ends with a comma (``,`` / ``，``),
  an operative paragraph or sub-paragraph with a semicolon (``;`` / ``；``),
  and the last paragraph of the text with a full stop (``.`` / ``。``); a
  paragraph that introduces sub-paragraphs may end with a colon;
* ``verb`` — a preambular or operative paragraph opens with a phrase of the
  palette or one the readers know (:func:`.verbs.in_palette`);
* ``numbering`` — a gap or jump in the structure numbering relies on: an
  operative paragraph left unnumbered between numbered ones, a
  sub-paragraph two levels below its paragraph, a number typed into the text;
* ``reference`` — an internal reference to a paragraph that no longer exists, or
  to a number no paragraph has;
* ``brackets`` — a square bracket without its partner;
* ``amendment`` — a proposed amendment whose text no longer stands in its paragraph;
* ``agreed`` — an operative paragraph that differs from near-identical agreed language
  (:mod:`.agreed`; only when asked, since it searches the library).

Public API: :class:`Problem`, :func:`check`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _
from . import brackets, references
from .snapshot import DraftSnapshot
from .verbs import in_palette

_COMMA = (",", "，", "،")
_SEMI = (";", "；", "؛")
_STOP = (".", "。")
_COLON = (":", "：")
_TYPED_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|\(?[a-z]\)|（[a-z]）)\s")


@dataclass(frozen=True)
class Problem:
    """One departure from the conventions: ``code`` (see the module docstring), the
    paragraph's id and current number (``None`` for an unnumbered one), a message to show,
    and for ``agreed`` the ``detail`` of :func:`.agreed.agreed_problems` (else ``None``)."""

    code: str
    paragraph_id: int | None
    number: str | None
    message: str
    detail: dict | None = None


def _end(text: str) -> str:
    t = brackets.clean(text).rstrip().rstrip("”’\"'」』）)")
    return t[-1:] if t else ""


def check(snapshot: DraftSnapshot) -> list[Problem]:
    """Every :class:`Problem` of ``snapshot``, in reading order."""
    numbers = snapshot.numbers()
    paras = snapshot.paragraphs
    out: list[Problem] = []
    body = [p for p in paras if p.kind != "heading"]
    last = body[-1].id if body else None
    seen_numbered = False
    prev_level = 0
    for i, p in enumerate(paras):
        num = numbers.get(p.id)
        label = num.printed if num else None
        shown = references.render(p.text, numbers)

        def add(code: str, message: str) -> None:
            out.append(Problem(code, p.id, label, message))

        for target in references.targets(p.text):
            if target not in numbers:
                add("reference", _("A reference points to a paragraph that no longer exists."))
        for label in references.unresolved(p.text):
            add("reference", _("A reference names paragraph {n}, which this text does not have.").format(n=label))
        if brackets.unbalanced(shown):
            add("brackets", _("A square bracket has no partner."))
        if p.kind == "heading":
            prev_level = 0
            continue
        if p.level - prev_level > 1:
            add("numbering", _("A sub-paragraph is two levels below the paragraph before it."))
        prev_level = p.level
        if p.kind == "operative" and p.level == 0:
            if p.numbered:
                seen_numbered = True
            elif seen_numbered:
                add("numbering", _("An operative paragraph among numbered ones has no number."))
        if _TYPED_NUMBER.match(shown):
            add("numbering", _("The text begins with a typed number; numbering is automatic."))
        if p.level == 0 and not (p.verb and in_palette(p.verb, snapshot.language)):
            add("verb", _("The paragraph does not open with a phrase of the palette."))
        end = _end(shown)
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        introduces = nxt is not None and nxt.level > p.level
        if p.id == last:
            if end not in _STOP:
                add("punctuation", _("The last paragraph should end with a full stop."))
        elif introduces and end in _COLON:
            pass
        elif p.kind == "preambular" and p.level == 0:
            if end not in _COMMA:
                add("punctuation", _("A preambular paragraph should end with a comma."))
        elif end not in _SEMI:
            add("punctuation", _("An operative paragraph should end with a semicolon."))
    by_id = {p.id: p for p in paras}
    for a in snapshot.amendments:
        if a.status != "proposed" or a.paragraph_id not in by_id:
            continue
        text = by_id[a.paragraph_id].text
        if a.op != "insert" and text[a.start:a.end] != a.old_text:
            num = numbers.get(a.paragraph_id)
            out.append(Problem("amendment", a.paragraph_id, num.printed if num else None,
                               _("An amendment no longer matches the text of its paragraph.")))
    return out
