"""Fixtures shared by the core tests."""

from __future__ import annotations

import pytest

from briefdesk.core.library import Library


@pytest.fixture
def library(tmp_path):
    """An empty library in the test's own directory, closed after the test (modules needing one
    filled with documents override this fixture)."""
    lib = Library(tmp_path / "library.sqlite")
    yield lib
    lib.close()
