"""Where BriefDesk's shipped resources (fonts, icons, translations) live.

Resources sit in ``resources/`` at the project root in a source checkout, are
installed as package data under ``briefdesk/resources`` in a wheel, and sit at
the top of the bundle's data folder (``sys._MEIPASS``) in the desktop app built
by ``packaging/build_app.sh`` (PyInstaller); this module finds whichever is present.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The directory holding ``fonts/``, ``icons/``, ``translations/``."""
    return project_path("resources")


def resource_path(*parts: str) -> Path:
    """Path of one resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    return resources_dir().joinpath(*parts)


def project_path(name: str) -> Path:
    """A top-level project folder (``db``, ``resources``) in a checkout, an installed wheel
    or a frozen bundle."""
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        bundled = Path(sys._MEIPASS) / name
        if bundled.is_dir():
            return bundled
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent.parent / name
