"""Run work off the GUI thread and bring its result or error back to it.

:func:`run_task` is the one helper for background work in the window
(the pattern of Picard's ``util/thread.run_task``): ``func`` runs on
:class:`QThreadPool` and receives ``progress`` and ``abort`` callables to
pass on to core code; ``on_done(result)``, ``on_error(exception)`` and
``on_progress(*args)`` are then called **on the GUI thread** through a
queued signal bridge.  Work never touches a widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from .qt import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

#: Bridges and runnables kept alive until their task reports; they are
#: released on the GUI thread (Qt never auto-deletes a Python runnable on
#: the worker thread).
_live: dict["_Bridge", "_Runnable"] = {}


class _Bridge(QObject):
    """Lives on the GUI thread; signals emitted by the worker are queued to it."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)


class Task:
    """Handle of one running task: ask it to stop with :meth:`cancel`."""

    def __init__(self) -> None:
        self._abort = threading.Event()
        self.done = False

    def cancel(self) -> None:
        """Ask the work to stop at its next ``abort()`` check."""
        self._abort.set()

    @property
    def cancelled(self) -> bool:
        return self._abort.is_set()

    def abort(self) -> bool:
        return self._abort.is_set()


class _Runnable(QRunnable):
    def __init__(self, func: Callable[..., Any], bridge: _Bridge, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.func, self.bridge, self.task = func, bridge, task

    def run(self) -> None:  # worker thread
        def progress(*args: Any) -> None:
            self.bridge.progressed.emit(args)

        try:
            result = self.func(progress=progress, abort=self.task.abort)
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
            self.bridge.failed.emit(exc)
        else:
            self.bridge.finished.emit(result)


def run_task(func: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[..., None] | None = None,
             pool: QThreadPool | None = None) -> Task:
    """Run ``func(progress=..., abort=...)`` on a worker thread; returns a :class:`Task`.

    Must be called on the GUI thread.  Exactly one of ``on_done(result)`` or
    ``on_error(exception)`` is later called on the GUI thread;
    ``on_progress(*args)`` for each ``progress(*args)`` the work reports.
    An error without ``on_error`` is logged.
    """
    task = Task()
    bridge = _Bridge()
    runnable = _Runnable(func, bridge, task)
    _live[bridge] = runnable

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        task.done = True
        _live.pop(bridge, None)
        bridge.deleteLater()
        if callback is not None:
            callback(value)
        elif isinstance(value, BaseException):
            log.error("background task failed", exc_info=(type(value), value, value.__traceback__))

    if on_progress is not None:
        bridge.progressed.connect(lambda args: on_progress(*args))
    bridge.finished.connect(lambda result: finish(on_done, result))
    bridge.failed.connect(lambda exc: finish(on_error, exc))
    (pool or QThreadPool.globalInstance()).start(runnable)
    return task
