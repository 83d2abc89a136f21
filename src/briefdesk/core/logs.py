"""Where BriefDesk writes what went wrong: one rotating log file per user.

The file is ``<user log dir>/BriefDesk/briefdesk.log`` (platformdirs: e.g.
``~/.local/state/BriefDesk/log`` on Linux, ``~/Library/Logs/BriefDesk`` on
macOS), at most 1 MB, with three older files kept.  Unexpected errors go
there with their traceback; the user sees :func:`internal_error_message`,
which names the file so it can be sent to whoever supports the delegation.
"""

from __future__ import annotations

import logging
from pathlib import Path

from platformdirs import user_log_path

from .i18n import _
from .paths import APP_NAME

_configured: Path | None = None


def log_path() -> Path:
    """The log file's path (its folder may not exist until :func:`setup_logging`)."""
    return user_log_path(APP_NAME, appauthor=False) / "briefdesk.log"


class _LogFile(logging.Handler):
    """The rotating log file (:class:`logging.handlers.RotatingFileHandler`: ``path``, at most
    1 MB, three older files), opened at the first record: nothing is logged before the main
    window's first paint as a rule, and ``logging.handlers`` (with ``socket`` and ``pickle``)
    took 4–8 ms of it (issue 13).  A file that cannot be opened then is Python's usual
    handler error (a line on standard error), not an exception."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._file is None:
                from logging.handlers import RotatingFileHandler

                self._file = RotatingFileHandler(self.path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
                self._file.setFormatter(self.formatter)
            self._file.emit(record)
        except Exception:  # noqa: BLE001 - what logging.Handler does with a failing handler: one line on stderr
            self.handleError(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send BriefDesk's log records to the log file (idempotent); returns its path.

    If the file cannot be opened (read-only home, full disk), records stay
    with Python's last-resort handler on standard error and ``None`` is
    returned: logging must never stop the app.  The file is checked here and
    opened for writing at the first record (:class:`_LogFile`).
    """
    global _configured
    if _configured is not None:
        return _configured
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8"):  # can it be written? (created empty if new)
            pass
    except OSError:
        return None
    handler = _LogFile(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("briefdesk")
    logger.addHandler(handler)
    logger.setLevel(level)
    _configured = path
    return path


def internal_error_message() -> str:
    """What the user reads when BriefDesk itself failed (a bug), never a traceback."""
    return _("Something went wrong inside BriefDesk. The details were written to {log}.").format(
        log=log_path())
