"""Where a draft departs from agreed language (issue 15, point 5).

For each operative paragraph of a draft (sub-paragraphs included), the
agreed-language search of the library (:func:`..search.agreed.agreed_language`,
the panel's own) gives its best match in the draft's language.  When that
match is near-identical — its ``fuzz.ratio`` with the paragraph at least the
threshold (:data:`..search.agreed.NEAR_IDENTICAL`, 85) — but not the same
text, the difference is reported as a :class:`.check.Problem` with code
``agreed``: small departures from adopted wording are what a delegation must
either justify or undo.  Texts equal up to case, spaces and width count as
the same.

The paragraph is compared as it would read (:func:`.brackets.clean`: bracket
marks removed, the first of each group of alternatives kept), and the
difference is taken word by word (characters in Chinese) by
:func:`.compare.inline_diff`, from the agreed text to the draft's: ``delete``
pieces are agreed words the draft leaves out, ``insert`` pieces words it adds.

Public API: :func:`agreed_problems`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..i18n import _, format_number
from ..search.agreed import NEAR_IDENTICAL, agreed_language
from ..search.tokens import fold
from . import brackets, references
from .check import Problem
from .compare import inline_diff
from .snapshot import DraftSnapshot

if TYPE_CHECKING:
    from ..library import Library

_SPACE = re.compile(r"\s+")


def _same(a: str, b: str) -> bool:
    return _SPACE.sub("", fold(a)) == _SPACE.sub("", fold(b))


def agreed_problems(library: Library, snapshot: DraftSnapshot, *,
                    threshold: float = NEAR_IDENTICAL) -> list[Problem]:
    """One ``agreed`` :class:`.check.Problem` per operative paragraph of ``snapshot`` whose best
    agreed-language match has a ``fuzz.ratio`` of at least ``threshold`` (0–100) yet other words.

    ``detail``: ``citation`` (``"A/RES/75/1, para. 4"``), ``symbol``, ``source_number``,
    ``document_id``, ``source_paragraph_id``, ``ratio``, ``agreed_text``, ``text`` (the
    draft's, as it reads) and ``ops`` (``[tag, text]`` pairs, tags ``equal``/``delete``/``insert``).
    Raises :class:`~briefdesk.core.errors.SearchError` if the index refuses a query.
    """
    numbers = snapshot.numbers()
    out: list[Problem] = []
    for p in snapshot.paragraphs:
        if p.kind != "operative":
            continue
        text = brackets.clean(references.render(p.text, numbers)).strip()
        if not text:
            continue
        hits = agreed_language(library, text, snapshot.language, limit=1, min_score=threshold)
        if not hits or hits[0].ratio < threshold or _same(hits[0].text, text):
            continue
        best = hits[0]
        ops = inline_diff(best.text, text, snapshot.language)
        num = numbers.get(p.id)
        out.append(Problem(
            "agreed", p.id, num.printed if num else None,
            _("The paragraph differs from agreed language in {citation} ({ratio} % alike).").format(
                citation=best.citation, ratio=format_number(round(best.ratio))),
            {"citation": best.citation, "symbol": best.symbol, "source_number": best.number,
             "document_id": best.document_id, "source_paragraph_id": best.paragraph_id, "ratio": best.ratio,
             "agreed_text": best.text, "text": text, "ops": [[op.tag, op.text] for op in ops]}))
    return out
