"""What the ``screenshot*.py`` scripts share (run as ``python scripts/screenshot*.py``, so this
folder is on ``sys.path``)."""

from __future__ import annotations

import time


def settler(app, default_seconds: float = 60.0):
    """``settle(predicate, seconds=default_seconds)``: process ``app``'s events until
    ``predicate()`` holds or ``seconds`` have passed (``settle(lambda: False, 0.5)`` lets a
    window paint for half a second)."""
    def settle(predicate, seconds: float = default_seconds) -> None:
        deadline = time.monotonic() + seconds
        while not predicate() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)

    return settle
