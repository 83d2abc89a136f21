"""House rule: nothing under briefdesk.core imports Qt, in source or at run time."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
CORE = SRC / "briefdesk" / "core"
QT_ROOTS = {"PySide6", "PySide2", "PyQt5", "PyQt6", "shiboken6", "shiboken2", "sip"}


def core_modules() -> list[str]:
    names = []
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_source_never_imports_qt():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                roots = [node.module.split(".")[0]]
            else:
                continue
            bad = [r for r in roots if r in QT_ROOTS]
            if bad:
                offenders.setdefault(str(path.relative_to(CORE)), []).extend(bad)
    assert offenders == {}


def test_importing_every_core_module_loads_no_qt():
    modules = core_modules()
    assert "briefdesk.core.library" in modules and "briefdesk.core.importer" in modules
    script = (
        "import importlib, json, sys\n"
        f"mods = {modules!r}\n"
        "failed = {}\n"
        "for m in mods:\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except ImportError as exc:\n"
        "        failed[m] = str(exc)\n"
        f"qt = sorted(k for k in sys.modules if k.split('.')[0] in {sorted(QT_ROOTS)!r})\n"
        "print(json.dumps({'qt': qt, 'failed': failed}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": ""})
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["qt"] == []
    # A module that cannot import at all would hide its Qt imports from this check.
    assert report["failed"] == {}
