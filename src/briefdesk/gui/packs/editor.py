"""The briefing-pack editor: meeting form, agenda outline, item notes, excerpts.

:class:`PackEditor` is the widget the main window shows in its "Briefing
pack" dock.  Everything a delegate does is one :class:`QUndoCommand`
(:mod:`.commands`) on the editor's one :attr:`~PackEditor.undo_stack`;
commands write through :class:`~briefdesk.core.packs.service.PackService`
off the GUI thread, one at a time (:class:`~.commands.PackWriter`), so the
pack is saved as you go and there is no Save.  After each burst of writes
the pack is reloaded and every widget not being typed in shows what is
stored.

Public methods that menu actions and dialogs end in (tests drive them):
:meth:`~PackEditor.new_pack`, :meth:`~PackEditor.open_pack`,
:meth:`~PackEditor.add_item`, :meth:`~PackEditor.add_items_from_document`,
:meth:`~PackEditor.add_excerpts`, :meth:`~PackEditor.export_pdf`,
:meth:`~PackEditor.export_briefpack`, :meth:`~PackEditor.import_briefpack`,
:meth:`~PackEditor.preview`.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ...core.errors import BriefDeskError, Cancelled
from ...core.i18n import _, format_date_range, format_number, ngettext
from ...core.packs.service import (
    ExcerptView,
    ItemView,
    PackService,
    PackSummary,
    PackView,
    StaleExcerpt,
    looks_like_agenda,
)
from ..direction import apply_interface_direction
from ..errors import show_error
from ..palette import theme
from ..qt import (
    QAction,
    QComboBox,
    QDate,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QKeySequence,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QModelIndex,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    Qt,
    QTabWidget,
    QTimer,
    QToolButton,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..tasks import Task, run_task
from .commands import (
    AddExcerptCommand,
    AddItemCommand,
    DeleteExcerptCommand,
    DeleteItemCommand,
    HighlightCommand,
    ItemFieldCommand,
    MeetingCommand,
    MoveExcerptCommand,
    MoveItemCommand,
    NoteCommand,
    PackWriter,
    RemoveHighlightCommand,
    UpdateExcerptCommand,
)
from .excerptview import ExcerptBrowser
from .mime import EXCERPT_MIME, ExcerptRef, excerpt_refs
from .models import ID_ROLE, KIND_ROLE, OutlineModel, OutlineView, item_label, source_line
from .preview import PrintPreview
from .richedit import RichTextEditor

log = logging.getLogger(__name__)

#: Languages a pack can be printed in: ISO 639-1 code and the language's own name.
PACK_LANGUAGES = (("zh", "中文"), ("en", "English"), ("fr", "Français"), ("es", "Español"),
                  ("ru", "Русский"), ("ar", "العربية"))
#: The "no date" value of the date fields (shown blank).
NO_DATE = QDate(1900, 1, 1)


def _section_titles() -> dict[str, str]:
    return {"background": _("Background"), "objectives": _("Objectives and position"),
            "talking_points": _("Talking points"), "lines_to_take": _("Lines to take")}


def _field_labels() -> dict[str, str]:
    return {"title": _("Title"), "body": _("Body"), "session": _("Session"), "start_date": _("First day"),
            "end_date": _("Last day"), "venue": _("Venue"), "delegation": _("Delegation"),
            "language": _("Language of the pack"), "classification": _("Classification"),
            "version": _("Version"), "number": _("Item number"), **_section_titles()}


class _DateEdit(QDateEdit):
    """A date field that can be empty (:data:`NO_DATE`, shown blank) and whose calendar
    opens on the current month when it is."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(" ")
        self.setDate(NO_DATE)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().mousePressEvent(event)
        if self.date() == NO_DATE and self.calendarWidget() is not None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())


class _DropPage(QWidget):
    """A page that takes library paragraphs dropped anywhere on it (into the current item)."""

    dropped = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(EXCERPT_MIME):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        refs = excerpt_refs(event.mimeData())
        if refs:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.dropped.emit(refs)
        else:
            event.ignore()


