"""The briefing-pack editor of the window (issue 5).

* :mod:`.mime` — the drag payload naming library paragraphs;
* :mod:`.models` — the pack outline (agenda items and their excerpts) as a Qt model;
* :mod:`.commands` — one :class:`QUndoCommand` per edit, each writing through
  :class:`~briefdesk.core.packs.PackService` and undoing by its inverse;
* :mod:`.editor` — the editor widget (meeting form, outline, item notes, excerpts);
* :mod:`.preview` — print preview and printing of the exported PDF's pages.
"""
