"""Shared fixtures: the reference corpus and a fresh library per test.

Corpus tests use the ``corpus`` fixture, which skips (saying why) where
``../shared/corpus`` is absent, as in a user's clone.  CI sets ``CI=true``
and always has the corpus, so there a missing corpus is a failure, not a skip.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Logs written while testing go to a scratch folder, not the user's log folder (platformdirs, Linux).
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="briefdesk-test-state-")
# preferences (core/settings.py) and the window's remembered layout: never the user's own
os.environ["BRIEFDESK_CONFIG_DIR"] = tempfile.mkdtemp(prefix="briefdesk-test-config-")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFDESK_CORPUS", ROOT.parent / "shared" / "corpus"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_path() -> Path:
    """The corpus directory, or skip (fail on CI) when it is absent."""
    if not (CORPUS / "README.md").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the reference corpus at {CORPUS}")
        pytest.skip(f"reference corpus not found at {CORPUS} (it ships beside the project, not in it)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return corpus_path()


@pytest.fixture
def seeds(corpus: Path) -> Path:
    return corpus / "seeds"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
