"""The one exception hierarchy of BriefDesk.

Every error that can reach a user derives from :class:`BriefDeskError` and
carries a message already fit to show (translated through
:func:`briefdesk.core.i18n._`).  The GUI's single error function and the CLI
print ``str(error)``; no traceback ever reaches a user.
"""

from __future__ import annotations

from pathlib import Path


class BriefDeskError(Exception):
    """Base of every error BriefDesk reports to a user."""


class ReadError(BriefDeskError):
    """A file could not be read or parsed.

    ``path`` names the file; ``line`` or ``page`` (1-based) locate the fault
    where known.  ``str()`` gives ``"<file>, line N: <reason>"``.
    """

    def __init__(self, path: str | Path | None, reason: str, *, line: int | None = None,
                 page: int | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        self.line = line
        self.page = page
        super().__init__(self._message())

    @property
    def detail(self) -> str:
        """The reason with its place in the file but not the file's name: ``"line 126: <reason>"``.

        For lists that already name each file (the import summary).
        """
        from .i18n import _

        where = []
        if self.line is not None:
            where.append(_("line {n}").format(n=self.line))
        if self.page is not None:
            where.append(_("page {n}").format(n=self.page))
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def _message(self) -> str:
        if self.path is None:
            return self.detail
        located = self.line is not None or self.page is not None
        return f"{self.path.name}{', ' if located else ': '}{self.detail}"


class UnsupportedFormat(ReadError):
    """No reader recognises the file's content."""


class StoreError(BriefDeskError):
    """The library database could not be opened, migrated or written."""


class NotFound(BriefDeskError):
    """A reference (symbol, id) names nothing in the library."""


class SearchError(BriefDeskError):
    """A query could not be run; the message says why in plain words."""


class ExportError(BriefDeskError):
    """A document could not be rendered or written."""


class Cancelled(BriefDeskError):
    """Long work stopped because its ``abort`` callable returned true."""
