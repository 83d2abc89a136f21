"""The searchable picker of Parties and negotiating groups (issue 15, point 1).

:class:`SponsorPicker` is a search field over :func:`briefdesk.core.parties.search`,
a list of the matches (each checkable: the name in the draft's language, the
name in the interface language where it differs, and the code), and a line
naming who is chosen, in the order chosen.  One types in any of the six UN
languages or a code (``EU``, ``欧洲联盟``, ``Union européenne``, ``G-77``):

* ticking a row adds or removes that Party or group;
* Return in the field adds what is typed: each comma-separated name placed by
  :func:`briefdesk.core.parties.match` (close spellings too) as its code, the top
  match where a piece names nothing exactly but matches something, and any other
  piece as typed (a sponsor the list does not know is kept, never dropped);
  Return in an empty field is left to the dialog (OK);
* Down moves into the list.

:class:`SupportersDialog` asks for Parties or groups to add as supporters of an
amendment (:meth:`briefdesk.core.drafting.service.DraftService.support`).
"""

from __future__ import annotations

from ...core import parties
from ...core.drafting.snapshot import split_sponsors, sponsor_text
from ...core.i18n import _, current_language
from ..qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class SponsorPicker(QWidget):
    """Search, tick and list Parties and groups; :meth:`selected` gives the codes (and any
    free text) in the order chosen.  ``language`` is the draft's (names are shown in it
    first).  Emits ``changed`` when the selection changes."""

    changed = Signal()

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sponsorPicker")
        self.language = language
        self._selected: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setObjectName("sponsorSearch")
        self.search.setPlaceholderText(_("Type a Party or group in any UN language or its code: EU, 中国, G-77…"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("sponsorResults")
        self.results.setMinimumHeight(160)
        self.chosen = QLabel()
        self.chosen.setObjectName("sponsorChosen")
        self.chosen.setWordWrap(True)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.chosen)
        self.search.textChanged.connect(lambda _text: self._fill())
        self.search.installEventFilter(self)
        self.results.itemChanged.connect(self._item_changed)
        self._fill()
        self._show_chosen()

    # ------------------------------------------------------------------ selection

    def selected(self) -> list[str]:
        """The chosen sponsors in order: codes, and free text where the list knows no one."""
        return list(self._selected)

    def set_selected(self, sponsors: list[str]) -> None:
        """Choose ``sponsors`` (codes or names: names are placed as codes where they match)."""
        self._selected = parties.to_codes(sponsors)
        self._fill()
        self._show_chosen()
        self.changed.emit()

    def toggle(self, sponsor: str) -> None:
        """Add ``sponsor`` (a code or free text) if not chosen, else remove it."""
        if sponsor in self._selected:
            self._selected.remove(sponsor)
        else:
            self._selected.append(sponsor)
        self._sync_checks()
        self._show_chosen()
        self.changed.emit()

    def add_typed(self) -> list[str]:
        """Add what is typed in the search field (see the module docstring) and clear it;
        returns the sponsors added."""
        added = []
        for piece in split_sponsors(self.search.text()):
            code = parties.match(piece, fuzzy=True)
            if code is None:
                ranked = parties.search(piece, self.language, limit=1)
                code = ranked[0].code if ranked else piece.strip()
            if code and code not in self._selected:
                self._selected.append(code)
                added.append(code)
        self.search.clear()
        self._sync_checks()
        self._show_chosen()
        if added:
            self.changed.emit()
        return added

    # ------------------------------------------------------------------ display

    def _label(self, p: parties.Party) -> str:
        first = p.name(self.language)
        ui = p.name(current_language())
        return f"{first} — {ui} ({p.code})" if ui != first else f"{first} ({p.code})"

    def _fill(self) -> None:
        """The matches of the search text, best first (everything, groups first, when empty)."""
        self.results.blockSignals(True)
        self.results.clear()
        for p in parties.search(self.search.text(), self.language):
            item = QListWidgetItem(self._label(p))
            item.setData(Qt.ItemDataRole.UserRole, p.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.code in self._selected else Qt.CheckState.Unchecked)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self.results.blockSignals(False)

    def _sync_checks(self) -> None:
        self.results.blockSignals(True)
        for i in range(self.results.count()):
            item = self.results.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in self._selected
                               else Qt.CheckState.Unchecked)
        self.results.blockSignals(False)

    def _show_chosen(self) -> None:
        self.chosen.setText(_("Chosen: {sponsors}").format(sponsors=sponsor_text(self._selected, self.language))
                            if self._selected else _("Chosen: none yet"))

    def _item_changed(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked != (code in self._selected):
            self.toggle(code)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """Return in the search field adds what is typed; Down moves into the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.search.text().strip():
                self.add_typed()
                return True
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                return True
        return super().eventFilter(watched, event)


class SupportersDialog(QDialog):
    """Pick Parties or groups to add as supporters of amendment ``number`` (already backed by
    ``sponsors``, shown in ``language``)."""

    def __init__(self, number: int | None, sponsors: list[str], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supportersDialog")
        self.setWindowTitle(_("Add supporters"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Amendment {number}, proposed by {sponsors}. Add as supporters:").format(
            number=number or "—", sponsors=sponsor_text(sponsors, language))))
        self.picker = SponsorPicker(language, self)
        layout.addWidget(self.picker)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.picker.search.setFocus()

    def values(self) -> list[str]:
        """The supporters chosen (what is still typed in the search field included)."""
        self.picker.add_typed()
        return self.picker.selected()
