"""The user's preferences, in one small JSON file shared by the window and the command line.

The file is ``settings.json`` in the platform's configuration folder
(platformdirs: ``~/.config/BriefDesk`` on Linux, ``~/Library/Application
Support/BriefDesk`` on macOS, ``%LOCALAPPDATA%\\BriefDesk`` on Windows), or in
the folder ``$BRIEFDESK_CONFIG_DIR`` names (tests point it at a temporary
folder).  Keys in use (:data:`DEFAULTS`):

* ``interface_language`` — ``"en"``, ``"zh"``…; ``""`` follows the system;
* ``document_languages`` — ISO 639-1 codes in order of preference (``["zh", "en"]``);
* ``pack_language``/``pack_classification`` — what a new briefing pack starts with;
* ``text_size`` — the reading text's size in points (``0``: the system's);
* ``backups_to_keep`` — how many daily library backups to keep (7).

Writes replace the file atomically; a missing or unreadable file reads as
the defaults (it is a convenience, never a reason not to start).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from .paths import APP_NAME

ENV_CONFIG_DIR = "BRIEFDESK_CONFIG_DIR"

#: The key of how many daily backups of the library are kept (:mod:`.backup`; Preferences sets it).
BACKUP_COUNT = "backups_to_keep"

#: Every key with its default value.
DEFAULTS: dict[str, Any] = {
    "interface_language": "",
    "document_languages": [],
    "pack_language": "",
    "pack_classification": "",
    "text_size": 0,
    BACKUP_COUNT: 7,
}

_lock = threading.Lock()


def config_dir() -> Path:
    """The folder holding ``settings.json``: ``$BRIEFDESK_CONFIG_DIR`` or the platform's config folder."""
    override = os.environ.get(ENV_CONFIG_DIR)
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def settings_path() -> Path:
    """The settings file (it may not exist yet)."""
    return config_dir() / "settings.json"


def _read() -> dict[str, Any]:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(key: str, default: Any = None) -> Any:
    """The stored value of ``key``; else ``default``; else :data:`DEFAULTS`\\ ``[key]``; else ``None``."""
    with _lock:
        data = _read()
    if key in data:
        return data[key]
    return default if default is not None else DEFAULTS.get(key)


def set(key: str, value: Any) -> None:  # noqa: A001 - the module's API reads settings.set(key, value)
    """Store ``value`` (JSON-serialisable) under ``key``. Raises ``OSError`` when the folder is not writable."""
    update({key: value})


def update(values: dict[str, Any]) -> None:
    """Store several keys at once (one write)."""
    with _lock:
        data = _read()
        data.update(values)
        path = settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)


def all_settings() -> dict[str, Any]:
    """Every key: the defaults overlaid with what is stored."""
    with _lock:
        return {**DEFAULTS, **_read()}


def backup_count() -> int:
    """How many daily backups to keep: the ``backups_to_keep`` setting, at least 1 (default 7)."""
    try:
        return max(1, int(get(BACKUP_COUNT, DEFAULTS[BACKUP_COUNT])))
    except (TypeError, ValueError):
        return DEFAULTS[BACKUP_COUNT]
