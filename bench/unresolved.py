"""Benchmark: opening View › Unresolved Citations on the corpus library, beside baselines of the same run.

Usage: ``python bench/unresolved.py [--corpus ../shared/corpus] [--library PATH] [--runs 5]``

Works on a copy of the corpus library of :mod:`bench.startup` (built once in
``/tmp/briefdesk-bench``).  In one process (``QT_QPA_PLATFORM=offscreen``) it opens the main
window, then ``--runs`` times shows the Unresolved Citations dock and measures, on the GUI
thread, the wall time from the menu action to the first paint of the list with its rows
(the query runs on a worker thread), then to its "Citing documents" column filled (a second
query; the task is done), the process's CPU time meanwhile (steadier than wall time when
other processes share the cores), and the longest stop of the window meanwhile (a
10 ms timer; "own" subtracts the time the GUI thread waited for a CPU held by other
processes, see ``tests/gui/heartbeat.py``); then the time to expand the most cited
row (its language forms are fetched when it opens).  Beside it, in the same run and on
the same library:

- ``query``: :func:`briefdesk.core.unresolved.unresolved_groups` without the citing documents
  (what the worker runs first), :func:`~briefdesk.core.unresolved.citing_documents` (then),
  and both in one query (``count_documents=True``);
- ``sql floor``: that one query's statement through ``sqlite3``, no ORM, no Python objects;
- ``all forms at once``: the previous design (every symbol × citing language counted and
  placed before showing anything, as the view did before this change);
- ``flat list``: :meth:`Library.unresolved_citations`, one row per citation (what the view
  listed first: 46,145 rows on the 2,146-document library).

Goal (issue 13): the view opens in under 0.3 s and never stops the window.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

GOAL = 0.3  # seconds

FLOOR_SQL = """
SELECT c.target_symbol, count(c.id), count(DISTINCT p.document_id), min(c.paragraph_id)
FROM citation c JOIN paragraph p ON p.id = c.paragraph_id
WHERE c.target_symbol IS NOT NULL AND c.resolved_document_id IS NULL
GROUP BY c.target_symbol
"""


def all_forms_at_once(library) -> int:
    """The previous design, kept here as the baseline: counts grouped by symbol *and* citing
    language, then the place of every group's first citation, all before showing a row.
    Returns the number of forms."""
    from sqlalchemy import distinct, func, select

    from briefdesk.core.models import Citation, Document, Paragraph

    counts = (select(Citation.target_symbol, Document.language, func.count(Citation.id),
                     func.count(distinct(Paragraph.document_id)), func.min(Citation.text),
                     func.min(Citation.paragraph_id))
              .join(Paragraph, Paragraph.id == Citation.paragraph_id)
              .join(Document, Document.id == Paragraph.document_id)
              .where(Citation.target_symbol.is_not(None) & Citation.resolved_document_id.is_(None))
              .group_by(Citation.target_symbol, Document.language))
    with library.sessions() as s:
        rows = s.execute(counts).all()
        ids = sorted({row[5] for row in rows})
        places = {}
        for start in range(0, len(ids), 500):
            places.update((pid, (doc, pos)) for pid, doc, pos in s.execute(
                select(Paragraph.id, Paragraph.document_id, Paragraph.position)
                .where(Paragraph.id.in_(ids[start:start + 500]))))
    forms: dict[str, list] = {}
    for symbol, language, n, docs, text, pid in rows:
        forms.setdefault(symbol, []).append((language, text, n, docs, places[pid]))
    return sum(len(f) for f in forms.values())


def cpu() -> float:
    """CPU seconds of this process so far (every thread)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(func, runs: int) -> tuple[float, object]:
    """Median wall seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--library", type=Path, help="an existing library instead of the corpus one (copied)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from startup import corpus_library

    source = args.library or corpus_library(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="briefdesk-unres-"))
    try:
        path = work / "library.sqlite"
        shutil.copyfile(source, path)
        return run(path, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(path: Path, runs: int) -> int:
    from briefdesk.core.i18n import set_language

    set_language("en")
    from briefdesk.core.library import Library
    from briefdesk.core.unresolved import (
        citing_documents,
        unresolved_forms,
        unresolved_groups,
    )
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication, QEvent, QObject
    from briefdesk.gui.tasks import wait_for_tasks
    from tests.gui.heartbeat import Heartbeat

    def wait(condition, timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            QApplication.processEvents()
            time.sleep(0.002)
            if time.monotonic() > end:
                raise TimeoutError("a step did not finish")

    class FirstPaint(QObject):
        """Notes the time of the list's first paint once it has rows."""

        def __init__(self, model) -> None:
            super().__init__()
            self.model, self.at = model, None

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and self.at is None and self.model.rowCount() > 0:
                self.at = time.perf_counter()
            return False

    app = application()  # noqa: F841 (kept alive)
    library = Library(path, update_citations=False)
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    wait(lambda: not window.busy)
    panel = window.unresolved_panel

    opens, completes, cpus, gaps, own_gaps, expands = [], [], [], [], [], []
    for _ in range(runs):
        window.unresolved_dock.hide()
        panel.model.set_groups([])
        QApplication.processEvents()
        painted = FirstPaint(panel.model)
        panel.view.viewport().installEventFilter(painted)
        with Heartbeat() as beat:
            start, started_cpu = time.perf_counter(), cpu()
            window.unresolved_action.trigger()
            wait(lambda painted=painted: painted.at is not None)
            cpus.append(cpu() - started_cpu)
            wait(lambda: window.unresolved_task.done)
            completes.append(time.perf_counter() - start)
        panel.view.viewport().removeEventFilter(painted)
        opens.append(painted.at - start)
        gaps.append(max(beat.gaps))
        own_gaps.append(max(beat.own_gaps))
        start = time.perf_counter()
        top = panel.model.index(0, 0)
        panel.view.expand(top)
        wait(lambda: 0 in panel.model.forms)
        expands.append(time.perf_counter() - start)
    groups = panel.model.groups
    forms_first = len(panel.model.forms[0])
    wait_for_tasks(30.0)

    listed, _ = timed(lambda: unresolved_groups(library, count_documents=False), runs)
    counted, _ = timed(lambda: citing_documents(library), runs)
    query, _ = timed(lambda: unresolved_groups(library), runs)
    one_forms, _ = timed(lambda: unresolved_forms(library, groups[0].symbol), runs)
    with sqlite3.connect(path) as raw:
        floor, _ = timed(lambda: raw.execute(FLOOR_SQL).fetchall(), runs)
    eager, forms = timed(lambda: all_forms_at_once(library), runs)
    flat, links = timed(lambda: library.unresolved_citations(), max(1, runs // 2))

    opened = statistics.median(opens)
    print(f"library: {library.display_location} ({library.count()} documents, {len(links):,} unresolved "
          f"citations, {len(groups):,} missing documents, {forms:,} language forms); "
          f"{runs} runs, medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'':<44}{'seconds':>9}{'ratio':>8}")
    rows = [("open the view (action -> rows painted)", opened),
            ("  the first of the runs (cold)", opens[0]),
            ("  CPU time of the process meanwhile", statistics.median(cpus)),
            ("  query: unresolved_groups, no documents", listed),
            ("citing documents filled (task done)", statistics.median(completes)),
            ("  query: citing_documents", counted),
            ("both in one query: unresolved_groups", query),
            ("  sql floor: that query via sqlite3", floor),
            (f"expand the top row ({forms_first} forms)", statistics.median(expands)),
            ("  query: unresolved_forms", one_forms),
            ("baseline: all forms at once (previous)", eager),
            ("baseline: flat list, one row per citation", flat)]
    for name, seconds in rows:
        print(f"{name:<44}{seconds:>9.3f}{seconds / opened:>7.1f}x")
    print(f"longest stop of the window while opening: {max(gaps) * 1000:.0f} ms wall, "
          f"{max(own_gaps) * 1000:.0f} ms its own (without waiting for a CPU)")
    print(f"goal: opens in < {GOAL} s: {'met' if opened < GOAL else 'not met'} (median), "
          f"{'met' if opens[0] < GOAL else 'not met'} (first)")
    window.close()
    wait_for_tasks(30.0)
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
