"""What the main window remembers between runs, per library: geometry, dock and toolbar
layout, splitters, column widths, open panels, text zoom and File › Recent.

Kept with Qt's :class:`QSettings` in an INI file beside the preferences
(:func:`briefdesk.core.settings.config_dir`, so tests redirect both with
``BRIEFDESK_CONFIG_DIR``), under a group named after the library, so two
libraries keep two layouts.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ..core.settings import config_dir
from .qt import QByteArray, QSettings

if TYPE_CHECKING:
    from .qt import QHeaderView, QMainWindow, QSplitter


def qsettings() -> QSettings:
    """The window-state file (``window.ini`` in the configuration folder)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def library_group(location: str) -> str:
    """The settings group of a library at ``location`` (a short hash: paths are not valid keys)."""
    return "library-" + hashlib.sha1(location.encode("utf-8")).hexdigest()[:12]


def save_layout(window: QMainWindow, group: str, splitters: dict[str, QSplitter],
                headers: dict[str, QHeaderView], extra: dict[str, object] | None = None) -> None:
    """Store the window's geometry and dock state, each splitter's sizes and each header's
    section widths (by name), and ``extra`` values, under ``group``."""
    settings = qsettings()
    settings.beginGroup(group)
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("state", window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(f"splitter/{name}", splitter.saveState())
    for name, header in headers.items():
        settings.setValue(f"header/{name}", header.saveState())
    for key, value in (extra or {}).items():
        settings.setValue(key, value)
    settings.endGroup()
    settings.sync()


def restore_geometry(window: QMainWindow, group: str) -> bool:
    """Put back only the window's geometry stored under ``group`` (what a window needs before
    its first paint; :func:`restore_layout` does the rest once its panels are built); False
    when none was stored."""
    geometry = qsettings().value(f"{group}/geometry")
    if not isinstance(geometry, QByteArray) or geometry.isEmpty():
        return False
    return bool(window.restoreGeometry(geometry))


def restore_layout(window: QMainWindow, group: str, splitters: dict[str, QSplitter],
                   headers: dict[str, QHeaderView]) -> bool:
    """Put back what :func:`save_layout` stored; False when nothing was stored for ``group``."""
    settings = qsettings()
    settings.beginGroup(group)
    try:
        geometry = settings.value("geometry")
        if not isinstance(geometry, QByteArray) or geometry.isEmpty():
            return False
        window.restoreGeometry(geometry)
        state = settings.value("state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        for name, splitter in splitters.items():
            value = settings.value(f"splitter/{name}")
            if isinstance(value, QByteArray):
                splitter.restoreState(value)
        for name, header in headers.items():
            value = settings.value(f"header/{name}")
            if isinstance(value, QByteArray):
                header.restoreState(value)
        return True
    finally:
        settings.endGroup()


def value(group: str, key: str, default=None):
    """One stored value of ``group`` (``default`` when absent)."""
    settings = qsettings()
    return settings.value(f"{group}/{key}", default)


def set_value(group: str, key: str, data) -> None:
    """Store one value under ``group``."""
    settings = qsettings()
    settings.setValue(f"{group}/{key}", data)
    settings.sync()
