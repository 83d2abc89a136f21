"""Start-up stays light (issue 13, point 2): the window's module does not pull in Alembic or
ReportLab; a library at the newest schema opens without Alembic; and what ``briefdesk`` runs
(``cli.main``) paints its main window before loading anything it does not show (SQLAlchemy,
the ORM, search, readers, PDF, packs, drafting, Babel's catalogue reader), then opens the
library off the GUI thread.  The time it takes is a bench (``bench/startup.py``), not a test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from briefdesk.core.library import HEAD_REVISION, Library
from briefdesk.core.resources import project_path

SRC = Path(__file__).resolve().parents[2] / "src"


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          check=True, timeout=120).stdout


def _modules_after(code: str) -> set[str]:
    out = _run(code + "\nimport sys\nprint('\\n'.join(sys.modules))")
    return {line.split(".")[0] for line in out.splitlines()}


#: Loaded by nothing the first paint of the main window needs (packages, or modules and their
#: submodules): the database layer, migrations, readers, PDF, fuzzy matching, the ORM-backed
#: core, the editors' windows, Babel (an English interface formats nothing before it, and has no
#: catalogue), the document model, Qt's printing, the log file's handler (opened at the first
#: record), and the window's panels, built after the first paint
#: (:meth:`.mainwindow.MainWindow.ensure_panels`).
NOT_BEFORE_FIRST_PAINT = (
    "sqlalchemy", "alembic", "reportlab", "lxml", "docx", "rapidfuzz", "jieba", "bidi",
    "briefdesk.core.library", "briefdesk.core.models", "briefdesk.core.search", "briefdesk.core.importer",
    "briefdesk.core.readers", "briefdesk.core.citations", "briefdesk.core.render", "briefdesk.core.packs",
    "briefdesk.core.drafting", "briefdesk.core.unresolved", "briefdesk.core.backup", "briefdesk.core.integrity",
    "briefdesk.gui.packs.editor", "briefdesk.gui.drafting", "briefdesk.gui.unresolved_panel",
    "briefdesk.gui.backup_actions", "babel", "briefdesk.core.document", "PySide6.QtPrintSupport",
    "briefdesk.gui.search_panel", "briefdesk.gui.compare_view", "briefdesk.gui.docview", "briefdesk.gui.similar_panel",
    "briefdesk.gui.results_page", "briefdesk.gui.models", "briefdesk.gui.delegates", "briefdesk.gui.palette",
    "briefdesk.gui.versions", "briefdesk.gui.ux", "briefdesk.gui.packs", "briefdesk.gui.recent", "briefdesk.gui.guide",
    "briefdesk.gui.preferences", "logging.handlers",
)

#: What ``briefdesk --db LIBRARY`` runs, reporting at the main window's first paint: the modules
#: loaded, the Qt names :mod:`briefdesk.gui.qt` has resolved, Babel's locale data loaded (none:
#: Babel is not loaded), whether the library was open and the panels built; then, once the tree
#: is filled, that it was filled and the panels built.
FIRST_PAINT = r"""
import sys
from briefdesk import cli
from briefdesk.gui.app import application
from briefdesk.gui.qt import QApplication, QEvent, QMainWindow, QObject, QTimer
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            QApplication.instance().removeEventFilter(self)
            print("MODULES", " ".join(sorted(sys.modules)))
            print("QT", " ".join(sorted(vars(sys.modules["briefdesk.gui.qt"]))))
            import babel.localedata
            print("LOCALES", " ".join(sorted(babel.localedata._cache)) or "-")
            print("OPEN", obj.library.is_open, obj.library_ready, obj.panels_built)
            print("FONTS", len(sys.modules["briefdesk.gui.fonts"]._families))
            QTimer.singleShot(0, lambda: poll(obj))
        return False
def poll(window):
    if window.library_ready and window.library_model.rowCount() > 0:
        print("TREE", window.library_model.rowCount(), window.panels_built, flush=True)
        print("FONTS-AFTER", len(sys.modules["briefdesk.gui.fonts"]._families), flush=True)
        QApplication.instance().quit()
    else:
        QTimer.singleShot(10, lambda: poll(window))
