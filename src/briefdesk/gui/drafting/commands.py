"""Undo commands of the draft editor: one :class:`ServiceCommand` per edit.

Every mutating :class:`~briefdesk.core.drafting.service.DraftService` call
returns a ``Change`` whose ``inverse`` is an ``Op`` that undoes it, and
applying that ``Op`` returns the ``Op`` that redoes it.  A command therefore
keeps one ``Op`` and swaps it at each undo and redo; the calls themselves run
on the editor's :class:`~briefdesk.gui.tasks.SerialQueue`, so they reach the database in
order and off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ...core.drafting.service import Change, Op
from ..qt import QUndoCommand

if TYPE_CHECKING:
    from .editor import DraftEditor


class ServiceCommand(QUndoCommand):
    """An edit made through the drafting service.

    ``first`` is the call made on the first redo (``service -> Change``);
    later undos and redos apply the stored inverse.  ``on_change(change)``
    runs on the GUI thread after each call (the editor selects the paragraph
    it touched and refreshes).
    """

    def __init__(self, editor: DraftEditor, text: str, first: Callable[[], Change]) -> None:
        super().__init__(text)
        self._editor = editor
        self._first: Callable[[], Change] | None = first
        self._op: Op | None = None

    def _run(self) -> None:
        editor = self._editor

        def work() -> Change | None:
            if self._first is not None:
                call, self._first = self._first, None
                change = call()
            elif self._op is None:      # the first call failed: nothing to undo or redo
                return None
            else:
                change = editor.service.apply(self._op)
            self._op = change.inverse
            return change

        editor.queue.submit(work, lambda change: editor.change_made(change, self), editor.edit_failed)

    def redo(self) -> None:  # noqa: D102 - Qt override
        self._run()

    def undo(self) -> None:  # noqa: D102 - Qt override
        self._run()
