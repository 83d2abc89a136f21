"""Run work off the GUI thread and bring its result or error back to it.

:func:`run_task` is the one helper for background work in the window
(the pattern of Picard's ``util/thread.run_task``): ``func`` runs on
:class:`concurrent.futures.ThreadPoolExecutor` threads and receives ``progress`` and ``abort`` callables to
pass on to core code; ``on_done(result)``, ``on_error(exception)`` and
``on_progress(*args)`` are then called **on the GUI thread**: the workers
put their reports on a plain queue that a timer on the GUI thread drains
(:class:`_Pump`), so a worker never calls Qt to report.  Work never touches
a widget.

:class:`SerialQueue` is the one ordered queue on top of it: the editors
(drafts, briefing packs) write through one each, so their edits reach the
database in the order the user made them, and a read queued after an edit
sees it.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from .qt import QObject, QTimer, isValid

log = logging.getLogger(__name__)

#: How much lower than the GUI thread the workers run (Unix niceness added).
WORKER_NICENESS = 5


def _lower_priority() -> None:  # worker thread, once
    """Let the GUI thread win the CPU over the workers when cores are scarce: on Linux, niceness
    is per thread (``setpriority(2)`` on the thread id).  Elsewhere, or if refused, nothing."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + WORKER_NICENESS)
    except (AttributeError, OSError):
        pass


#: The worker threads: plain Python threads, so no Qt object's lifetime is
#: tied to a worker (a QRunnable freed on the GUI thread while its worker
#: was still returning from ``run()`` crashed the interpreter now and then).
#: On Linux they run at a lower priority than the GUI thread (:data:`WORKER_NICENESS`).
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="briefdesk-task",
                               initializer=_lower_priority if sys.platform.startswith("linux") else None)
atexit.register(_executor.shutdown, wait=True, cancel_futures=True)
#: One worker at the GUI thread's priority, for work the user waits on while the GUI thread has
#: nothing to do (``run_task(..., urgent=True)``: opening the library after the first paint,
#: which ran on the GUI thread before).  On a loaded machine a lowered worker gets a fraction
#: of a core, and the window would stay empty for seconds.
_urgent_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="briefdesk-urgent")
atexit.register(_urgent_executor.shutdown, wait=True, cancel_futures=True)

class _Pump(QObject):
    """Lives on the GUI thread and delivers what the workers put in :data:`_outbox`.

    Workers never call Qt to report: they put ``(report, kind, value)`` on a
    plain thread-safe queue, and this object's timer, running only while
    tasks are live, hands each entry to its task's callbacks on the GUI
    thread, in the order they were put.  (An earlier design emitted queued
    signals from the workers; keeping every Qt call on the GUI thread leaves
    no Qt lock or PySide object shared between a worker and the window.)
    """

    INTERVAL_MS = 8

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(self.INTERVAL_MS)
        self.timer.timeout.connect(self.drain)

    def drain(self) -> None:
        """Deliver every report waiting now (later ones wait for the next tick); stop the timer
        when no task is live."""
        for _ in range(_outbox.qsize()):
            try:
                report, kind, value = _outbox.get_nowait()
            except queue.Empty:
                break
            report(kind, value)  # a callback's error goes to sys.excepthook, as from any slot
        if not _futures and _outbox.empty():  # every task has run and been reported
            self.timer.stop()


#: Reports from the workers, waiting for the GUI thread: ``(report, kind, value)``.
_outbox: "queue.SimpleQueue[tuple[Callable[[str, Any], None], str, Any]]" = queue.SimpleQueue()
_pump: _Pump | None = None


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


def _work(func: Callable[..., Any], report: Callable[[str, Any], None], task: Task) -> None:  # worker thread
    def progress(*args: Any) -> None:
        _outbox.put((report, "progress", args))

    try:
        result = func(progress=progress, abort=task.abort)
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
        _outbox.put((report, "failed", exc))
    else:
        _outbox.put((report, "finished", result))


_futures: set[Future] = set()


def wait_for_tasks(timeout: float = 30.0) -> None:
    """Block until every submitted task has run (tests, and before quitting); ``timeout`` in seconds."""
    wait(list(_futures), timeout=timeout)


