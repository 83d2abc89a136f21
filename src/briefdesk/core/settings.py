"""The user's settings: one small JSON file in the platform's config folder.

The file is ``<user config dir>/BriefDesk/settings.json`` (platformdirs: e.g.
``~/.config/BriefDesk`` on Linux, ``~/Library/Application Support/BriefDesk``
on macOS).  A missing or unreadable file means every setting has its default;
a setting is written at once (to a temporary file, then renamed over the old
one, so a crash never leaves half a file).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from .paths import APP_NAME

log = logging.getLogger("briefdesk.settings")

#: How many daily backups of the library are kept (:mod:`.backup`); the Preferences dialog sets it.
BACKUP_COUNT = "backup_count"

DEFAULTS: dict[str, Any] = {BACKUP_COUNT: 7}


def settings_path() -> Path:
    """The settings file's path (it may not exist yet)."""
    return user_config_path(APP_NAME, appauthor=False) / "settings.json"


def load() -> dict[str, Any]:
    """Every setting: the defaults overlaid with what the file holds (never raises)."""
    values = dict(DEFAULTS)
    try:
        stored = json.loads(settings_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return values
    except (OSError, ValueError) as exc:
        log.warning("settings file unreadable, using defaults: %s", exc)
        return values
    if isinstance(stored, dict):
        values.update(stored)
    return values


def get(key: str, default: Any = None) -> Any:
    """One setting's value (its default from :data:`DEFAULTS`, else ``default``)."""
    return load().get(key, default)


def set_value(key: str, value: Any) -> None:
    """Store one setting (JSON-serialisable).  Raises ``OSError`` if the file cannot be written."""
    values = load()
    values[key] = value
    stored = {k: v for k, v in values.items() if DEFAULTS.get(k, object()) != v or k not in DEFAULTS}
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(stored, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


def backup_count() -> int:
    """How many daily backups to keep: the ``backup_count`` setting, at least 1."""
    try:
        return max(1, int(get(BACKUP_COUNT, DEFAULTS[BACKUP_COUNT])))
    except (TypeError, ValueError):
        return DEFAULTS[BACKUP_COUNT]
