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
# No test reads or writes the user's real folders: data (the default library), config
# (settings, QSettings), cache, state (logs, drafting journal) all go to one scratch folder
# for the run (platformdirs and Qt follow the XDG variables on Linux).
SCRATCH = Path(tempfile.mkdtemp(prefix="briefdesk-test-home-"))
for _variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_variable] = str(SCRATCH / _variable.lower())
# preferences (core/settings.py) and the window's remembered layout: never the user's own
os.environ["BRIEFDESK_CONFIG_DIR"] = str(SCRATCH / "briefdesk-config")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BRIEFDESK_CORPUS", ROOT.parent / "shared" / "corpus"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--scale", action="store_true", default=False,
                     help="also run the tests marked 'scale' (a million paragraphs: about 8 minutes to build once)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``scale`` run only with ``--scale`` (``bash scripts/test.sh --scale -m scale``)."""
    if config.getoption("--scale"):
        return
    skip = pytest.mark.skip(reason="a scale test: run it with --scale (see README, 'Scale tests')")
    for item in items:
        if "scale" in item.keywords:
            item.add_marker(skip)


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


# PostgreSQL beside SQLite (issue 16): the session's throwaway server and the ``backend`` fixture
from tests.pg import backend, pg_server, stop_server  # noqa: E402,F401


def pytest_sessionfinish(session, exitstatus) -> None:
    stop_server()
