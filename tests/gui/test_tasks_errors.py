"""The background-task helper and the one error function."""

from __future__ import annotations

import threading

from briefdesk.core.errors import Cancelled, ReadError
from briefdesk.gui.errors import show_error
from briefdesk.gui.qt import QApplication
from briefdesk.gui.tasks import run_task


def test_work_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    gui_thread = threading.get_ident()
    seen = {"progress": [], "threads": set()}

    def work(progress, abort):
        seen["worker"] = threading.get_ident()
        for i in range(3):
            progress(i, 3, f"f{i}")
        return "result"

    def on_progress(*args):
        seen["threads"].add(threading.get_ident())
        seen["progress"].append(args)

    def on_done(value):
        seen["threads"].add(threading.get_ident())
        seen["done"] = value

    task = run_task(work, on_done=on_done, on_progress=on_progress)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen["done"] == "result"
    assert seen["worker"] != gui_thread and seen["threads"] == {gui_thread}
    assert seen["progress"] == [(0, 3, "f0"), (1, 3, "f1"), (2, 3, "f2")]


def test_errors_and_cancellation_come_back(qtbot):
    started = threading.Event()
    errors = []

    def work(progress, abort):
        started.set()
        while not abort():
            pass
        raise Cancelled("stopped")

    task = run_task(work, on_done=lambda v: errors.append(("done", v)), on_error=errors.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert len(errors) == 1 and isinstance(errors[0], Cancelled) and task.cancelled


def test_no_callback_reaches_a_deleted_owner(qtbot):
    from briefdesk.gui.qt import QLabel, QEvent, isValid

    release = threading.Event()
    calls = []
    owner = QLabel()
    task = run_task(lambda progress, abort: (release.wait(5), progress(1))[0], on_done=calls.append,
                    on_progress=lambda *a: calls.append(a), owner=owner)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(owner)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    QApplication.processEvents()
    assert calls == []
    kept = QLabel()
    task = run_task(lambda progress, abort: "ok", on_done=calls.append, owner=kept)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert calls == ["ok"]


def test_show_error_shows_the_message_or_a_plain_sentence(qtbot, caplog):
    box = show_error(None, ReadError("minutes.txt", "the file is empty", line=3))
    assert box.text() == "minutes.txt, line 3: the file is empty"
    box.close()
    box.deleteLater()
    try:
        {}["missing"]
    except KeyError as exc:
        box = show_error(None, exc)
    assert "missing" not in box.text() and "Traceback" not in box.text() and box.text()
    assert "Traceback" not in (box.detailedText() or "")
    assert any(r.exc_info for r in caplog.records)  # the details went to the log
    box.close()
    box.deleteLater()
    QApplication.processEvents()


def test_signal_emission_keeps_python_references_intact(qtbot):
    """PySide6 6.12.0 lost a reference to ``True`` on every ``emit``; Python 3.11
    then aborted with "bool_dealloc" after enough signals.  BriefDesk emits
    signals for every progress step, so a binding with that defect is refused
    here (pyproject.toml excludes the release)."""
    import sys

    from briefdesk.gui.qt import QObject, Signal

    class Emitter(QObject):
        changed = Signal(object)

    emitter = Emitter()
    received = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True)
    for i in range(20):
        emitter.changed.emit(i)
    assert received == list(range(20))
    assert sys.getrefcount(True) >= before - 2  # a lost reference per emit would drop it by 20


def test_long_lived_objects_are_made_without_gc_passes_and_frozen():
    import gc

    from briefdesk.gui.tasks import long_lived

    passes = []
    gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
    try:
        before = gc.get_freeze_count()
        assert gc.isenabled()
        with long_lived():
            assert not gc.isenabled()
            made = [[i] for i in range(50_000)]  # enough containers to trigger collections otherwise
        assert passes == [] and gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