class PackEditor(QWidget):
    """Edit briefing packs of ``library``; see the module docstring."""

    #: Emitted with a message for the window's status bar.
    status = Signal(str)
    #: Emitted with ``(document id, reading-order position)`` to show an excerpt's source.
    source_requested = Signal(int, int)
    #: ``(pack_id, title)`` when a pack is shown (File › Recent)
    pack_shown = Signal(int, str)

    def __init__(self, library, parent: QWidget | None = None) -> None:
        apply_interface_direction()  # mirrored under a right-to-left interface language
        super().__init__(parent)
        self.setObjectName("packEditor")
        self.library = library
        self.service = PackService(library)
        self.writer = PackWriter(self.service, self)
        self.writer.reloaded.connect(self._apply_view)
        self.writer.items_reloaded.connect(self._apply_items)
        self.writer.failed.connect(self._write_failed)
        self.undo_stack = QUndoStack(self)
        self.view: PackView | None = None
        self.stale: dict[int, StaleExcerpt] = {}
        self.packs: list[PackSummary] = []
        self.last_error: QMessageBox | None = None
        self.last_export: tuple[Path, int] | None = None
        self.list_task: Task | None = None
        self.open_task: Task | None = None
        self.export_task: Task | None = None
        self.preview_dialog: PrintPreview | None = None
        self._pending_select: tuple[str, int] | None = None
        self._selected: tuple[str, int] | None = None
        self._loading_form = False

        self._stale_timer = QTimer(self)  # a staleness check after a burst of excerpt updates
        self._stale_timer.setSingleShot(True)
        self._stale_timer.setInterval(100)
        self._stale_timer.timeout.connect(
            lambda: self.check_stale() if self.writer.idle else self._stale_timer.start())

        #: whether the user may write packs here (a team library's reader may only read them: the
        #: editing actions are hidden and the fields read-only; the server refuses writes anyway)
        self.may_edit = "draft" in library.capabilities()
        self._build_actions()
        self._build_ui()
        self._sync_undo_actions()
        self._set_enabled(False)
        self.refresh_packs()

    # -- construction ----------------------------------------------------------

    def _build_actions(self) -> None:
        self.new_action = QAction(_("&New Pack…"), self)
        self.new_action.setObjectName("newPackAction")
        self.new_action.triggered.connect(lambda: self.new_pack())
        self.import_action = QAction(_("&Open .briefpack…"), self)
        self.import_action.triggered.connect(self.import_briefpack_dialog)
        self.export_pdf_action = QAction(_("Export Pack as &PDF…"), self)
        self.export_pdf_action.triggered.connect(self.export_pdf_dialog)
        self.export_pack_action = QAction(_("Share Pack as .&briefpack…"), self)
        self.export_pack_action.triggered.connect(self.export_briefpack_dialog)
        self.preview_action = QAction(_("Print Pre&view…"), self)
        self.preview_action.triggered.connect(lambda: self.preview())
        self.print_action = QAction(_("&Print Pack…"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda: self.preview(print_at_once=True))
        # Undo first commits text still being typed, so it undoes that typing.
        self.undo_action = QAction(_("&Undo"), self)
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction(_("&Redo"), self)
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.redo_action.triggered.connect(self.redo)
        self.undo_stack.indexChanged.connect(lambda _i: self._sync_undo_actions())
        self.undo_stack.cleanChanged.connect(lambda _c: self._sync_undo_actions())
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.add_item_action = QAction(_("Add &Agenda Item"), self)
        self.add_item_action.setObjectName("addItemAction")
        self.add_item_action.triggered.connect(lambda: self.add_item())
        self.agenda_action = QAction(_("Agenda Items from a &Document"), self)
        self.agenda_action.setToolTip(_("Take the agenda items from the document open in the library "
                                        "(a provisional agenda, or the item a document is issued under)"))
        self.agenda_action.triggered.connect(self._agenda_from_open_document)
        self.delete_action = QAction(_("&Remove"), self)
        self.delete_action.setObjectName("removeAction")
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.delete_pack_action = QAction(_("&Delete Pack…"), self)
        self.delete_pack_action.triggered.connect(self.delete_pack_dialog)
        self.check_action = QAction(_("Check Excerpts Against the &Library"), self)
        self.check_action.triggered.connect(self.check_stale)
        self.update_all_action = QAction(_("&Update All Changed Excerpts"), self)
        self.update_all_action.setEnabled(False)
        self.update_all_action.triggered.connect(self.update_all_excerpts)
        #: set by the main window: () -> document id open in the library view, or None
        self.open_document_id: Callable[[], int | None] = lambda: None

    def _build_ui(self) -> None:
        self.pack_combo = QComboBox()
        self.pack_combo.setObjectName("packChooser")
        self.pack_combo.setMinimumContentsLength(24)
        self.pack_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.pack_combo.activated.connect(self._pack_chosen)
        new_button = QToolButton()
        new_button.setDefaultAction(self.new_action)
        more = QToolButton()
        more.setText(_("Pack"))
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        for action in (self.preview_action, self.print_action, None, self.export_pdf_action,
                       self.export_pack_action, self.import_action, None, self.check_action,
                       self.update_all_action, None, self.delete_pack_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        more.setMenu(menu)
        # fixed labels (the actions' text names the edit: "Undo Add excerpt…"), the edit in the tooltip
        undo_button, redo_button = QToolButton(), QToolButton()
        for button, action, label in ((undo_button, self.undo_action, _("Undo")),
                                      (redo_button, self.redo_action, _("Redo"))):
            button.setText(label)
            button.setEnabled(False)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: (b.setEnabled(a.isEnabled()),
                                                               b.setToolTip(a.toolTip())))
        undo_button.setObjectName("undoButton")
        redo_button.setObjectName("redoButton")
        top = QHBoxLayout()
        top.addWidget(self.pack_combo, 1)
        top.addWidget(new_button)
        top.addWidget(undo_button)
        top.addWidget(redo_button)
        top.addWidget(more)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("packTabs")
        self.tabs.addTab(self._build_meeting_page(), _("Meeting"))
        self.tabs.addTab(self._build_agenda_page(), _("Agenda and excerpts"))

        self.progress = QProgressBar()
        self.progress.setMaximumHeight(14)
        self.progress.hide()
        self.message = QLabel()
        self.message.setObjectName("packMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)

    def _build_meeting_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        labels = _field_labels()
        self.fields: dict[str, QWidget] = {}
        for name in ("title", "body", "session"):
            self._line_field(form, name, labels[name])
        for name in ("start_date", "end_date"):
            edit = _DateEdit()
            edit.setObjectName(f"pack_{name}")
            edit.editingFinished.connect(lambda name=name: self._field_edited(name))
            edit.dateChanged.connect(lambda _d: self._show_dates())
            clear = QToolButton()
            clear.setObjectName(f"clear_{name}")
            clear.setText("×")
            clear.setToolTip(_("No date"))
            clear.clicked.connect(lambda _c=False, edit=edit, name=name: (edit.setDate(NO_DATE),
                                                                          self._field_edited(name)))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(clear)
            self.fields[name] = edit
            form.addRow(labels[name], row)
        self.dates_label = QLabel()
        self.dates_label.setObjectName("packDates")
        self.dates_label.setStyleSheet(f"color: {theme().muted}")
        form.addRow("", self.dates_label)
        for name in ("venue", "delegation"):
            self._line_field(form, name, labels[name])
        language = QComboBox()
        language.setObjectName("pack_language")
        for code, name in PACK_LANGUAGES:
            language.addItem(f"{name} ({code})", code)
        language.activated.connect(lambda _i: self._field_edited("language"))
        self.fields["language"] = language
        form.addRow(labels["language"], language)
        self._line_field(form, "classification", labels["classification"])
        self.fields["classification"].setPlaceholderText(_("e.g. RESTRICTED or 内部"))
        self._line_field(form, "version", labels["version"])
        saved = QLabel(_("Every change is saved as you go; Undo takes it back."))
        saved.setStyleSheet(f"color: {theme().muted}")
        saved.setWordWrap(True)
        form.addRow("", saved)
        return page

    def _line_field(self, form: QFormLayout, name: str, label: str) -> None:
        edit = QLineEdit()
        edit.setObjectName(f"pack_{name}")
        edit.editingFinished.connect(lambda: self._field_edited(name))
        self.fields[name] = edit
        form.addRow(label, edit)

    def _build_agenda_page(self) -> QWidget:
        self.outline_model = OutlineModel(self)
        self.outline = OutlineView()
        self.outline.setModel(self.outline_model)
        self.outline.addAction(self.delete_action)
        self.outline.selectionModel().currentChanged.connect(self._outline_current_changed)
        self.outline.item_moved.connect(self._item_moved)
        self.outline.excerpt_moved.connect(self._excerpt_moved)
        self.outline.excerpts_dropped.connect(self._excerpts_dropped)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.outline.addAction(self.add_item_action)
        add_button = QPushButton(_("Add item"))
        add_button.setObjectName("addItemButton")
        add_button.clicked.connect(lambda: self.add_item())
        agenda_button = QPushButton(_("From agenda…"))
        agenda_button.setToolTip(self.agenda_action.toolTip())
        agenda_button.clicked.connect(self._agenda_from_open_document)
        remove_button = QPushButton(_("Remove"))
        remove_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for b in (add_button, agenda_button, remove_button):
            buttons.addWidget(b)
        hint = QLabel(_("Drag paragraphs from the search results or the document onto an item; "
                        "drag items and excerpts to reorder them."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme().muted}; font-size: small")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.outline, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(hint)

        self.detail = QStackedWidget()
        self.blank_page = QLabel(_("Add an agenda item, then drop excerpts on it."))
        self.blank_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.blank_page.setWordWrap(True)
        self.detail.addWidget(self.blank_page)
        self.detail.addWidget(self._build_item_page())
        self.detail.addWidget(self._build_excerpt_page())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 420])
        self.agenda_splitter = splitter
        return splitter

    def _build_item_page(self) -> QWidget:
        self.item_page = _DropPage()
        self.item_page.setObjectName("itemPage")
        self.item_page.dropped.connect(lambda refs: self.add_excerpts(refs))
        self.item_number = QLineEdit()
        self.item_number.setObjectName("itemNumber")
        self.item_number.setMaximumWidth(70)
        self.item_number.setPlaceholderText(_("No."))
        self.item_title = QLineEdit()
        self.item_title.setObjectName("itemTitle")
        self.item_title.setPlaceholderText(_("Agenda item title"))
        self.item_number.editingFinished.connect(lambda: self._item_line_edited("number", self.item_number))
        self.item_title.editingFinished.connect(lambda: self._item_line_edited("title", self.item_title))
        head = QHBoxLayout()
        head.addWidget(QLabel(_("Item")))
        head.addWidget(self.item_number)
        head.addWidget(self.item_title, 1)
        self.sections: dict[str, RichTextEditor] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 6, 0)
        for name, title in _section_titles().items():
            editor = RichTextEditor(title, name=name)
            editor.setMinimumHeight(130)
            editor.committed.connect(lambda _old, new, name=name: self._section_committed(name, new))
            editor.undo_requested.connect(self.undo)
            editor.redo_requested.connect(self.redo)
            self.sections[name] = editor
            body_layout.addWidget(editor)
        self.item_excerpts = QLabel()
        self.item_excerpts.setWordWrap(True)
        self.item_excerpts.setStyleSheet(f"color: {theme().muted}")
        body_layout.addWidget(self.item_excerpts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self.item_page)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(scroll, 1)
        return self.item_page

    def _build_excerpt_page(self) -> QWidget:
        self.excerpt_page = _DropPage()  # paragraphs dropped here join the excerpt's item, after it
        self.excerpt_page.setObjectName("excerptPage")
        self.excerpt_page.dropped.connect(self._dropped_on_excerpt)
        self.excerpt_source = QLabel()
        self.excerpt_source.setObjectName("excerptSource")
        self.excerpt_source.setWordWrap(True)
        self.excerpt_source.setTextFormat(Qt.TextFormat.RichText)
        self.stale_label = QLabel()
        self.stale_label.setObjectName("staleWarning")
        self.stale_label.setWordWrap(True)
        self.stale_label.setStyleSheet(
            f"background: {theme().warning_background}; color: {theme().warning_text}; padding: 4px")
        self.update_button = QPushButton(_("Update from the library"))
        self.update_button.setObjectName("updateExcerptButton")
        self.update_button.clicked.connect(self.update_current_excerpt)
        stale_row = QHBoxLayout()
        stale_row.addWidget(self.stale_label, 1)
        stale_row.addWidget(self.update_button)
        self.stale_box = QWidget()
        self.stale_box.setLayout(stale_row)
        self.highlight_button = QPushButton(_("Highlight"))
        self.highlight_button.setObjectName("highlightButton")
        self.highlight_button.setToolTip(_("Highlight the selected words (Ctrl+Shift+H)"))
        self.highlight_button.clicked.connect(self.highlight_selection)
        self.unhighlight_button = QPushButton(_("Remove highlight"))
        self.unhighlight_button.clicked.connect(self.remove_highlight_at_cursor)
        remove = QPushButton(_("Remove excerpt"))
        remove.clicked.connect(self.delete_selected)
        self.source_button = QPushButton(_("Show in library"))
        self.source_button.setObjectName("showSourceButton")
        self.source_button.setToolTip(_("Open the source document at this excerpt"))
        self.source_button.clicked.connect(self.show_current_source)
        tools = QHBoxLayout()
        tools.addWidget(self.highlight_button)
        tools.addWidget(self.unhighlight_button)
        tools.addStretch(1)
        tools.addWidget(self.source_button)
        tools.addWidget(remove)
        self.excerpt_browser = ExcerptBrowser()
        self.highlight_action = QAction(_("Highlight"), self)
        self.highlight_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_H))
        self.highlight_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.highlight_action.triggered.connect(self.highlight_selection)
        self.unhighlight_action = QAction(_("Remove highlight"), self)
        self.unhighlight_action.triggered.connect(self.remove_highlight_at_cursor)
        copy_action = QAction(_("Copy"), self)
        copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy_action.triggered.connect(self.excerpt_browser.copy)
        note_action = QAction(_("Note on this paragraph"), self)
        note_action.triggered.connect(lambda: self.note_editor.edit.setFocus())
        for action in (copy_action, self.highlight_action, self.unhighlight_action, note_action):
            self.excerpt_browser.addAction(action)
        self.excerpt_browser.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.excerpt_browser.paragraph_changed.connect(self._excerpt_paragraph_changed)
        self.excerpt_browser.undo_requested.connect(self.undo)
        self.excerpt_browser.redo_requested.connect(self.redo)
        self.note_editor = RichTextEditor(_("Note on this paragraph"), name="noteEditor")
        self.note_editor.setMaximumHeight(170)
        self.note_editor.setEnabled(False)
        self.note_editor.committed.connect(lambda _old, new: self._note_committed(new))
        self.note_editor.undo_requested.connect(self.undo)
        self.note_editor.redo_requested.connect(self.redo)
        self._note_paragraph: int | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.excerpt_browser)
        splitter.addWidget(self.note_editor)
        splitter.setStretchFactor(0, 1)
        layout = QVBoxLayout(self.excerpt_page)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.excerpt_source)
        layout.addWidget(self.stale_box)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        return self.excerpt_page

    def _set_enabled(self, enabled: bool) -> None:
        self.tabs.setEnabled(enabled)
        for action in (self.export_pdf_action, self.export_pack_action, self.preview_action,
                       self.print_action, self.add_item_action, self.agenda_action, self.delete_action,
                       self.check_action, self.delete_pack_action):
            action.setEnabled(enabled)
        if not self.may_edit:
            self._read_only()

    def _read_only(self) -> None:
        """Hide what writes and make every field read-only (a reader of a team library)."""
        for name in ("new_action", "import_action", "undo_action", "redo_action", "add_item_action",
                     "agenda_action", "delete_action", "delete_pack_action", "update_all_action",
                     "highlight_action", "unhighlight_action"):
            action = getattr(self, name, None)
            if action is not None:
                action.setVisible(False)
                action.setEnabled(False)
        widgets = [*getattr(self, "fields", {}).values(), getattr(self, "item_number", None),
                   getattr(self, "item_title", None)]
        for widget in widgets:
            if widget is None:
                continue
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)
        for editor in [*getattr(self, "sections", {}).values(), getattr(self, "note_editor", None)]:
            if editor is not None:
                editor.edit.setReadOnly(True)
        for page in (getattr(self, "item_page", None), getattr(self, "excerpt_page", None)):
            if page is not None:
                page.setAcceptDrops(False)

    # -- labels ---------------------------------------------------------------

    @staticmethod
    def field_label(name: str) -> str:
        """The translated label of a meeting or item field."""
        return _field_labels().get(name, name)

    def undo(self) -> None:
        """Undo the last edit (text being typed is committed first, and undone)."""
        self._commit_open_editors()
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.undo_stack.redo()

    def _sync_undo_actions(self) -> None:
        try:
            self._sync_undo_actions_now()
        except RuntimeError:  # the stack clears itself while the editor is being destroyed
            pass

    def _sync_undo_actions_now(self) -> None:
        stack = self.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setToolTip(_("Undo {edit}").format(edit=stack.undoText()) if stack.canUndo() else "")
        self.redo_action.setToolTip(_("Redo {edit}").format(edit=stack.redoText()) if stack.canRedo() else "")

    def flush(self, timeout: float = 10.0) -> bool:
        """Save what is being typed and wait (at most ``timeout`` seconds) until every queued
        write is done; called when the window closes.  Returns True when nothing is left unsaved."""
        import time

        from ..qt import QApplication

        self._commit_open_editors()
        for widget, field in ((self.item_number, "number"), (self.item_title, "title")):
            if widget.hasFocus():
                self._item_line_edited(field, widget)
        for name, widget in self.fields.items():
            if widget.hasFocus():
                self._field_edited(name)
        deadline = time.monotonic() + timeout
        while not self.writer.idle and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        return self.writer.idle

    def cancel_tasks(self) -> None:
        """Ask a running export, preview or print to stop (the window is closing); writes are not cancelled."""
        for task in (self.export_task,):
            if task is not None and not task.done:
                task.cancel()
        if self.preview_dialog is not None:
            self.preview_dialog.reject()

    def _source(self, excerpt: ExcerptView) -> str:
        return source_line(excerpt, self.view.language if self.view else "en")

    @property
    def pack_id(self) -> int | None:
        """The id of the open pack, or None."""
        return self.writer.pack_id

    @property
    def busy(self) -> bool:
        """True while typed text waits to be saved or any write, reload, listing or export runs."""
        tasks = (self.list_task, self.open_task, self.export_task)
        return (not self.writer.idle or any(t is not None and not t.done for t in tasks)
                or any(e.dirty for e in (*self.sections.values(), self.note_editor))
                or self.stale_check_pending)

    # -- the pack list ------------------------------------------------------------

    def refresh_packs(self, then: Callable[[], None] | None = None) -> Task:
        """Reload the list of packs off the GUI thread."""
        service = self.service

        def done(packs: list[PackSummary]) -> None:
            self.packs = packs
            self._fill_combo()
            if then is not None:
                then()

        self.list_task = run_task(lambda progress, abort: service.list(), on_done=done,
                                  on_error=self._error)
        return self.list_task

    def _fill_combo(self) -> None:
        self.pack_combo.blockSignals(True)
        self.pack_combo.clear()
        if not self.packs:
            self.pack_combo.addItem(_("No briefing pack yet: New Pack…"), None)
        for p in self.packs:
            label = p.title or " ".join(x for x in (p.body, p.session) if x) or _("Pack {id}").format(id=p.id)
            self.pack_combo.addItem(label, p.id)
        index = self.pack_combo.findData(self.pack_id)
        self.pack_combo.setCurrentIndex(max(index, 0))
        self.pack_combo.blockSignals(False)

    def _pack_chosen(self, index: int) -> None:
        pack_id = self.pack_combo.itemData(index)
        if pack_id is not None and pack_id != self.pack_id:
            self.open_pack(pack_id)

    def new_pack(self, **meeting) -> Task:
        """Create a pack (``meeting``: :data:`~briefdesk.core.packs.service.MEETING_FIELDS`;
        by default a title and the interface's language) and open it on its Meeting tab."""
        from ...core import settings  # Preferences: a new pack's language and classification

        prefs = settings.all_settings()  # one read of the file
        values = {"title": _("New briefing pack"),
                  "language": prefs.get("pack_language") or _default_language(), **meeting}
        if prefs.get("pack_classification") and "classification" not in meeting:
            values["classification"] = prefs["pack_classification"]
        service = self.service

        def done(pack_id: int) -> None:
            self.open_pack(pack_id, then=lambda: (self.tabs.setCurrentIndex(0),
                                                  self.fields["title"].setFocus(),
                                                  self.fields["title"].selectAll()))
            self.refresh_packs()

        self.open_task = run_task(lambda progress, abort: service.create(**values), on_done=done,
                                  on_error=self._error)
        return self.open_task

    def open_pack(self, pack_id: int, then: Callable[[], None] | None = None) -> Task:
        """Open pack ``pack_id`` (loaded off the GUI thread; then its excerpts are compared with
        the library in the background, :meth:`check_stale`); clears undo."""
        service = self.service
        self._commit_open_editors()  # typing in the pack being left is saved to it first
        self._say(_("Opening the pack…"))

        def done(view: PackView) -> None:
            self.undo_stack.clear()
            self.writer.pack_id = view.id
            self.stale = {}
            self.update_all_action.setEnabled(False)
            self._selected = None
            self._apply_view(view)
            self._fill_combo()
            self._set_enabled(True)
            self._say("")
            if then is not None:
                then()
            self.check_stale(quiet=True)

        # after queued writes (to the pack being left), so they are not mistaken for edits of this one
        self.open_task = _after_writes(self.writer, lambda progress, abort: service.get(pack_id), done,
                                       self._error, None)
        return self.open_task

    def delete_pack_dialog(self) -> None:
        """Packs › Delete Pack…: ask, then :meth:`delete_pack`."""
        if self.view is None:
            return
        answer = QMessageBox.question(
            self, _("Delete pack"),
            _("Delete the briefing pack “{title}” with its notes and excerpts? This cannot be undone; "
              "share it as .briefpack first to keep a copy.").format(title=self.view.title or self.view.id))
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_pack()

    def delete_pack(self) -> Task | None:
        """Delete the open pack (off the GUI thread, after queued writes) and close it."""
        if self.pack_id is None:
            return None
        pack_id, service = self.pack_id, self.service

        def done(_view) -> None:
            self.undo_stack.clear()
            self.writer.pack_id = None
            self.view, self.stale, self._selected = None, {}, None
            self.update_all_action.setEnabled(False)
            self.outline_model.set_pack(None)
            self.detail.setCurrentWidget(self.blank_page)
            for name in self.fields:
                self._set_field(name, None)
            self._set_enabled(False)
            self.refresh_packs()

        self.open_task = _after_writes(self.writer, lambda progress, abort: service.delete(pack_id), done,
                                       self._error, None)
        return self.open_task

    # -- showing the stored pack ----------------------------------------------------

    def _apply_view(self, view: PackView) -> None:
        """Show ``view``: outline, meeting form, and the open item or excerpt (widgets being typed in are left alone)."""
        self.view = view
        self.pack_shown.emit(view.id, view.title)
        keep = self._pending_select or self._selected
        self._pending_select = None
        model = self.outline_model
        collapsed = {model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())
                     if not self.outline.isExpanded(model.index(r, 0))} if model.rowCount() else set()
        self.outline.selectionModel().blockSignals(True)
        model.set_pack(view, self.stale)
        for r in range(model.rowCount()):  # items stay as the user folded them; new ones open
            index = model.index(r, 0)
            self.outline.setExpanded(index, index.data(ID_ROLE) not in collapsed)
        self.outline.selectionModel().blockSignals(False)
        self._show_meeting(view)
        index = self.outline_model.index_of(*keep) if keep else QModelIndex()
        if not index.isValid() and view.items:
            index = self.outline_model.index(0, 0)  # what was open is gone: the first item
        if index.isValid():
            if index.parent().isValid():
                self.outline.setExpanded(index.parent(), True)
            self.outline.selectionModel().blockSignals(True)
            self.outline.setCurrentIndex(index)
            self.outline.selectionModel().blockSignals(False)
            self.outline.viewport().update()
            self._show_selected(index)
        else:
            self._selected = None
            self.detail.setCurrentWidget(self.blank_page)
        for i in range(self.pack_combo.count()):
            if self.pack_combo.itemData(i) == view.id and view.title:
                self.pack_combo.setItemText(i, view.title)

    def _apply_items(self, items: list[ItemView]) -> None:
        """Show agenda items read back after edits that touched only them (the rest of the pack is unchanged)."""
        if self.view is None:
            return
        fresh = {i.id: i for i in items}
        if not set(fresh) <= {i.id for i in self.view.items}:
            self.writer.reload()  # the items changed under us: read the whole pack
            return
        self._apply_view(replace(self.view, items=tuple(fresh.get(i.id, i) for i in self.view.items)))

    def _show_meeting(self, view: PackView, *, force: bool = False) -> None:
        self._loading_form = True
        try:
            for name, widget in self.fields.items():
                if widget.hasFocus() and not force:
                    continue
                value = getattr(view, name) if isinstance(view, PackView) else view.get(name)
                self._set_field(name, value)
        finally:
            self._loading_form = False
        self._show_dates()

    def _set_field(self, name: str, value) -> None:
        widget = self.fields[name]
        widget.blockSignals(True)
        if isinstance(widget, QDateEdit):
            widget.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(widget.findData(value or "en"), 0))
        else:
            widget.setText(value or "")
        widget.blockSignals(False)

    def show_meeting_values(self, values: dict | None) -> None:
        """Put ``values`` (meeting fields) into the form (after an undo or redo)."""
        if values:
            for name, value in values.items():
                if isinstance(value, str) and name in ("start_date", "end_date"):
                    value = dt.date.fromisoformat(value) if value else None
                self._set_field(name, value)
            self._show_dates()
            self.tabs.setCurrentIndex(0)

    def _field_value(self, name: str):
        widget = self.fields[name]
        if isinstance(widget, QDateEdit):
            d = widget.date()
            return None if d == NO_DATE else dt.date(d.year(), d.month(), d.day())
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text().strip()

    def _show_dates(self) -> None:
        start, end = self._field_value("start_date"), self._field_value("end_date")
        locale = self._field_value("language") or "en"
        self.dates_label.setText(format_date_range(start, end, locale=locale) if (start or end) else "")

    def _field_edited(self, name: str) -> None:
        if self._loading_form or self.view is None:
            return
        value = self._field_value(name)
        if value == getattr(self.view, name) or (not value and not getattr(self.view, name)):
            return
        self.undo_stack.push(MeetingCommand(self, self.view.id, {name: value}))
        if name == "language":
            self._show_dates()

    def select(self, kind: str, row_id: int) -> None:
        """Select the item or excerpt ``row_id`` in the outline (now, or when the next reload shows it)."""
        self._pending_select = (kind, row_id)
        index = self.outline_model.index_of(kind, row_id)
        if index.isValid():
            if index.parent().isValid():
                self.outline.setExpanded(index.parent(), True)
            self.outline.setCurrentIndex(index)
        self.tabs.setCurrentIndex(1)

    def _outline_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_selected(current)

    def _show_selected(self, index: QModelIndex) -> None:
        if not index.isValid() or self.view is None:
            return
        kind, row_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        changed = self._selected != (kind, row_id)
        if changed:
            self._commit_open_editors()
        self._selected = (kind, row_id)
        if kind == "item":
            item = next((i for i in self.view.items if i.id == row_id), None)
            if item is not None:
                self._show_item(item, reload_all=changed)
        else:
            try:
                excerpt = self.view.excerpt(row_id)
            except BriefDeskError:
                return
            self._show_excerpt(excerpt, reload_all=changed)

    def _commit_open_editors(self) -> None:
        for editor in (*self.sections.values(), self.note_editor):
            editor.commit()

    def _show_item(self, item: ItemView, *, reload_all: bool) -> None:
        self.detail.setCurrentWidget(self.item_page)
        for widget, value in ((self.item_number, item.number), (self.item_title, item.title)):
            if reload_all or not widget.hasFocus():
                widget.setText(value)
        for name, editor in self.sections.items():
            if reload_all or not (editor.edit.hasFocus() or editor.dirty):
                stored = getattr(item, name)
                if reload_all or stored != editor.stored:
                    editor.set_html(stored)
                    editor.stored = stored
        self.item_excerpts.setText(
            ngettext("{n} excerpt (listed under the item on the left).",
                     "{n} excerpts (listed under the item on the left).", len(item.excerpts)).format(
                n=len(item.excerpts)) if item.excerpts else
            _("No excerpt yet: drag paragraphs here from the search results or the document."))

    def show_item_field(self, item_id: int, field: str, value: str | None) -> None:
        """Show ``value`` in the item's field if that item is open (after an undo or redo)."""
        if self._selected != ("item", item_id):
            return
        if field in self.sections:
            self.sections[field].set_html(value or "")
            self.sections[field].stored = value or ""
        elif field == "number":
            self.item_number.setText(value or "")
        elif field == "title":
            self.item_title.setText(value or "")

    def _show_excerpt(self, excerpt: ExcerptView, *, reload_all: bool) -> None:
        self.detail.setCurrentWidget(self.excerpt_page)
        title = excerpt.source_title
        self.excerpt_source.setText("<b>{line}</b><br/><span style='color:{muted}'>{title}</span>".format(
            line=_escape(self._source(excerpt)), title=_escape(title), muted=theme().muted))
        self.source_button.setEnabled(excerpt.source_document_id is not None)
        stale = self.stale.get(excerpt.id)
        self.stale_box.setVisible(stale is not None)
        if stale is not None:
            self.stale_label.setText(stale_message(stale))
        # rebuilt only when it changed (a rebuild moves the cursor) and not while its note is typed
        if excerpt != self.excerpt_browser.excerpt and not self.note_editor.edit.hasFocus():
            self.excerpt_browser.set_excerpt(excerpt)

    def _excerpt_paragraph_changed(self, index: int) -> None:
        self.note_editor.commit()
        excerpt = self.excerpt_browser.excerpt
        if excerpt is None or not 0 <= index < len(excerpt.paragraphs):
            self._note_paragraph = None
            self.note_editor.set_html("")
            self.note_editor.setEnabled(False)
            return
        p = excerpt.paragraphs[index]
        self._note_paragraph = p.id
        self.note_editor.setEnabled(True)
        self.note_editor.label.setText("<b>{}</b>".format(_escape(
            _("Note on paragraph {number}").format(number=p.number.strip().rstrip(".")) if p.number
            else _("Note on this paragraph"))))
        self.note_editor.set_html(p.note)

    def show_note(self, paragraph_id: int, html: str | None) -> None:
        """Show ``html`` in the note editor if it is open on ``paragraph_id`` (after an undo or redo)."""
        if self._note_paragraph == paragraph_id:
            self.note_editor.set_html(html or "")

    # -- edits (each one undo command) ----------------------------------------------

    def _item_line_edited(self, field: str, widget: QLineEdit) -> None:
        if self._selected is None or self._selected[0] != "item" or self.view is None:
            return
        item = next((i for i in self.view.items if i.id == self._selected[1]), None)
        value = widget.text().strip()
        if item is not None and value != getattr(item, field):
            self.undo_stack.push(ItemFieldCommand(self, item.id, field, value))

    def _section_committed(self, name: str, html: str) -> None:
        if self._selected is None or self._selected[0] != "item":
            return
        self.undo_stack.push(ItemFieldCommand(self, self._selected[1], name, html))

    def _note_committed(self, html: str) -> None:
        excerpt = self.excerpt_browser.excerpt
        if excerpt is not None and self._note_paragraph is not None:
            self.undo_stack.push(NoteCommand(self, excerpt.id, self._note_paragraph, html))

    def add_item(self, number: str = "", title: str = "") -> None:
        """Add an agenda item after the selected one (or last); the new item opens for typing."""
        if self.view is None:
            return
        position = None
        if self._selected is not None:
            index = self.outline_model.index_of(*self._selected)
            if index.isValid():
                position = (index.parent().row() if index.parent().isValid() else index.row()) + 1
        self.undo_stack.push(AddItemCommand(self, self.view.id, number, title or _("New agenda item"),
                                            position))

    def _agenda_from_open_document(self) -> None:
        """From agenda…: the document open in the library view, else one chosen from the library."""
        document_id = self.open_document_id()
        if document_id is not None:
            self.add_items_from_document(document_id)
        else:
            self.choose_agenda_document()

    def choose_agenda_document(self) -> Task | None:
        """List the library's documents (agendas first) off the GUI thread, ask which one to take
        the agenda items from, then :meth:`add_items_from_document`."""
        if self.view is None:
            return None
        library = self.library

        def done(summaries) -> None:
            if not summaries:
                self._say(_("The library has no document to take agenda items from."))
                return
            ranked = sorted(summaries, key=lambda s: (not looks_like_agenda(s.title), s.body, s.session,
                                                      s.symbol or ""))
            labels = [" — ".join(x for x in (s.symbol or "", s.title, s.session) if x) for s in ranked]
            label, ok = QInputDialog.getItem(self, _("Agenda items from a document"),
                                             _("Take the agenda items from:"), labels, 0, False)
            if ok and label in labels:
                self.add_items_from_document(ranked[labels.index(label)].id)

        self.open_task = run_task(lambda progress, abort: library.summaries(), on_done=done, on_error=self._error)
        return self.open_task

    def add_items_from_document(self, document_id: int) -> Task | None:
        """Add the agenda items ``document_id`` proposes (a provisional agenda: all its items),
        as one undo step; items whose number the pack already has are skipped."""
        if self.view is None:
            return None
        service, pack_id = self.service, self.view.id

        def done(entries) -> None:
            have = {i.number.strip() for i in self.view.items} if self.view else set()
            new = [e for e in entries if e.number.strip() not in have]
            if not new:
                self._say(_("The pack already has these agenda items."))
                return
            self.undo_stack.beginMacro(ngettext("Add {n} agenda item", "Add {n} agenda items",
                                                len(new)).format(n=format_number(len(new))))
            for e in new:
                self.undo_stack.push(AddItemCommand(self, pack_id, e.number, e.title))
            self.undo_stack.endMacro()
            self.tabs.setCurrentIndex(1)

        self.open_task = run_task(lambda progress, abort: service.agenda_from_document(document_id),
                                  on_done=done, on_error=self._error)
        return self.open_task

    def current_item_id(self) -> int | None:
        """The id of the selected item (or of the selected excerpt's item), or None."""
        if self._selected is None or self.view is None:
            return None
        kind, row_id = self._selected
        if kind == "item":
            return row_id
        try:
            return self.view.excerpt(row_id).item_id
        except BriefDeskError:
            return None

    def add_excerpts(self, refs: list[ExcerptRef], item_id: int | None = None,
                     position: int | None = None) -> bool:
        """Add library excerpts to ``item_id`` (default: the selected item) at ``position``
        (default: last), as one undo step.  Returns False (and says why) when there is no pack or item."""
        if self.view is None:
            self._say(_("Create or open a briefing pack first (Packs › New Pack…)."))
            return False
        item_id = item_id if item_id is not None else self.current_item_id()
        if item_id is None:
            if not self.view.items:
                self._say(_("Add an agenda item first, then drop excerpts on it."))
                return False
            item_id = self.view.items[-1].id
        if len(refs) > 1:
            self.undo_stack.beginMacro(ngettext("Add {n} excerpt", "Add {n} excerpts", len(refs)).format(n=format_number(len(refs))))
        for n, ref in enumerate(refs):
            self.undo_stack.push(AddExcerptCommand(self, item_id, ref, None if position is None else position + n))
        if len(refs) > 1:
            self.undo_stack.endMacro()
        return True

    def _dropped_on_excerpt(self, refs: list[ExcerptRef]) -> None:
        excerpt = self.excerpt_browser.excerpt
        if excerpt is None:
            self.add_excerpts(refs)
        else:
            self.add_excerpts(refs, excerpt.item_id, excerpt.position + 1)

    def _excerpts_dropped(self, refs: list[ExcerptRef], item_id: int | None, position: int) -> None:
        self.add_excerpts(refs, item_id, position if item_id is not None else None)

    def _item_moved(self, item_id: int, position: int) -> None:
        item = next((i for i in self.view.items if i.id == item_id), None) if self.view else None
        if item is not None:
            self.undo_stack.push(MoveItemCommand(self, item_id, position, item.number or item.title))

    def _excerpt_moved(self, excerpt_id: int, item_id: int, position: int) -> None:
        if self.view is None:
            return
        excerpt = self.view.excerpt(excerpt_id)
        self.undo_stack.push(MoveExcerptCommand(self, excerpt_id, item_id, position, self._source(excerpt)))

    def delete_selected(self) -> None:
        """Remove the selected item (with its excerpts) or excerpt (one undo step)."""
        if self._selected is None or self.view is None:
            return
        kind, row_id = self._selected
        self._selected = None
        if kind == "item":
            item = next((i for i in self.view.items if i.id == row_id), None)
            if item is not None:
                self.undo_stack.push(DeleteItemCommand(self, row_id, item_label(item)))
        else:
            excerpt = self.view.excerpt(row_id)
            self.undo_stack.push(DeleteExcerptCommand(self, row_id, self._source(excerpt)))

    def highlight_selection(self) -> bool:
        """Highlight the words selected in the excerpt view (one undo step); False without a selection."""
        excerpt = self.excerpt_browser.excerpt
        ranges = [(p, s, e) for p, s, e in self.excerpt_browser.selected_ranges() if e > s]
        if excerpt is None or not ranges:
            self._say(_("Select words in the excerpt to highlight them."))
            return False
        if len(ranges) > 1:
            self.undo_stack.beginMacro(_("Highlight"))
        for p, s, e in ranges:
            self.undo_stack.push(HighlightCommand(self, excerpt.id, excerpt.paragraphs[p].id, s, e))
        if len(ranges) > 1:
            self.undo_stack.endMacro()
        return True

    def remove_highlight_at_cursor(self) -> bool:
        """Remove the highlights under the cursor or selection (one undo step)."""
        excerpt = self.excerpt_browser.excerpt
        if excerpt is None:
            return False
        ranges = self.excerpt_browser.selected_ranges()
        if not ranges:
            at = self.excerpt_browser.text_position(self.excerpt_browser.textCursor().position())
            ranges = [(at[0], at[1], at[1] + 1)] if at else []
        ids = [h.id for p, s, e in ranges for h in excerpt.paragraphs[p].highlights if h.start < e and s < h.end]
        if not ids:
            return False
        self.undo_stack.push(RemoveHighlightCommand(self, excerpt.id, ids))
        return True

    def show_current_source(self) -> Task | None:
        """Show the open excerpt's source in the library at the paragraph under the cursor (or the
        excerpt's first): its position is looked up off the GUI thread, then
        :attr:`source_requested` is emitted."""
        excerpt = self.excerpt_browser.excerpt
        if excerpt is None or excerpt.source_document_id is None:
            return None
        index = self.excerpt_browser.current_paragraph or 0
        wanted = [p.source_paragraph_id for p in excerpt.paragraphs[index:]] + \
                 [p.source_paragraph_id for p in excerpt.paragraphs[:index]]
        library, document_id = self.library, excerpt.source_document_id

        def position(progress, abort) -> int:
            by_id = {p.id: p.position for p in library.document(document_id).paragraphs}
            return next((by_id[i] for i in wanted if i in by_id), 0)

        self.list_task = run_task(position, on_done=lambda pos: self.source_requested.emit(document_id, pos),
                                  on_error=self._error)
        return self.list_task

    # -- staleness -------------------------------------------------------------------

    def check_stale(self, *, quiet: bool = False) -> Task | None:
        """Compare every excerpt with the library's current text (off the GUI thread) and mark
        those that differ; ``quiet``: say nothing when none differs."""
        if self.pack_id is None:
            return None
        service, pack_id = self.service, self.pack_id

        def done(stale: list[StaleExcerpt]) -> None:
            if pack_id != self.pack_id:
                return
            self.stale = {s.excerpt_id: s for s in stale}
            self.update_all_action.setEnabled(bool(self.stale))
            if self.view is not None:
                self._apply_view(self.view)
            if stale or not quiet:
                self._say(ngettext("{n} excerpt differs from the library's current text.",
                                   "{n} excerpts differ from the library's current text.", len(stale)).format(
                    n=len(stale)) if stale else _("Every excerpt matches the library."))

        self.list_task = run_task(lambda progress, abort: service.stale_excerpts(pack_id), on_done=done,
                                  on_error=self._error)
        return self.list_task

    def schedule_stale_check(self) -> None:
        """Check the excerpts against the library once the current burst of edits is done."""
        self._stale_timer.start()

    @property
    def stale_check_pending(self) -> bool:
        """True while a scheduled check has not started yet."""
        try:
            return self._stale_timer.isActive()
        except RuntimeError:  # the editor is being destroyed
            return False

    def update_current_excerpt(self) -> None:
        """Re-copy the open (stale) excerpt from the library (one undo step)."""
        excerpt = self.excerpt_browser.excerpt
        if excerpt is not None:
            self.undo_stack.push(UpdateExcerptCommand(self, excerpt.id, self._source(excerpt)))

    def update_all_excerpts(self) -> None:
        """Re-copy every excerpt that differs from the library (one undo step)."""
        if self.view is None or not self.stale:
            return
        stale = [e for i in self.view.items for e in i.excerpts if e.id in self.stale]
        self.undo_stack.beginMacro(ngettext("Update {n} excerpt", "Update {n} excerpts", len(stale)).format(
            n=len(stale)))
        for excerpt in stale:
            self.undo_stack.push(UpdateExcerptCommand(self, excerpt.id, self._source(excerpt)))
        self.undo_stack.endMacro()

    # -- export, share, preview, print --------------------------------------------

    def _pack_file_name(self, suffix: str) -> str:
        view = self.view
        base = (view.title if view and view.title else _("briefing pack")) if view else "pack"
        safe = "".join(c if c.isalnum() or c in "-_ " else "-" for c in base).strip().replace(" ", "_")
        return (safe or "pack") + suffix

    def export_pdf_dialog(self) -> None:
        """Packs › Export as PDF…: choose where, then :meth:`export_pdf`."""
        path, _filter = QFileDialog.getSaveFileName(self, _("Export pack as PDF"),
                                                    str(Path.home() / self._pack_file_name(".pdf")),
                                                    _("PDF files (*.pdf)"))
        if path:
            self.export_pdf(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _run_export(self, work, done, message: str) -> Task | None:
        if self.pack_id is None:
            return None
        self._commit_open_editors()
        self.progress.setRange(0, 0)
        self.progress.show()
        self._say(message)

        def finished(result) -> None:
            self.progress.hide()
            done(result)

        def failed(error: BaseException) -> None:
            self.progress.hide()
            if isinstance(error, Cancelled):
                self._say(str(error))
            else:
                self._error(error)

        def progress(done_, total=0, *_rest) -> None:
            if total:
                self.progress.setRange(0, total)
                self.progress.setValue(done_)

        pack_id, writer = self.pack_id, self.writer

        # exports wait behind queued writes, so they print what the user last typed
        def queued(progress, abort):
            return work(pack_id, throttled(progress), abort)

        self.export_task = _after_writes(writer, queued, finished, failed, progress)
        return self.export_task

    def export_pdf(self, path: str | Path) -> Task | None:
        """Write the open pack as PDF to ``path`` in the background (after pending edits are saved)."""
        target = Path(path)

        def done(pages: int) -> None:
            self.last_export = (target, pages)
            self._say(ngettext("Wrote {path} ({n} page)", "Wrote {path} ({n} pages)", pages).format(
                path=target, n=pages))

        return self._run_export(_pdf_writer(self.service, target), done,
                                _("Exporting {name}…").format(name=target.name))

    def export_briefpack_dialog(self) -> None:
        """Packs › Share as .briefpack…: choose where, then :meth:`export_briefpack`."""
        path, _filter = QFileDialog.getSaveFileName(self, _("Share pack"),
                                                    str(Path.home() / self._pack_file_name(".briefpack")),
                                                    _("Briefing packs (*.briefpack)"))
        if path:
            self.export_briefpack(path if path.lower().endswith(".briefpack") else path + ".briefpack")

    def export_briefpack(self, path: str | Path) -> Task | None:
        """Write the open pack as one ``.briefpack`` file (texts included) in the background."""
        target = Path(path)
        service = self.service

        def work(pack_id, progress, abort):
            return service.export_briefpack(pack_id, target)

        def done(_result) -> None:
            self.last_export = (target, 0)
            self._say(_("Wrote {path}").format(path=target))

        return self._run_export(work, done, _("Writing {name}…").format(name=target.name))

    def import_briefpack_dialog(self) -> None:
        """Packs › Open .briefpack…: choose a file, then :meth:`import_briefpack`."""
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a shared pack"), "",
                                                    _("Briefing packs (*.briefpack);;All files (*)"))
        if path:
            self.import_briefpack(path)

    def import_briefpack(self, path: str | Path) -> Task:
        """Add the pack in a ``.briefpack`` file to the library (off the GUI thread) and open it;
        a refused file is reported with its reason."""
        source = Path(path)
        service = self.service
        self.progress.setRange(0, 0)
        self.progress.show()

        def work(progress, abort):
            return service.import_briefpack(source)

        def done(pack_id: int) -> None:
            self.progress.hide()
            self.refresh_packs()
            self.open_pack(pack_id)
            self._say(_("Opened {name}").format(name=source.name))

        def failed(error: BaseException) -> None:
            self.progress.hide()
            self._error(error)

        self.open_task = run_task(work, on_done=done, on_error=failed)
        return self.open_task

    def preview(self, *, print_at_once: bool = False) -> Task | None:
        """Export the pack to a temporary PDF, then show it page by page (:class:`.preview.PrintPreview`);
        with ``print_at_once`` open the system's print dialog over it."""
        folder = Path(tempfile.mkdtemp(prefix="briefdesk-preview-"))
        target = folder / self._pack_file_name(".pdf")

        def done(_pages: int) -> None:
            title = self.view.title if self.view else ""
            dialog = PrintPreview(target, title, self)
            self.preview_dialog = dialog
            # once closed: its pages leave memory and its temporary PDF the disk (off the GUI thread)
            dialog.finished.connect(lambda _result: (dialog.images.clear(), run_task(
                lambda progress, abort: shutil.rmtree(folder, ignore_errors=True))))
            dialog.open()
            dialog.load()
            self._say("")
            if print_at_once:
                dialog.loaded.connect(dialog.print_dialog)

        return self._run_export(_pdf_writer(self.service, target), done, _("Preparing the preview…"))

    # -- messages -----------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.status.emit(text)  # "" clears the window's status bar too

    def _error(self, error: BaseException) -> None:
        self.last_error = show_error(self, error)

    def _write_failed(self, error: BaseException) -> None:
        """A write failed: say why; the undo history no longer matches what is stored, so it goes
        (the writer reloads the pack, so the editor shows what is stored)."""
        self._error(error)
        self.undo_stack.clear()


