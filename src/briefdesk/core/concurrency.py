"""Many hands on one library at once (issue 16, point 3): optimistic concurrency.

A team library on PostgreSQL (or one SQLite file shared by several windows) has several
writers.  Packs and drafts carry ``row_version`` (SQLAlchemy's ``version_id_col``): every
write of a pack or draft row — and every edit of anything inside them touches that row —
checks that the row still holds the count it was read with.  When it does not, someone
else's transaction committed first and this one is rolled back whole.

What happens then depends on what the call means:

* calls that say *what to do* on whatever is stored now — propose an amendment, add an
  agenda item or an excerpt, accept amendment 7 — are simply run again (:func:`retrying`):
  two Parties amending the same paragraph at the same moment give two amendments with two
  numbers, neither overwritten;
* calls that replace what the user saw — a paragraph's text, a pack's meeting fields — take
  what the user started from (``expected=…``); if that is no longer what is stored, they
  raise :class:`~.errors.EditConflict` naming the item, and write nothing.

Which database errors mean "someone else was first" is decided here only
(:func:`conflict_of`): SQLAlchemy's ``StaleDataError``; PostgreSQL's serialization failure
and deadlock (SQLSTATE ``40001``, ``40P01``); SQLite's busy snapshot ("database is locked"
when a read transaction tries to write after another writer committed).
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from .errors import EditConflict, NotPermitted, database_error
from .i18n import _

#: how long a retryable call keeps running again before giving up (seconds), with a random
#: back-off between tries doubling from about 5 ms up to :data:`MAX_PAUSE_S`
PATIENCE_S = 20.0
MAX_PAUSE_S = 0.25

#: PostgreSQL SQLSTATEs that mean "run the transaction again" (PostgreSQL manual, appendix A)
_PG_RETRY_STATES = frozenset({"40001", "40P01"})

F = TypeVar("F", bound=Callable)

#: how many calls ran again after a conflict, since start (for the stress test's figures)
retries = 0


def conflict_of(exc: BaseException) -> EditConflict | None:
    """The :class:`EditConflict` (retryable) that database error ``exc`` stands for, or
    ``None`` when it is some other failure (a full disk, a lost connection…)."""
    if isinstance(exc, EditConflict):
        return exc
    if isinstance(exc, StaleDataError):
        return EditConflict(_("Someone else changed this item at the same moment."), retryable=True)
    if isinstance(exc, DBAPIError):
        state = getattr(exc.orig, "sqlstate", None)
        if state in _PG_RETRY_STATES:
            return EditConflict(_("Someone else changed this item at the same moment."), retryable=True)
        if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
            return EditConflict(_("Someone else changed this item at the same moment."), retryable=True)
    return None


def refusal_of(exc: BaseException) -> EditConflict | NotPermitted | None:
    """Why a write was refused, in words, when it was refused rather than failed: a conflict
    with another writer (:func:`conflict_of`), or a write the user's role on a team library
    does not allow (:class:`~.errors.NotPermitted`, :mod:`.pg_roles`); ``None`` for any other
    error (which the caller words as its own failure)."""
    conflict = conflict_of(exc)
    if conflict is not None or not isinstance(exc, SQLAlchemyError):
        return conflict
    worded = database_error(exc)
    return worded if isinstance(worded, NotPermitted) else None


def retrying(method: F, *, patience: float | None = None) -> F:
    """``method`` run again, on what is stored now, while it fails with a retryable conflict.

    ``method`` must run whole transactions of its own (a service call), so that each try starts
    afresh.  After ``patience`` seconds (default :data:`PATIENCE_S`) of conflicts the last one
    is raised as a non-retryable :class:`EditConflict` ("busy"); a write the user's role does
    not allow as :class:`~.errors.NotPermitted`; any other error passes through untouched."""

    @functools.wraps(method)
    def run(*args, **kwargs):
        global retries
        delay = 0.005
        give_up = time.monotonic() + (PATIENCE_S if patience is None else patience)
        while True:
            try:
                return method(*args, **kwargs)
            except (EditConflict, SQLAlchemyError) as exc:
                refused = refusal_of(exc)
                if refused is None:
                    raise
                if not isinstance(refused, EditConflict) or not refused.retryable:
                    if refused is exc:
                        raise
                    raise refused from exc
                if time.monotonic() >= give_up:
                    raise EditConflict(_("Others are changing this item right now; try again in a moment.")) \
                        from exc
            retries += 1
            time.sleep(random.uniform(delay / 2, delay))
            delay = min(delay * 2, MAX_PAUSE_S)

    run.__wrapped_retrying__ = True  # type: ignore[attr-defined]
    return run  # type: ignore[return-value]


def retry_methods(cls: type, names: Iterable[str]) -> type:
    """Wrap the methods ``names`` of service class ``cls`` with :func:`retrying` (each runs its
    own transactions); returns ``cls``.  Raises ``AttributeError`` for a name it lacks."""
    for name in names:
        method = getattr(cls, name)
        if not getattr(method, "__wrapped_retrying__", False):
            setattr(cls, name, retrying(method))
    return cls
