"""File › Recent: the documents, briefing packs and drafts opened lately, per library.

Entries are ``(kind, id, label)`` with ``kind`` one of ``"document"``, ``"pack"``,
``"draft"``; the newest first, at most :data:`MAX_PER_KIND` of each kind, kept as
JSON in the window-state settings (:mod:`.window_state`) under the library's group
(ids mean something only in their own library).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from ..core.i18n import _
from . import window_state
from .qt import QMenu

MAX_PER_KIND = 10
KINDS = ("document", "pack", "draft")


class RecentList:
    """The recent entries of one library (``group``: :func:`.window_state.library_group`)."""

    def __init__(self, group: str) -> None:
        self.group = group

    def entries(self) -> list[tuple[str, int, str]]:
        """Every entry, newest first: ``(kind, id, label)``."""
        raw = window_state.value(self.group, "recent", "[]")
        try:
            data = json.loads(raw if isinstance(raw, str) else "[]")
        except ValueError:
            return []
        return [(str(k), int(i), str(label)) for k, i, label in data
                if k in KINDS and isinstance(i, int)] if isinstance(data, list) else []

    def add(self, kind: str, item_id: int, label: str) -> None:
        """Put ``(kind, item_id)`` first, with its current ``label``; drop the oldest beyond the cap."""
        stored = self.entries()
        entries = [e for e in stored if (e[0], e[1]) != (kind, item_id)]
        entries.insert(0, (kind, int(item_id), label))
        kept, counts = [], {k: 0 for k in KINDS}
        for entry in entries:
            counts[entry[0]] += 1
            if counts[entry[0]] <= MAX_PER_KIND:
                kept.append(entry)
        if kept != stored:
            window_state.set_value(self.group, "recent", json.dumps(kept, ensure_ascii=False))

    def clear(self) -> None:
        """Forget every entry."""
        window_state.set_value(self.group, "recent", "[]")

    def fill_menu(self, menu: QMenu, open_entry: Callable[[str, int], None]) -> None:
        """(Re)build ``menu``: a section per kind, then "Clear Recent"; choosing an entry calls
        ``open_entry(kind, id)``."""
        menu.clear()
        entries = self.entries()
        titles = {"document": _("Documents"), "pack": _("Briefing packs"), "draft": _("Drafts")}
        for kind in KINDS:
            mine = [e for e in entries if e[0] == kind]
            if not mine:
                continue
            menu.addSection(titles[kind])
            for _kind, item_id, label in mine:
                action = menu.addAction(label if len(label) <= 90 else label[:89] + "…")
                action.setToolTip(label)
                action.setObjectName(f"recent-{kind}-{item_id}")
                action.triggered.connect(lambda _checked=False, k=kind, i=item_id: open_entry(k, i))
        if not entries:
            empty = menu.addAction(_("No recent items"))
            empty.setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction(_("Clear Recent"), self.clear)
