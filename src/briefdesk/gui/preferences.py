"""File › Preferences…: interface language, preferred document languages (in order), what a new
briefing pack starts with, the reading text size and how many daily backups to keep.

Values live in :mod:`briefdesk.core.settings` (one JSON file the command line reads too).
The interface language takes effect at the next start; the rest at once.
"""

from __future__ import annotations

from ..core import settings
from ..core.i18n import _
from .qt import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

#: The six official languages: ISO 639-1 code and the language's own name.
LANGUAGES = (("en", "English"), ("zh", "中文"), ("fr", "Français"), ("es", "Español"),
             ("ru", "Русский"), ("ar", "العربية"))


def preferred_order(languages: list[str], preferred: list[str] | None = None) -> list[str]:
    """``languages`` sorted as the user prefers them (``preferred``, default: the stored
    ``document_languages``), the others after them by code."""
    order = list(preferred if preferred is not None else settings.get("document_languages") or [])
    rank = {code: i for i, code in enumerate(order)}
    return sorted(languages, key=lambda code: (rank.get(code, len(rank)), code))


class PreferencesDialog(QDialog):
    """The preferences form; OK stores every field (:meth:`values`) and emits :attr:`applied`."""

    applied = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_error = None
        self.setObjectName("preferences")
        self.setWindowTitle(_("Preferences"))
        current = settings.all_settings()
        form = QFormLayout()

        self.interface = QComboBox()
        self.interface.setObjectName("interfaceLanguage")
        self.interface.addItem(_("As the system"), "")
        for code, name in LANGUAGES:
            self.interface.addItem(name, code)
        self.interface.setCurrentIndex(max(0, self.interface.findData(current["interface_language"])))
        form.addRow(_("Interface language:"), self.interface)
        note = QLabel(_("The interface language changes at the next start."))
        note.setWordWrap(True)
        note.setEnabled(False)  # drawn in the palette's disabled text colour: secondary, still readable
        form.addRow("", note)

        self.documents = QListWidget()
        self.documents.setObjectName("documentLanguages")
        self.documents.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.documents.setMaximumHeight(150)
        chosen = [c for c in current["document_languages"] if c in dict(LANGUAGES)]
        for code in chosen + [c for c, _n in LANGUAGES if c not in chosen]:
            item = QListWidgetItem(f"{dict(LANGUAGES)[code]} ({code})")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked)
            self.documents.addItem(item)
        up, down = QPushButton(_("Up")), QPushButton(_("Down"))
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(1))
        buttons_column = QVBoxLayout()
        buttons_column.addWidget(up)
        buttons_column.addWidget(down)
        buttons_column.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.documents)
        row.addLayout(buttons_column)
        form.addRow(_("Preferred document languages (in order):"), row)

        from .packs.editor import PACK_LANGUAGES

        self.pack_language = QComboBox()
        self.pack_language.setObjectName("packLanguage")
        self.pack_language.addItem(_("As the interface"), "")
        for code, name in PACK_LANGUAGES:
            self.pack_language.addItem(f"{name} ({code})", code)
        self.pack_language.setCurrentIndex(max(0, self.pack_language.findData(current["pack_language"])))
        form.addRow(_("New packs: language:"), self.pack_language)
        self.classification = QLineEdit(str(current["pack_classification"] or ""))
        self.classification.setObjectName("packClassification")
        self.classification.setPlaceholderText(_("e.g. RESTRICTED or 内部"))
        form.addRow(_("New packs: classification:"), self.classification)

        self.text_size = QSpinBox()
        self.text_size.setObjectName("textSize")
        self.text_size.setRange(0, 40)
        self.text_size.setSpecialValueText(_("As the system"))
        self.text_size.setSuffix(" pt")
        self.text_size.setValue(int(current["text_size"] or 0))
        form.addRow(_("Text size:"), self.text_size)

        self.backups = QSpinBox()
        self.backups.setObjectName("backupsToKeep")
        self.backups.setRange(1, 365)
        self.backups.setValue(int(current["backups_to_keep"] or 7))
        form.addRow(_("Daily backups to keep:"), self.backups)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _move(self, step: int) -> None:
        row = self.documents.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.documents.count():
            return
        item = self.documents.takeItem(row)
        self.documents.insertItem(target, item)
        self.documents.setCurrentRow(target)

    def values(self) -> dict:
        """The form as settings keys (:data:`briefdesk.core.settings.DEFAULTS`)."""
        languages = [self.documents.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.documents.count())
                     if self.documents.item(i).checkState() == Qt.CheckState.Checked]
        return {"interface_language": self.interface.currentData() or "",
                "document_languages": languages,
                "pack_language": self.pack_language.currentData() or "",
                "pack_classification": self.classification.text().strip(),
                "text_size": self.text_size.value(),
                "backups_to_keep": self.backups.value()}

    def accept(self) -> None:  # noqa: D102 - QDialog override: store, tell, close
        values = self.values()
        try:
            settings.update(values)
        except OSError as error:  # a read-only configuration folder: say so, keep the dialog open
            from .errors import show_error

            self.last_error = show_error(self, error)
            return
        self.applied.emit(values)
        super().accept()
