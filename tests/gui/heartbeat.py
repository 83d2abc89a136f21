"""A 10 ms timer on the GUI thread that tells how long the event loop stopped.

Shared by the GUI tests that check the window keeps running while work goes
on (a slow search, typing over a large library).
"""

from __future__ import annotations

import os
import threading
import time

from briefdesk.gui.qt import QTimer


def _runqueue_wait() -> float:
    """Seconds the calling thread has spent runnable but waiting for a CPU (Linux schedstat; 0 elsewhere)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class Heartbeat:
    """A 10 ms timer on the GUI thread.

    :attr:`gaps` are the wall-clock seconds between its ticks.  :attr:`own_gaps`
    subtract from each the time the GUI thread sat in the kernel's run queue
    waiting for a CPU that other processes held (Linux schedstat): what is left
    is time the window itself spent away from its event loop (working, or
    waiting for the GIL or a lock).  On a machine shared by more busy
    processes than cores, only the second is this program's doing.
    """

    def __init__(self) -> None:
        self.ticks: list[tuple[float, float]] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append((time.perf_counter(), _runqueue_wait()))

    def __enter__(self) -> Heartbeat:
        self.ticks = []
        self._tick()
        self.load = os.getloadavg()[0]
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self._tick()
        self.load = max(self.load, os.getloadavg()[0])

    @property
    def seconds(self) -> float:
        return self.ticks[-1][0] - self.ticks[0][0]

    @property
    def gaps(self) -> list[float]:
        return [b[0] - a[0] for a, b in zip(self.ticks, self.ticks[1:])]

    @property
    def own_gaps(self) -> list[float]:
        return [(b[0] - a[0]) - (b[1] - a[1]) for a, b in zip(self.ticks, self.ticks[1:])]

    @property
    def oversubscribed(self) -> bool:
        """True when the machine had more runnable processes than cores during the measure."""
        return self.load > (os.cpu_count() or 1)


