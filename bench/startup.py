"""Benchmark: from process start to the first paint of the main window, beside a bare PySide6 window.

Usage: ``python bench/startup.py [--corpus ../shared/corpus] [--runs 5] [--library PATH]``

The library is the whole corpus (seeds and every AKN file), imported once and kept in
``/tmp/briefdesk-bench/`` for later runs (never by tests).  Each run starts a new Python
process (``QT_QPA_PLATFORM=offscreen``).  The app's process runs what the ``briefdesk``
command runs, ``cli.main(["--db", LIBRARY])`` (language, logging, arguments, then
``gui.app.run``: QApplication, fonts, build and show the main window, which opens the library
on a worker after its first paint), and reports the wall time of the main window's first
paint event; the bare process imports PySide6 and shows an empty ``QMainWindow``.  Both run
with their bytecode compiled, as an installed BriefDesk is (the first, warm-up run writes it
under ``/tmp/briefdesk-bench/pycache``, even where ``PYTHONDONTWRITEBYTECODE`` is set).  Runs
alternate so both see the same machine load.  Prints the medians of wall time (and of CPU
time, steadier when other processes share the CPUs), their ratio, the goal (≤ 1.0 s and
≤ 1.5× the bare window), and for the app the time until the library tree is filled (off the
GUI thread) and the GUI thread's longest stall from the first paint until then (how long a 5-ms timer had to wait).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CACHE = Path("/tmp/briefdesk-bench")

CPU = """
import resource
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
"""

BARE = CPU + r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("paint", time.time(), cpu(), flush=True)
            QTimer.singleShot(0, app.quit)
            obj.removeEventFilter(self)
        return False
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1280, 800)
f = First(); w.installEventFilter(f)
w.show()
app.exec()
"""

APP = CPU + r"""
import sys, time
from briefdesk import cli  # what the briefdesk command runs
from briefdesk.gui.app import application
from briefdesk.gui.qt import QApplication, QEvent, QMainWindow, QObject, QTimer
class First(QObject):  # the first paint of the main window (an application-wide filter: cli builds it)
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            print("paint", time.time(), cpu(), flush=True)
            QApplication.instance().removeEventFilter(self)
            last[0] = time.perf_counter()  # the first wait counted is from the paint (what comes right after it too)
            QTimer.singleShot(5, poll)
        return False
app = application(fonts=False)  # created first only to install the filter, as gui.app.main_window creates it
f = First(); app.installEventFilter(f)
longest = [0.0]
last = [None]
def poll():  # the library opens and the tree fills off the GUI thread; this timer keeps running meanwhile
    now = time.perf_counter()
    if last[0] is not None:
        longest[0] = max(longest[0], now - last[0])
    last[0] = now
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if windows and windows[0].library_ready and windows[0].library_model.rowCount() > 0:
        print("tree", time.time(), longest[0], flush=True)
        app.quit()
    else:
        QTimer.singleShot(5, poll)
QTimer.singleShot(30000, app.quit)
sys.exit(cli.main(["--db", sys.argv[1]]))
"""


def corpus_library(corpus: Path) -> Path:
    """The whole corpus imported once into ``/tmp/briefdesk-bench`` (rebuilt when the schema or
    the citation extractor changes); returns its path."""
    from briefdesk.core.citations import EXTRACTOR_VERSION
    from briefdesk.core.importer import Importer
    from briefdesk.core.library import HEAD_REVISION, Library

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"corpus-{HEAD_REVISION}-x{EXTRACTOR_VERSION}.sqlite"
    if path.exists():
        return path
    tmp = path.with_suffix(".building")
    for leftover in CACHE.glob(tmp.name + "*"):
        leftover.unlink()
    print(f"building the corpus library {path} (once)…", file=sys.stderr)
    start = time.perf_counter()
    library = Library(tmp)
    results = Importer(library).import_paths([corpus / "seeds", corpus / "akn"])
    count = library.count()
    library.close()
    tmp.rename(path)
    print(f"  {len(results)} files, {count} documents in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return path


def run_once(code: str, *args: str) -> dict[str, float]:
    # bytecode as an installed BriefDesk has it (pip and the bundle compile it): written once, by the
    # warm-up run, under /tmp (the source tree stays clean), whatever PYTHONDONTWRITEBYTECODE says here
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "src"),
               PYTHONPYCACHEPREFIX=str(CACHE / "pycache"), BRIEFDESK_CONFIG_DIR=str(CACHE / "config"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                         timeout=120)
    marks: dict[str, float] = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if parts and parts[0] in ("paint", "tree"):
            marks[parts[0]] = float(parts[1]) - start
        if parts and parts[0] == "paint":
            marks["cpu"] = float(parts[2])
        if parts and parts[0] == "tree":
            marks["stall"] = float(parts[2])
    if "paint" not in marks:
        raise RuntimeError(f"no paint reported:\n{out.stdout}\n{out.stderr}")
    return marks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--library", type=Path, help="an existing library instead of the corpus one")
    args = parser.parse_args()
    library = args.library or corpus_library(args.corpus)
    from briefdesk.core.library import Library

    lib = Library(library, update_citations=False)
    documents = lib.count()
    lib.close()
    run_once(BARE)  # warm the file cache for both
    run_once(APP, str(library))
    bare, app, tree, bare_cpu, app_cpu, stall = [], [], [], [], [], []
    for _ in range(args.runs):
        marks = run_once(BARE)
        bare.append(marks["paint"])
        bare_cpu.append(marks["cpu"])
        marks = run_once(APP, str(library))
        app.append(marks["paint"])
        app_cpu.append(marks["cpu"])
        if "tree" in marks:
            tree.append(marks["tree"])
            stall.append(marks["stall"])
    b, a = statistics.median(bare), statistics.median(app)
    print(f"library: {library} ({documents} documents); {args.runs} runs each, load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'':<28}{'median':>9}{'min':>9}{'max':>9}")
    print(f"{'bare PySide6 window':<28}{b:>8.2f}s{min(bare):>8.2f}s{max(bare):>8.2f}s")
    print(f"{'BriefDesk main window':<28}{a:>8.2f}s{min(app):>8.2f}s{max(app):>8.2f}s")
    if tree:
        print(f"{'  … library tree filled':<28}{statistics.median(tree):>8.2f}s{min(tree):>8.2f}s{max(tree):>8.2f}s")
        print(f"{'  … longest GUI stall':<28}{statistics.median(stall):>8.2f}s{min(stall):>8.2f}s{max(stall):>8.2f}s"
              "  (between paint and filled tree: a 5-ms timer's longest wait)")
    bc, ac = statistics.median(bare_cpu), statistics.median(app_cpu)
    print(f"CPU time to first paint (median; steadier than wall on a loaded machine): bare {bc:.2f} s, "
          f"BriefDesk {ac:.2f} s, ratio {ac / bc:.2f}x")
    ok = a <= 1.0 and a <= 1.5 * b
    print(f"ratio BriefDesk / bare: {a / b:.2f}x  (goal: median <= 1.00 s and <= 1.5x): "
          f"{'met' if ok else 'not met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
