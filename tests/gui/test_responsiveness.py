"""The window stays responsive while a delegate searches a large library.

Libraries are generated from the real corpus by :func:`bench.synthetic.build_library`.
The default test runs on a library of 50,000 paragraphs built from the English
and Chinese resolutions of ``akn/ga-75`` into the run's temporary folder (about
a minute on a 2-core machine; ``$BRIEFDESK_RESPONSIVE_PARAGRAPHS`` changes the
size).  The same check at one million paragraphs is marked ``scale`` and runs
only when asked (``bash scripts/test.sh --scale -m scale``; README, "Scale
tests"): it builds the library once (about 8 minutes on a quiet 2-core machine) into ``.bench-cache/``
in the project (``$BRIEFDESK_BENCH_CACHE`` overrides), never the user's cache.

While queries are typed key by key (English, then Chinese through input-method
commits, then a citation), a 10 ms :class:`QTimer` on the GUI thread records
when it fires: any gap over 100 ms would be a frame the user sees frozen.  On
a machine with more busy processes than cores (a shared CI runner, the 2-core
development box), the kernel alone can hold the GUI thread off a CPU for that
long; there the test asserts on the gaps less the time the thread waited in
the run queue (see :class:`Heartbeat`), and prints both.
"""

from __future__ import annotations

import os
import time

import pytest

from briefdesk.core.library import Library
from briefdesk.gui.mainwindow import MainWindow
from briefdesk.gui.qt import QApplication, QInputMethodEvent
from briefdesk.gui.tasks import wait_for_tasks
from tests.gui.heartbeat import Heartbeat

pytestmark = pytest.mark.corpus

PARAGRAPHS = int(os.environ.get("BRIEFDESK_RESPONSIVE_PARAGRAPHS", 50_000))
SCALE_PARAGRAPHS = 1_000_000
MAX_GAP = 0.100  # seconds without the event loop running
TIMEOUT = 120_000


def _open_library(path_for, paragraphs: int, languages: tuple[str, ...] | None):
    from tests.conftest import corpus_path

    corpus_path()  # skip (or fail on CI) without the corpus
    from bench.synthetic import build_library

    started = time.perf_counter()
    path = build_library(path_for(paragraphs), paragraphs, languages=languages)
    print(f"\n{paragraphs:,}-paragraph library ready in {time.perf_counter() - started:.0f} s: {path}")
    return Library(path)


@pytest.fixture(scope="session")
def big_library(tmp_path_factory):
    """A library of :data:`PARAGRAPHS` paragraphs in this run's temporary folder."""
    folder = tmp_path_factory.mktemp("responsive")
    lib = _open_library(lambda n: folder / f"synthetic-{n}.sqlite", PARAGRAPHS, ("English", "Chinese"))
    yield lib
    wait_for_tasks(60.0)
    lib.close()


@pytest.fixture(scope="session")
def million_library():
    """A library of one million paragraphs, cached in ``.bench-cache/`` (see the module's docstring)."""
    from bench.synthetic import cached_path

    lib = _open_library(cached_path, SCALE_PARAGRAPHS, None)
    yield lib
    wait_for_tasks(60.0)
    lib.close()


def type_keys(qtbot, box, text: str, pause_ms: int = 60) -> None:
    """Type ``text`` into ``box`` a key at a time (Chinese as input-method commits)."""
    box.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(box, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(box, event)
        qtbot.wait(pause_ms)


@pytest.mark.timeout(900)  # includes building the library (about a minute on 2 cores)
def test_typing_a_query_never_freezes_the_window(qtbot, big_library):
    _typing_never_freezes(qtbot, big_library)


@pytest.mark.scale
@pytest.mark.timeout(3600)  # includes building the million-paragraph library (10-25 min on 2 cores)
def test_typing_a_query_never_freezes_the_window_at_a_million_paragraphs(qtbot, million_library):
    _typing_never_freezes(qtbot, million_library)


def _typing_never_freezes(qtbot, big_library) -> None:
    with Heartbeat() as opening:  # measured and printed, not asserted: the issue asks about searching
        window = MainWindow(big_library)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
        qtbot.wait(200)
    print(f"window ready on {big_library.count():,} documents in {opening.seconds:.1f} s, "
          f"longest GUI-thread gap while opening {max(opening.gaps) * 1000:.0f} ms "
          f"({max(opening.own_gaps) * 1000:.0f} ms of its own)")
    panel = window.search_panel
    timings = {}
    with Heartbeat() as beat:
        for query in ("sustainable development", "可持续发展", "气候", "A/RES/75/100 4"):
            window.search_box.clear()
            start = time.perf_counter()
            type_keys(qtbot, window.search_box, query)
            qtbot.waitUntil(lambda: panel.request is not None and panel.request.text == query and not panel.busy
                            and not panel.debounce.isActive(), timeout=TIMEOUT)
            timings[query] = time.perf_counter() - start
            if query.startswith("A/RES"):
                assert panel.landing is not None and "A/RES/75/100" in panel.landing.label
            else:
                assert len(panel.hits) > 0, query
                assert all(h.snippet.spans for h in panel.hits), query
        panel.load_more()
        qtbot.waitUntil(lambda: not panel.busy, timeout=TIMEOUT)
    gaps, own = sorted(beat.gaps), sorted(beat.own_gaps)
    print("typed and answered (s):", {q: round(t, 2) for q, t in timings.items()},
          f"\n{len(beat.ticks)} ticks in {beat.seconds:.1f} s; longest gaps (ms) {[round(g * 1000) for g in gaps[-5:]]},"
          f" of the window's own doing {[round(g * 1000) for g in own[-5:]]}; load average {beat.load:.1f}"
          f" on {os.cpu_count()} cores")
    assert len(beat.ticks) > 100
    assert own[-1] < MAX_GAP, f"the window stopped its event loop for {own[-1] * 1000:.0f} ms"
    if not beat.oversubscribed:
        assert gaps[-1] < MAX_GAP, f"the event loop stopped for {gaps[-1] * 1000:.0f} ms"
