"""House rule: only gui/qt.py imports PySide6 (checked on the source, no display needed)."""

from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "src" / "briefdesk" / "gui"
QT_NAMES = ("PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2")


def qt_imports(path: Path) -> list[str]:
    """Qt modules imported anywhere in ``path`` (also inside functions)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [n for n in names if n.split(".")[0] in QT_NAMES]
    return found


def test_only_the_shim_imports_qt():
    modules = sorted(GUI.rglob("*.py"))
    assert len(modules) > 3
    offenders = {str(p.relative_to(GUI)): qt_imports(p) for p in modules
                 if p.name != "qt.py" and qt_imports(p)}
    assert offenders == {}


def test_the_shim_does_import_pyside6():
    assert qt_imports(GUI / "qt.py"), "gui/qt.py should be where PySide6 is imported"


def test_checker_catches_a_stray_import(tmp_path):
    stray = tmp_path / "stray.py"
    stray.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n    import shiboken6\n")
    assert qt_imports(stray) == ["PySide6.QtWidgets", "shiboken6"]
