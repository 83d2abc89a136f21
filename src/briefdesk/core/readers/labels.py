"""Editorial labels of texts under negotiation.

Draft decisions exchanged in UNFCCC and CBD negotiations mark alternatives and
groups of paragraphs with labels on lines of their own: ``Option 1``,
``Option 2: {No text required}``, ``Option A``, ``Alt 2``, ``{Tracking
arrangements}``, ``{End of options}``.  They are not text to be adopted and
belong to no paragraph: readers give them to the structure pass as headings
(:attr:`~.structure.RawParagraph.heading`), whatever their indent.

Public API: :func:`editorial_label`.
"""

from __future__ import annotations

import re

__all__ = ["editorial_label"]

_LABEL = re.compile(
    r"^\[?(?:Option|Alternative|Alt\.?|Variante?|Opci[óo]n|Вариант|备选案文|选项)\s*[\w.]{1,4}\s*[:：]?\s*"
    r"(?:\{[^{}]{0,300}\})?\s*\]?$"
    r"|^\{[^{}]{1,300}\}$", re.IGNORECASE)


def editorial_label(text: str) -> bool:
    """Whether ``text`` (a whole unnumbered paragraph, without footnote placeholders)
    is an option or group label of a negotiating text (see the module docstring)."""
    return bool(_LABEL.match(text.strip()))