app = application(fonts=False)  # as gui.app.main_window creates it
f = First(); app.installEventFilter(f)
QTimer.singleShot(60000, app.quit)
sys.exit(cli.main(["--db", sys.argv[1]]))
"""


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


def test_first_paint_of_the_main_window_loads_nothing_it_does_not_show(tmp_path, corpus):
    """``briefdesk`` paints its window before the library is opened or SQLAlchemy loaded; the
    library then opens off the GUI thread and the tree fills."""
    from briefdesk.core.importer import Importer

    location = tmp_path / "lib.sqlite"
    library = Library(location)
    Importer(library).import_paths(sorted((corpus / "seeds").glob("00*.txt"))[:2])
    library.close()
    out = _run(FIRST_PAINT, str(location),
               env={"BRIEFDESK_CONFIG_DIR": str(tmp_path / "config"), "BRIEFDESK_LANG": "en"})
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    modules = set(lines["MODULES"].split())
    loaded = sorted(m for m in modules for name in NOT_BEFORE_FIRST_PAINT if m == name or m.startswith(name + "."))
    assert not loaded, f"loaded before the main window's first paint: {loaded}"
    assert "briefdesk.gui.mainwindow" in modules  # it did run what `briefdesk` runs
    assert lines["LOCALES"] == "-"  # Babel was not loaded: no locale's data either
    # the Qt shim resolves names when asked: Qt's namespace (its hundreds of enums) not before the paint
    resolved = set(lines["QT"].split())
    assert "QMainWindow" in resolved and "Qt" not in resolved and "QPrinter" not in resolved, sorted(resolved)
    assert lines["OPEN"] == "False False False"  # painted before the library was opened or the panels built
    # an English interface's menus need none of the shipped fonts: registered on the turn after
    assert lines["FONTS"] == "0" and int(lines["FONTS-AFTER"]) >= 5
    rows, panels = lines["TREE"].split()
    assert int(rows) >= 1 and panels == "True"  # then the panels were built, the library opened, the tree filled


def test_the_un_languages_directions_known_without_babel_are_cldrs():
    """:data:`.direction.UN_LANGUAGE_RTL` (answered before the first paint without loading
    Babel's locale data) says what CLDR says."""
    from babel import Locale

    from briefdesk.core.direction import UN_LANGUAGE_RTL

    assert set(UN_LANGUAGE_RTL) == {"ar", "en", "fr", "es", "ru", "zh"}
    for code, rtl in UN_LANGUAGE_RTL.items():
        assert (Locale.parse(code).character_order == "right-to-left") is rtl, code


def test_the_window_alone_is_asked_for_without_building_the_parser():
    """``briefdesk`` and ``briefdesk --db PATH`` open the window without building every
    subcommand's parser; anything else goes through the parser."""
    from briefdesk.cli import _window_only

    assert _window_only([]) == (True, None)
    assert _window_only(["--db", "/tmp/lib.sqlite"]) == (True, "/tmp/lib.sqlite")
    assert _window_only(["--db=/tmp/lib.sqlite"]) == (True, "/tmp/lib.sqlite")
    assert _window_only(["--db", "postgresql+psycopg://host/db"]) == (True, "postgresql+psycopg://host/db")
    for argv in (["list"], ["--version"], ["--help"], ["--db", "x.sqlite", "list"], ["--db"], ["--db", "--json"],
                 ["--db="], ["import", "folder"]):
        assert _window_only(argv) == (False, None), argv


def test_version_still_answers_through_the_parser():
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "briefdesk", "--version"], capture_output=True, text=True, check=False,
                          env=env, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("BriefDesk ")


def test_the_locales_known_without_babel_are_babels():
    """:data:`.i18n.KNOWN_LOCALES` (accepted by ``set_language`` without loading Babel) are
    locales Babel parses."""
    from babel import Locale

    from briefdesk.core.i18n import KNOWN_LOCALES

    for name in KNOWN_LOCALES:
        assert Locale.parse(name).language == name


def test_the_os_language_read_without_babel_is_babels(monkeypatch):
    """:func:`.languages.os_language` answers plain locale variables without Babel, as
    :func:`babel.default_locale` would; anything else is Babel's."""
    from babel import default_locale

    from briefdesk.core import i18n
    from briefdesk.core.languages import os_language

    values = [None, "", "C", "C.UTF-8", "POSIX", "fr_FR.UTF-8", "en_US.UTF-8", "zh_CN.UTF-8", "ar", "ru_RU",
              "es", "de_DE.UTF-8", "es_ES@euro", "fr:de", "zh:en", "pt_BR", "sr_RS@latin", "xx!!",
              "en_GB.ISO-8859-1", "zh_TW.Big5", "ar_EG.utf8"]
    names = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "LC_CTYPE")
    for i, first in enumerate(values):
        for second in values[::3]:
            for name in names:
                monkeypatch.delenv(name, raising=False)
            # the first value in one variable, another further down the order, the rest unset
            place = names[i % len(names)]
            if first is not None:
                monkeypatch.setenv(place, first)
            if second is not None:
                monkeypatch.setenv("LANG" if place != "LANG" else "LC_CTYPE", second)
            try:
                expected = i18n.base_language(default_locale(("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"))) or "en"
            except (ValueError, TypeError):
                expected = "en"
            assert os_language() == expected, (place, first, second)


def test_a_chinese_or_arabic_interface_has_the_shipped_fonts_from_the_first_paint(tmp_path):
    """The menus of a Chinese or Arabic interface are drawn with the shipped fonts' help, so
    ``main_window`` registers them before the window is shown; an English one leaves them to
    the turn after the first paint."""
    code = ("import sys\nfrom briefdesk.core.i18n import set_language\nset_language()\n"
            "from briefdesk.gui.app import main_window\nfrom briefdesk.gui import fonts\n"
            "window = main_window(sys.argv[1])\nprint(len(fonts._families))\n")
    for language, registered in (("zh", True), ("ar", True), ("en", False), ("fr", False)):
        out = _run(code, str(tmp_path / f"{language}.sqlite"),
                   env={"BRIEFDESK_CONFIG_DIR": str(tmp_path / "config"), "BRIEFDESK_LANG": language})
        assert (int(out.strip()) > 0) is registered, language