def _escape(text: str) -> str:
    import html

    return html.escape(text or "", quote=False)


def _default_language() -> str:
    """The interface language when it is a UN language, else ``"en"`` (a new pack's language)."""
    from ...core.languages import default_document_language

    return default_document_language()


def stale_message(stale: StaleExcerpt) -> str:
    """What changed in an excerpt's source, for the warning above it."""
    parts = []
    if stale.changed:
        parts.append(_("changed: {numbers}").format(numbers=", ".join(stale.changed)))
    if stale.removed:
        parts.append(_("no longer there: {numbers}").format(numbers=", ".join(stale.removed)))
    if stale.added:
        parts.append(_("new: {numbers}").format(numbers=", ".join(stale.added)))
    return _("The library's {symbol} now reads differently ({what}).").format(
        symbol=stale.source_symbol or _("source"), what="; ".join(parts))


def throttled(progress: Callable[..., None], interval: float = 0.1) -> Callable[..., None]:
    """``progress`` called at most every ``interval`` seconds (and always for the last step).

    Layout reports every flowable; passing each report to the GUI thread
    as a queued signal cost more than the layout itself on long packs.
    """
    import time

    last = [0.0]

    def report(done: int = 0, total: int = 0, *rest) -> None:
        now = time.monotonic()
        if now - last[0] >= interval or (total and done >= total):
            last[0] = now
            progress(done, total, *rest)

    return report


