"""The filters of a search as SQL text, shared by the index backends (:mod:`.sqlite_fts`,
:mod:`.pg_fts`): plain SQL over ``p`` (paragraph) and ``d`` (document), no dialect feature."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_FILTER_COLUMNS = (("language", "d.language"), ("body", "d.body_code"), ("kind", "d.kind"),
                   ("paragraph_kind", "p.kind"), ("document_id", "d.id"), ("session", "d.session"))


def filter_sql(filters, date_value: Callable[[Any], Any] = lambda d: d) -> tuple[str, dict]:
    """The SQL condition (over ``p`` paragraph, ``d`` document) and bound parameters for a
    :class:`~briefdesk.core.search.SearchFilters` (or ``None``); ``""`` when nothing filters.
    ``date_value`` turns a date bound into the parameter the database compares."""
    clauses, params = [], {}
    for name, column in _FILTER_COLUMNS:
        value = getattr(filters, name, None) if filters is not None else None
        if isinstance(value, (tuple, list, frozenset, set)):
            # any of several values (a session's names in each language)
            names = [f"f_{name}_{i}" for i in range(len(value))]
            clauses.append(f"{column} IN ({', '.join(':' + n for n in names)})" if names else "1 = 0")
            params.update(zip(names, sorted(value)))
        elif value not in (None, ""):
            clauses.append(f"{column} = :f_{name}")
            params[f"f_{name}"] = value
    when = "COALESCE(d.date, d.start_date)"
    if filters is not None and filters.date_from:
        clauses.append(f"{when} >= :f_from")
        params["f_from"] = date_value(filters.date_from)
    if filters is not None and filters.date_to:
        clauses.append(f"{when} <= :f_to")
        params["f_to"] = date_value(filters.date_to)
    return " AND ".join(clauses), params


def candidate_sql(language: str | None, languages, kinds, exclude_document: int | None) -> tuple[list[str], dict]:
    """The conditions (over ``d`` document) and bound parameters of a similar-paragraph or
    agreed-language candidate query: in ``language`` or any of ``languages`` (neither: any), of
    one of ``kinds`` (empty: any), not in document ``exclude_document``.  Returns
    ``(conditions to AND, parameters)``."""
    where: list[str] = []
    params: dict = {}
    wanted = ([language] if language else []) + [x for x in languages if x != language]
    if wanted:
        where.append("d.language IN (" + ", ".join(f":l{i}" for i in range(len(wanted))) + ")")
        params.update({f"l{i}": x for i, x in enumerate(wanted)})
    if kinds:
        where.append("d.kind IN (" + ", ".join(f":k{i}" for i in range(len(kinds))) + ")")
        params.update({f"k{i}": x for i, x in enumerate(kinds)})
    if exclude_document is not None:
        where.append("d.id != :doc")
        params["doc"] = exclude_document
    return where, params
