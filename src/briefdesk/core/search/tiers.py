"""Paging through result tiers, the same on every backend.

A search's hits come in tiers (:func:`.sqlite_fts.ranked_expressions`,
:func:`.pg_fts.ranked_expressions`: side by side, as typed, with longer
words), each excluding the ones before it.  A page of ``limit`` hits after
skipping ``offset`` is filled tier by tier; the backends give only the SQL
that fetches and counts one tier.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def page_through(tiers: Sequence[str], fetch: Callable[[str, int, int], list[tuple[int, float]]],
                 count: Callable[[str], int], limit: int, offset: int,
                 out: list[tuple[int, float]] | None = None) -> list[tuple[int, float]]:
    """``limit`` hits after skipping ``offset``, tier by tier: ``fetch(expression, limit, offset)``
    gives up to ``limit`` ``(paragraph_id, score)`` pairs of one tier, ``count(expression)`` how many
    the tier holds (asked only when a page starts past a tier's end).  Hits are appended to ``out``
    (a new list by default) as they come, so a caller stopped part way still holds the earlier
    tiers' hits; returns ``out``."""
    out = [] if out is None else out
    for i, expression in enumerate(tiers):
        need = limit - len(out)
        if need <= 0:
            break
        rows = fetch(expression, need, offset)
        out += rows
        if i + 1 < len(tiers) and len(rows) < need:  # this tier is used up: shift the offset past it
            if rows:
                offset = 0
            elif offset:
                offset = max(0, offset - count(expression))
    return out
