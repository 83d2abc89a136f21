"""Start-up stays light: the window's module does not pull in Alembic or ReportLab, and a
library at the newest schema opens without Alembic (issue 13, point 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from briefdesk.core.library import HEAD_REVISION, Library
from briefdesk.core.resources import project_path

SRC = Path(__file__).resolve().parents[2] / "src"


def _modules_after(code: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, env=env, check=True).stdout
    return {line.split(".")[0] for line in out.splitlines()}


def test_importing_the_main_window_imports_neither_alembic_nor_reportlab():
    loaded = _modules_after("import briefdesk.gui.mainwindow")
    assert "alembic" not in loaded
    assert "reportlab" not in loaded


def test_opening_a_current_library_does_not_import_alembic(tmp_path):
    Library(tmp_path / "lib.sqlite").close()  # created and migrated (Alembic runs here)
    loaded = _modules_after(f"from briefdesk.core.library import Library\n"
                            f"Library({str(tmp_path / 'lib.sqlite')!r}, update_citations=False).close()")
    assert "alembic" not in loaded


def test_head_revision_constant_is_the_newest_migration():
    from alembic.script import ScriptDirectory
    from briefdesk.core.library import _alembic_config

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head == HEAD_REVISION, (
        f"db/versions' head is {head}: set HEAD_REVISION in core/library.py to it (a library at the "
        "newest schema opens without importing Alembic by comparing against that constant)")
    assert any(p.name.startswith(HEAD_REVISION + "_") for p in (project_path("db") / "versions").glob("*.py"))