def run_task(func: Callable[..., Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             on_progress: Callable[..., None] | None = None, *, owner: QObject | None = None,
             urgent: bool = False) -> Task:
    """Run ``func(progress=..., abort=...)`` on a worker thread; returns a :class:`Task`.

    Must be called on the GUI thread.  Exactly one of ``on_done(result)`` or
    ``on_error(exception)`` is later called on the GUI thread;
    ``on_progress(*args)`` for each ``progress(*args)`` the work reports.
    An error without ``on_error`` is logged.  With ``owner`` (the widget the
    callbacks update), none of them is called once that widget has been
    deleted (a window closed while its work was still running).  ``urgent``: on the worker
    that keeps the GUI thread's priority (:data:`_urgent_executor`), for work the window waits
    on while idle; everything else runs on the lowered workers.
    """
    global _pump
    if _pump is None:
        _pump = _Pump()
    task = Task()

    def report(kind: str, value: Any) -> None:  # GUI thread, from the pump
        if kind == "progress":
            if on_progress is not None and not task.done and (owner is None or isValid(owner)):
                on_progress(*value)
            return
        task.done = True
        if owner is not None and not isValid(owner):
            return
        callback = on_done if kind == "finished" else on_error
        if callback is not None:
            callback(value)
        elif isinstance(value, BaseException):
            log.error("background task failed", exc_info=(type(value), value, value.__traceback__))

    if not _pump.timer.isActive():
        _pump.timer.start()
    future = (_urgent_executor if urgent else _executor).submit(_work, func, report, task)
    _futures.add(future)
    future.add_done_callback(_futures.discard)
    return task


class SerialQueue:
    """Runs submitted work off the GUI thread one job at a time, in the order submitted.

    Each job goes to :func:`run_task` only when the previous one has reported
    back: its ``on_done(result)`` / ``on_error(exception)`` run on the GUI
    thread before the next job starts.  With ``owner`` (the widget the
    callbacks update), callbacks (``on_idle`` too) are skipped once that widget is deleted,
    but the queue goes on: edits queued before a window closed still reach
    the database.  ``on_idle()`` runs on the GUI thread each time the last
    queued job has reported; it may submit more (a reload after a burst of
    edits).  A plain Python object, not a QObject, so it outlives its window.
    """

    def __init__(self, *, owner: QObject | None = None, on_idle: Callable[[], None] | None = None) -> None:
        self._jobs: deque[tuple[Callable[[], Any], Callable[[Any], None] | None,
                                Callable[[BaseException], None] | None]] = deque()
        self._running = False
        self._owner = owner
        self._on_idle = on_idle

    @property
    def idle(self) -> bool:
        """True when nothing is queued or running."""
        return not self._running and not self._jobs

    def submit(self, func: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Queue ``func()`` to run on a worker thread after every job queued before it;
        callbacks run on the GUI thread."""
        self._jobs.append((func, on_done, on_error))
        if not self._running:
            self._next()

    def _next(self) -> None:
        if not self._jobs:
            self._running = False
            if self._on_idle is not None and (self._owner is None or isValid(self._owner)):
                self._on_idle()
            return
        self._running = True
        func, on_done, on_error = self._jobs.popleft()

        def report(callback: Callable[[Any], None] | None, value: Any) -> None:
            try:
                if self._owner is not None and not isValid(self._owner):
                    if isinstance(value, BaseException):
                        log.warning("queued task failed after its window closed: %s", value)
                elif callback is not None:
                    callback(value)
                elif isinstance(value, BaseException):
                    log.error("queued task failed", exc_info=(type(value), value, value.__traceback__))
            finally:
                self._next()

        run_task(lambda progress, abort: func(), on_done=lambda result: report(on_done, result),
                 on_error=lambda error: report(on_error, error))


@contextmanager
def long_lived() -> Iterator[None]:
    """Make objects that will live as long as the window (the library tree) without GC pauses.

    No cyclic-GC pass runs while the block allocates (a full pass over a
    large heap holds the GIL, so it stops the GUI thread, for half a second
    at a million paragraphs), and what exists at the end is frozen out of
    later passes (:func:`gc.freeze`; reference counting still frees it).
    Usable on a worker thread.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
