"""The log file (:mod:`briefdesk.core.logs`): set up at start without ``logging.handlers``,
opened as a rotating file at the first record."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

SCRIPT = r"""
import logging, sys
from briefdesk.core.logs import log_path, setup_logging
path = setup_logging()
print("PATH", path == log_path(), path.is_file(), path.stat().st_size)
print("HANDLERS-MODULE", "logging.handlers" in sys.modules)
logging.getLogger("briefdesk.test").error("the first record %s", "ü")
logging.getLogger("briefdesk.test").info("the second record")
handler = logging.getLogger("briefdesk").handlers[-1]._file
print("ROTATING", type(handler).__name__, handler.maxBytes, handler.backupCount)
print("TEXT", path.read_text("utf-8").replace("\n", "|"))
"""


def test_the_log_file_is_checked_at_setup_and_written_rotating_from_the_first_record(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(SRC), XDG_STATE_HOME=str(tmp_path / "state"))
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True,
                         timeout=60).stdout
    lines = dict(line.split(" ", 1) for line in out.splitlines())
    assert lines["PATH"] == "True True 0"  # the folder made, the file there (empty), nothing written yet
    assert lines["HANDLERS-MODULE"] == "False"  # the start-up does not load logging.handlers
    assert lines["ROTATING"] == "RotatingFileHandler 1000000 3"
    text = lines["TEXT"]
    assert "ERROR briefdesk.test: the first record ü" in text and "INFO briefdesk.test: the second record" in text


def test_a_log_folder_that_cannot_be_written_leaves_records_on_stderr(tmp_path):
    state = tmp_path / "state"
    state.write_text("a file where the folder should be")
    env = dict(os.environ, PYTHONPATH=str(SRC), XDG_STATE_HOME=str(state))
    code = ("import logging\nfrom briefdesk.core.logs import setup_logging\nprint(setup_logging())\n"
            "logging.getLogger('briefdesk.test').error('said on stderr')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, timeout=60)
    assert done.stdout.strip() == "None" and "said on stderr" in done.stderr
