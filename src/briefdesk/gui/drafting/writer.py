"""Serial background work for the draft editor.

Edits of a draft must reach the database in the order the user made them,
and a read that follows an edit must see it.  :func:`~briefdesk.gui.tasks.run_task`
runs work on a pool of threads with no order between tasks, so the editor
queues its calls here: :class:`SerialQueue` hands them to ``run_task`` one at
a time, starting the next only when the previous one has reported back on the
GUI thread.  Nothing here touches a widget from a worker.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from ..tasks import run_task


class SerialQueue:
    """Runs queued ``func()`` calls off the GUI thread, one after another, in order.

    Each job's ``on_done(result)`` / ``on_error(exception)`` runs on the GUI
    thread before the next job starts.  A plain Python object, not a QObject,
    so jobs still running when their window closes finish cleanly.
    """

    def __init__(self) -> None:
        self._jobs: deque[tuple[Callable[[], Any], Callable[[Any], None] | None,
                                Callable[[BaseException], None] | None]] = deque()
        self._running = False

    @property
    def idle(self) -> bool:
        """True when nothing is queued or running."""
        return not self._running and not self._jobs

    def submit(self, func: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Queue ``func()`` (run on a worker thread); callbacks run on the GUI thread."""
        self._jobs.append((func, on_done, on_error))
        if not self._running:
            self._next()

    def _next(self) -> None:
        if not self._jobs:
            self._running = False
            return
        self._running = True
        func, on_done, on_error = self._jobs.popleft()

        def done(result: Any) -> None:
            try:
                if on_done is not None:
                    on_done(result)
            finally:
                self._next()

        def failed(error: BaseException) -> None:
            try:
                if on_error is not None:
                    on_error(error)
            finally:
                self._next()

        run_task(lambda progress, abort: func(), on_done=done, on_error=failed)
