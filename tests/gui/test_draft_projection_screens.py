"""With two screens, projection asks which one and opens full screen there (issue 15, point 6).

Qt's screens are fixed when the application starts, so this runs a short BriefDesk session in a
child process on the offscreen platform configured with two virtual screens (a laptop and a
projector), and reads what it reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, time
from pathlib import Path
from briefdesk.core.drafting.service import DraftService
from briefdesk.core.library import Library
from briefdesk.gui.app import application
from briefdesk.gui.drafting.editor import DraftEditor
from briefdesk.gui.drafting.projection import ProjectionWindow
from briefdesk.gui.qt import QComboBox

app = application()
tmp = Path(sys.argv[1])
library = Library(tmp / "library.sqlite")
service = DraftService(library)
d = service.new("decision", "en", "T", "The Conference of the Parties,")
service.insert_paragraph(d, "Requests the Executive Secretary to report.")
editor = DraftEditor(library, journal_directory=tmp / "journal")
editor.show()

def settle(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)

editor.open_draft(d)
settle(lambda: editor.laid is not None and editor.idle)
dialog = editor.project()
combo = dialog.findChild(QComboBox)
proposed = combo.currentText()
dialog.accept()
settle(lambda: editor.projection is not None and editor.projection.isVisible())
window = editor.projection
settle(lambda: window.isFullScreen(), 5.0)
report = {"screens": [s.name() for s in app.screens()], "dialog": type(dialog).__name__,
          "proposed": proposed, "on": window.screen().name(), "full": window.isFullScreen(),
          "geometry": [window.geometry().x(), window.geometry().width(), window.geometry().height()],
          "pixels": window.browser.font().pixelSize(), "highlighted": window.highlighted == editor.current_pid}
window.close()
editor.close()
settle(lambda: editor.queue.idle)
library.close()
print(json.dumps(report))
"""


def test_projection_asks_for_the_screen_and_proposes_the_one_the_editor_is_not_on(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": True, "windowFrameMargins": False, "screens": [
        {"name": "Laptop", "x": 0, "y": 0, "width": 1400, "height": 900, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1},
        {"name": "Projector", "x": 1400, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["screens"] == ["Laptop", "Projector"]
    assert report["dialog"] == "QDialog" and report["proposed"].startswith("Projector")
    assert report["on"] == "Projector" and report["full"]
    assert report["geometry"] == [1400, 1280, 720]          # the whole projector
    assert report["pixels"] == 720 // 26 and report["highlighted"]