def _pdf_writer(service: PackService, target: Path):
    """The work of writing a pack as PDF to ``target``: ``work(pack_id, progress, abort) -> pages``
    (worker thread; :func:`~briefdesk.core.render.pack_pdf.export_pack_pdf`)."""

    def work(pack_id, progress, abort):
        from ...core.render.pack_pdf import export_pack_pdf

        return export_pack_pdf(service.get(pack_id), target, progress=progress, abort=abort)

    return work


def _after_writes(writer: PackWriter, work, on_done, on_error, on_progress) -> Task:
    """Run ``work(progress, abort)`` once the writer's queue is empty, through :func:`run_task`.

    Returns a :class:`Task` at once; its ``done`` turns true when the work has reported.
    """
    handle = Task()
    inner: list[Task] = []

    def start() -> None:
        if handle.cancelled:
            handle.done = True
            return

        def finished(result) -> None:
            handle.done = True
            on_done(result)

        def failed(error) -> None:
            handle.done = True
            on_error(error)

        inner.append(run_task(lambda progress, abort: work(progress, lambda: abort() or handle.cancelled),
                              on_done=finished, on_error=failed, on_progress=on_progress))

    if writer.idle:
        start()
    else:
        writer.submit(lambda service: None, lambda _r: start(), reload=False)
    return handle
