"""Benchmark: peak memory (RSS) of a scripted session on the whole corpus, beside a bare PySide6 window.

Usage: ``python bench/memory.py [--corpus ../shared/corpus] [--library PATH] [--trace]``

Works on a copy of the corpus library of :mod:`bench.startup` (built once in
``/tmp/briefdesk-bench``).  In one process (``QT_QPA_PLATFORM=offscreen``) it opens the main
window as ``briefdesk`` does, then, waiting for each step's work off the GUI thread: opens 20
documents, runs 20 searches, builds a briefing pack (five excerpts), opens it in the pack
editor and exports it as PDF, starts a draft from a resolution, saves two versions and compares
them, and opens View › Unresolved Citations.  Prints the RSS after each step and the peak
(``ru_maxrss``), beside the peak of a bare PySide6 window measured in the same run.
With ``--trace``, :mod:`tracemalloc` runs too (slower; RSS grows by its own bookkeeping) and
each step also prints the Python heap (now and its peak during the step) and the five
files that allocated most of what the step left alive.
Goal (issue 13): peak ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

QUERIES = ["sustainable development", "women", "发展", "妇女", "развития", "التنمية", "climate change",
           "Secretary-General", "human rights", "développement durable", "desarrollo sostenible", "森林",
           "\"international cooperation\"", "75/1", "oceans", "health", "migration", "children", "peace",
           "可持续发展"]

BARE = r"""
import resource, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1]); w = QMainWindow(); w.resize(1280, 800); w.show()
QTimer.singleShot(500, app.quit); app.exec()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def rss_mb(field: str = "VmRSS") -> float:
    """``field`` of ``/proc/self/status`` in MB (``VmRSS``; ``RssAnon``: heap and stacks;
    ``RssFile``: mapped files such as shared libraries and fonts)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--library", type=Path, help="an existing library instead of the corpus one (copied)")
    parser.add_argument("--trace", action="store_true", help="tracemalloc: Python heap and top allocators by step")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    bare = int(subprocess.run([sys.executable, "-c", BARE], capture_output=True, text=True,
                              check=True).stdout.split()[-1]) / 1024
    from startup import corpus_library

    source = args.library or corpus_library(args.corpus)
    work = Path(tempfile.mkdtemp(prefix="briefdesk-mem-"))
    try:
        path = work / "library.sqlite"
        shutil.copyfile(source, path)
        return session(path, bare, args.trace)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def session(path: Path, bare: float, trace: bool = False) -> int:
    from briefdesk.core.i18n import set_language

    set_language()
    from briefdesk.core.library import Library
    from briefdesk.gui.app import application
    from briefdesk.gui.mainwindow import MainWindow
    from briefdesk.gui.qt import QApplication

    steps: list[tuple[str, float, float, float, float]] = []
    traces: list[str] = []
    if trace:
        import tracemalloc

        tracemalloc.start()
        snapshots = [tracemalloc.take_snapshot()]

    def wait(condition, timeout: float = 300.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            QApplication.processEvents()
            time.sleep(0.005)
            if time.monotonic() > end:
                raise TimeoutError("a step did not finish")

    def mark(name: str, started: float) -> None:
        steps.append((name, time.perf_counter() - started, rss_mb(), rss_mb("RssAnon"), rss_mb("RssFile")))
        if trace:
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            snapshot = tracemalloc.take_snapshot()
            top = snapshot.compare_to(snapshots[-1], "filename")[:5]
            snapshots.append(snapshot)
            traces.append(f"{name}: Python heap {current / 2**20:.0f} MB (peak {peak / 2**20:.0f} MB); "
                          + "; ".join(f"{Path(d.traceback[0].filename).name} {d.size_diff / 2**20:+.1f} MB"
                                      for d in top))

    t = time.perf_counter()
    app = application()  # noqa: F841 (kept alive for the session)
    library = Library(path, update_citations=False)
    window = MainWindow(library)
    window.resize(1280, 800)
    window.show()
    wait(lambda: not window.busy)
    mark("window open, tree filled", t)

    t = time.perf_counter()
    summaries = library.summaries()
    step = max(1, len(summaries) // 20)
    for s in summaries[::step][:20]:
        task = window.open_document(s.id)
        wait(lambda: task.done and not window.busy)
    mark("20 documents opened", t)

    t = time.perf_counter()
    for q in QUERIES:
        task = window.run_search(q)
        wait(lambda: (task is None or task.done) and not window.busy)
    mark("20 searches", t)

    t = time.perf_counter()
    from briefdesk.core.packs.service import PackService
    from briefdesk.core.render.pack_pdf import export_pack_pdf

    packs = PackService(library)
    pack_id = packs.create(title="Memory bench", body="General Assembly", session="80", language="en")
    item = packs.add_item(pack_id, "1", "Sustainable development")
    for s in summaries[::max(1, len(summaries) // 5)][:5]:
        packs.add_excerpt(item, s.id)
    task = window.pack_editor.open_pack(pack_id)
    wait(lambda: task.done and not window.pack_editor.busy)
    pages = export_pack_pdf(packs.get(pack_id), path.parent / "pack.pdf")
    mark(f"pack built, opened, exported ({pages} pages)", t)

    t = time.perf_counter()
    from briefdesk.core.drafting.compare import compare, draft_side
    from briefdesk.core.drafting.service import DraftService

    drafts = DraftService(library)
    english = next(s for s in summaries if s.language == "en" and s.paragraph_count > 20)
    draft = drafts.from_document(english.id)
    drafts.save_version(draft, "first reading")
    first = drafts.snapshot(draft)
    drafts.set_text(first.paragraphs[5].id, first.paragraphs[5].text + " [as amended]")
    drafts.save_version(draft, "second reading")
    rows = compare(draft_side(drafts.snapshot(draft, 1)), draft_side(drafts.snapshot(draft, 2)))
    mark(f"draft: 2 versions compared ({len(rows)} rows)", t)

    t = time.perf_counter()
    window.unresolved_action.trigger()
    wait(lambda: window.unresolved_task is not None and window.unresolved_task.done)
    groups = len(window.unresolved_panel.groups)
    mark(f"Unresolved Citations ({groups} missing documents)", t)

    peak = peak_mb()
    print(f"library: {library.display_location} ({len(summaries)} documents)")
    print(f"{'step':<52}{'time':>8}{'RSS':>10}{'anon':>9}{'files':>9}")
    for name, seconds, rss, anon, files in steps:
        print(f"{name:<52}{seconds:>7.2f}s{rss:>7.0f} MB{anon:>6.0f} MB{files:>6.0f} MB")
    for line in traces:
        print(line)
    print(f"peak RSS: {peak:.0f} MB; bare PySide6 window: {bare:.0f} MB ({peak / bare:.1f}x); "
          f"goal <= 250 MB: {'met' if peak <= 250 else 'not met'}")
    window.close()
    from briefdesk.gui.tasks import wait_for_tasks

    wait_for_tasks(30.0)
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
