"""A library opened on first use, so the window can be painted before the database is opened.

Opening a :class:`~.library.Library` imports SQLAlchemy, the ORM models and the search code
(about a second of CPU on a slow machine) and checks the file (``PRAGMA quick_check``: a
fifth of a second on the corpus library).  None of that is needed to paint the main window,
which only shows the library's location in its title.  :class:`LazyLibrary` stands for the
library until then: its location is known at once, and the first other attribute asked for
opens the real :class:`~.library.Library` (on whichever thread asks; the window asks on a
worker, :meth:`.gui.mainwindow.MainWindow.open_library`) and hands the request on to it.

This module imports nothing heavier than :mod:`.paths` (a test checks:
``tests/core/test_startup_imports.py``).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import database_url

if TYPE_CHECKING:
    from .library import Library


class LazyLibrary:
    """Stands for ``Library(location, **options)`` until it is first used, then forwards to it.

    ``location`` and ``options`` are those of :class:`~.library.Library`.  :attr:`url`,
    :attr:`path` and :attr:`display_location` are answered without opening (for an SQLite
    file; a server database is opened to render its URL).  Any other attribute opens the
    library (:meth:`open`) and is looked up on it.  Opening is done once, under a lock, so two
    threads asking at once wait for the same library; if it fails, every later use raises the
    same error (a :class:`~.errors.BriefDeskError` subclass, e.g. :class:`~.errors.StoreError`,
    as :class:`~.library.Library` raises).
    """

    def __init__(self, location: str | Path | None = None, **options: Any) -> None:
        self._location = location
        self._options = options
        self._lock = threading.Lock()
        self._library: Library | None = None
        self._error: BaseException | None = None
        #: the database URL (as :attr:`.library.Library.url`)
        self.url: str = database_url(location)
        #: the file of an SQLite library (``None`` for a server or in-memory database), as
        #: :attr:`.library.Library.path`
        self.path: Path | None = (Path(self.url.removeprefix("sqlite:///"))
                                  if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:" else None)

    @property
    def is_open(self) -> bool:
        """Whether the real library has been opened (successfully)."""
        return self._library is not None

    def open(self) -> Library:
        """The real :class:`~.library.Library`, opened on the first call (on the calling thread;
        a concurrent caller waits).  Raises what opening raises, then and on every later call."""
        library = self._library
        if library is not None:
            return library
        with self._lock:
            if self._library is None:
                if self._error is not None:
                    raise self._error
                from .library import Library

                try:
                    self._library = Library(self._location, **self._options)
                except BaseException as exc:
                    self._error = exc
                    raise
            return self._library

    @property
    def display_location(self) -> str:
        """The library's location as a user would write it (:attr:`.library.Library.display_location`)."""
        if self.url.startswith("sqlite:///"):
            return self.url.removeprefix("sqlite:///")
        return self.open().display_location

    def close(self) -> None:
        """Release the database connections, if the library was opened (never opens it)."""
        if self._library is not None:
            self._library.close()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_location", "_options", "_lock", "_library", "_error"):
            raise AttributeError(name)
        return getattr(self.open(), name)

    def __repr__(self) -> str:
        state = "open" if self.is_open else "not opened yet"
        where = self.url.removeprefix("sqlite:///") if self.url.startswith("sqlite:///") else "on a database server"
        return f"<LazyLibrary {where} ({state})>"  # a server URL may hold a password: not shown
