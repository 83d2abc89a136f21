"""GUI test hygiene: background work ends and deferred deletions run before the next test."""

from __future__ import annotations

import pytest

from briefdesk.gui.qt import QApplication, QEvent, QThreadPool


@pytest.fixture(autouse=True)
def _settle_qt(qapp):
    yield
    QThreadPool.globalInstance().waitForDone(30_000)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
