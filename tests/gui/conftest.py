"""GUI test hygiene: background work ends and deferred deletions run before the next test."""

from __future__ import annotations

import pytest

from briefdesk.gui.qt import QApplication, QEvent
from briefdesk.gui.tasks import wait_for_tasks


@pytest.fixture(autouse=True)
def _settle_qt(qapp):
    yield
    wait_for_tasks(30.0)
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
