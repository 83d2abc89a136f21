"""Where the user's library lives, and how a ``--db`` value becomes a database URL."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "BriefDesk"
ENV_DB = "BRIEFDESK_DB"


def default_library_path() -> Path:
    """The default library file: ``<user data dir>/BriefDesk/library.sqlite``.

    The user data directory is the platform's (platformdirs): e.g.
    ``~/.local/share/BriefDesk`` on Linux, ``~/Library/Application Support/BriefDesk``
    on macOS, ``%LOCALAPPDATA%\\BriefDesk`` on Windows.
    """
    return user_data_path(APP_NAME, appauthor=False) / "library.sqlite"


def database_url(value: str | os.PathLike | None = None) -> str:
    """Turn ``--db`` (a path or an SQLAlchemy URL) into a URL.

    ``None`` takes ``$BRIEFDESK_DB``, else the default library path.  A value
    containing ``://`` is a URL (``postgresql+psycopg://host/db``); anything
    else is a file path for SQLite.
    """
    if value is None:
        value = os.environ.get(ENV_DB) or default_library_path()
    value = os.fspath(value)
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())
