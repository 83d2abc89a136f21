"""The editor's Comparison tab: two texts side by side, or only the paragraphs that changed.

:class:`ComparisonPanel` shows an aligned comparison
(:func:`briefdesk.core.drafting.compare.compare`) as a table (:func:`comparison_html`).
Its "Changes only" box hides the paragraph pairs that read the same on both sides
(:func:`~briefdesk.core.drafting.compare.changed_pairs`: changed, moved, deleted and
inserted paragraphs stay), and a line above the table counts the changed pairs.
"""

from __future__ import annotations

from html import escape

from ...core.drafting.compare import AlignedPair, changed_pairs
from ...core.i18n import _, format_number, ngettext
from ..palette import theme
from ..qt import QCheckBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget


def _escape(text: str) -> str:
    return escape(text, quote=False)


def _cell(pair, side, tag: str) -> str:
    """One side of a comparison row: its number and text, with the pieces only on this side marked."""
    if side is None:
        return "<td></td>"
    if pair.a is None or pair.b is None or not pair.ops:
        text = _escape(side.text)
    else:
        style = (f"color:{theme().deleted}; text-decoration:line-through" if tag == "delete"
                 else f"color:{theme().inserted}; text-decoration:underline")
        text = "".join(_escape(op.text) if op.tag == "equal" else
                       f"<span style='{style}'>{_escape(op.text)}</span>"
                       for op in pair.ops if op.tag in ("equal", tag))
    return f"<td valign='top'>{_escape(side.number or '')} {text}</td>"


def comparison_html(pairs: list[AlignedPair], left: str, right: str, *, changes_only: bool = False) -> str:
    """HTML table of an aligned comparison (:func:`briefdesk.core.drafting.compare.compare`):
    A and B side by side, deletions struck through on the left, insertions underlined on the
    right (colours from :func:`..palette.theme`), and a third column saying changed, moved,
    deleted or inserted.  ``changes_only`` leaves out the pairs that read the same."""
    statuses = {"moved": _("moved"), "deleted": _("deleted"), "inserted": _("inserted"), "changed": _("changed")}
    rows = [f"<tr><th>{_escape(left)}</th><th>{_escape(right)}</th><th></th></tr>"]
    for pair in changed_pairs(pairs) if changes_only else pairs:
        rows.append(f"<tr>{_cell(pair, pair.a, 'delete')}{_cell(pair, pair.b, 'insert')}"
                    f"<td valign='top'><small>{statuses.get(pair.status, '')}</small></td></tr>")
    return "<table border='1' cellspacing='0' cellpadding='4' width='100%'>" + "".join(rows) + "</table>"


class ComparisonPanel(QWidget):
    """The Comparison tab: a "Changes only" box, the count of changed pairs, and the table.

    Attributes tests read: ``browser`` (the :class:`QTextBrowser`), ``changes_only`` (the
    box), ``count_label``, ``pairs`` (the last comparison shown)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonPanel")
        self.pairs: list[AlignedPair] = []
        self._labels = ("", "")
        self.changes_only = QCheckBox(_("Changes only"))
        self.changes_only.setObjectName("changesOnly")
        self.changes_only.setToolTip(_("Hide the paragraphs that read the same in both texts"))
        self.changes_only.toggled.connect(lambda _on: self._render())
        self.count_label = QLabel()
        self.count_label.setObjectName("changedCount")
        self.browser = QTextBrowser()
        self.browser.setObjectName("comparison")
        top = QHBoxLayout()
        top.addWidget(self.changes_only)
        top.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self.changes_only.setEnabled(False)

    def show_pairs(self, pairs: list[AlignedPair], left: str, right: str) -> None:
        """Show a comparison of ``left`` (earlier) and ``right`` (later)."""
        self.pairs = list(pairs)
        self._labels = (left, right)
        self.changes_only.setEnabled(True)
        self._render()

    def _render(self) -> None:
        changed = len(changed_pairs(self.pairs))
        self.count_label.setText(ngettext(
            "{changed} of {total} paragraph pair changed", "{changed} of {total} paragraph pairs changed",
            len(self.pairs)).format(changed=format_number(changed), total=format_number(len(self.pairs))))
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(comparison_html(self.pairs, *self._labels, changes_only=self.changes_only.isChecked()))
        self.browser.verticalScrollBar().setValue(scroll)


__all__ = ["ComparisonPanel", "comparison_html"]
