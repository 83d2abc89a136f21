"""The window stays responsive while a delegate searches a library of one million paragraphs.

The library is generated from the real corpus by :func:`bench.synthetic.build_library`
(about ten minutes on a 2-core machine, once), cached in the user's cache
folder (``$BRIEFDESK_BENCH_CACHE`` overrides) and reused by later runs.
``$BRIEFDESK_RESPONSIVE_PARAGRAPHS`` sets a smaller size for a quick local
run; the default, and what CI runs, is one million.

While queries are typed key by key (English, then Chinese through input-method
commits, then a citation), a 10 ms :class:`QTimer` on the GUI thread records
when it fires: any gap over 100 ms would be a frame the user sees frozen.
"""

from __future__ import annotations

import os
import time

import pytest

from briefdesk.core.library import Library
from briefdesk.gui.mainwindow import MainWindow
from briefdesk.gui.qt import QApplication, QInputMethodEvent, QTimer
from briefdesk.gui.tasks import wait_for_tasks

pytestmark = pytest.mark.corpus

PARAGRAPHS = int(os.environ.get("BRIEFDESK_RESPONSIVE_PARAGRAPHS", 1_000_000))
MAX_GAP = 0.100  # seconds without the event loop running
TIMEOUT = 120_000


@pytest.fixture(scope="session")
def big_library():
    from tests.conftest import corpus_path

    corpus_path()  # skip (or fail on CI) without the corpus
    from bench.synthetic import build_library, cached_path

    started = time.perf_counter()
    path = build_library(cached_path(PARAGRAPHS), PARAGRAPHS)
    print(f"\n{PARAGRAPHS:,}-paragraph library ready in {time.perf_counter() - started:.0f} s: {path}")
    lib = Library(path)
    yield lib
    wait_for_tasks(60.0)
    lib.close()


class Heartbeat:
    """A 10 ms timer on the GUI thread; :attr:`gaps` are the seconds between its ticks."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def __enter__(self) -> Heartbeat:
        self.ticks = [time.perf_counter()]
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self.ticks.append(time.perf_counter())

    @property
    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.ticks, self.ticks[1:])]


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


def test_typing_a_query_never_freezes_the_window(qtbot, big_library):
    window = MainWindow(big_library)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    opened = time.perf_counter()
    qtbot.waitUntil(lambda: not window.busy, timeout=TIMEOUT)
    print(f"window ready on {big_library.count():,} documents in {time.perf_counter() - opened:.1f} s")
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
    gaps = sorted(beat.gaps)
    print("typed and answered:", {q: round(t, 2) for q, t in timings.items()},
          f"ticks {len(beat.ticks)}, longest gaps (ms) {[round(g * 1000) for g in gaps[-5:]]}")
    assert len(beat.ticks) > 100
    assert gaps[-1] < MAX_GAP, f"the event loop stopped for {gaps[-1] * 1000:.0f} ms"
