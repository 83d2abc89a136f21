"""The draft editor: write and negotiate decision text on its structure.

A :class:`DraftEditor` window edits one draft at a time through
:class:`~briefdesk.core.drafting.service.DraftService`:

* the header (symbol line, kind, title, the body's name);
* the paragraphs, listed with their automatic numbers; the selected one is
  edited as text below the list, with its kind (preambular, operative,
  sub-paragraph, section heading) and leading verb chosen from the palette of
  standard phrases in the draft's language;
* brackets, alternatives, amendments attributed to Parties, footnotes;
* a preview in the three views of negotiating practice (clean, all
  brackets, compilation with sponsors) and a fourth with the amendments inline
  as tracked changes (:mod:`.trackview`), the amendments to accept or reject,
  the convention check, versions and their comparison (changes only if asked,
  :mod:`.comparison_panel`), export to PDF, .docx and Akoma Ntoso, and
  projection full screen for the room (:mod:`.projection`).

Every edit is one command on a :class:`QUndoStack`; the calls run in order
off the GUI thread (:class:`~briefdesk.gui.tasks.SerialQueue`) and each commits, so the
draft is saved as it is edited.  Text being typed is written at once to the
draft's crash journal (:mod:`briefdesk.core.drafting.journal`) and stored a
moment after typing pauses; after a crash the next editor offers it back.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from ...core.drafting.compare import compare, load_side
from ...core.drafting.export import export_draft
from ...core.drafting.journal import DraftJournal, discard, pending_recovery, recover
from ...core.drafting.service import Change, DraftService, DraftSummary, VersionInfo
from ...core.drafting.snapshot import BracketView, DraftView, sponsor_text
from ...core.drafting.track import track_changes
from ...core.drafting.verbs import palette
from ...core.direction import is_rtl
from ...core.errors import BriefDeskError
from ...core.i18n import _, format_date, format_number, ngettext
from ...core.languages import default_document_language
from ...core.library import Library
from ..direction import apply_interface_direction, set_text_direction, wrap_without_horizontal_scroll
from ..errors import show_error
from ..palette import theme
from ..qt import (
    QAction,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTimer,
    QToolBar,
    QUndoStack,
    QVBoxLayout,
    QWidget,
    Qt,
    Signal,
)
from ..tasks import SerialQueue, Task
from .agreed_panel import dock_agreed_panel
from .commands import ServiceCommand
from .amendment_filter import AmendmentFilter, status_label
from .comparison_panel import ComparisonPanel, comparison_html
from .head import draft_head_html
from .kai import chinese_verb_html
from .projection import open_projection
from .trackview import track_html
from .sponsor_picker import SponsorPicker, SupportersDialog

log = logging.getLogger(__name__)

#: Kinds offered for a paragraph, in the order of :func:`_choice_labels`: ``(kind, level)``;
#: a ``None`` kind keeps the paragraph's own (a sub-paragraph of a preambular paragraph stays preambular).
PARAGRAPH_CHOICES: tuple[tuple[str | None, int], ...] = (
    ("preambular", 0), ("operative", 0), (None, 1), (None, 2), ("heading", 0),
)

#: Milliseconds of no typing after which the text being typed is stored.
COMMIT_DELAY_MS = 700


def _choice_labels() -> list[str]:
    return [_("Preambular paragraph"), _("Operative paragraph"), _("Sub-paragraph (a)"),
            _("Sub-sub-paragraph (i)"), _("Section heading")]


def _py_offset(text: str, utf16_position: int) -> int:
    """Python string index of a Qt (UTF-16) cursor position in ``text``."""
    return len(text.encode("utf-16-le")[:2 * utf16_position].decode("utf-16-le", errors="ignore"))


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


#: The preview's fourth view, beside the three of :class:`BracketView`: amendments inline
#: as tracked changes (:mod:`.trackview`).
TRACK_CHANGES = "track"


def _view_labels() -> dict[BracketView | str, str]:
    """The preview's views as the interface names them, in the order of the view box."""
    return {BracketView.CLEAN: _("Clean text"), BracketView.ALL: _("All brackets"),
            BracketView.COMPILATION: _("Compilation with sponsors"), TRACK_CHANGES: _("Track changes")}


def view_html(laid: DraftView, highlight: int | None = None) -> str:
    """HTML of a laid-out draft for the preview: symbol line, kind line, title, the body's
    name, numbered paragraphs with verbs in italics, proposals in blue, text proposed for
    deletion struck through in red, sponsors in grey, footnote markers raised.

    ``highlight``: the id of a paragraph to shade (the projection's paragraph under
    discussion); every paragraph carries an anchor ``p<id>`` to scroll to."""
    snap = laid.snapshot
    rtl = is_rtl(snap.language)  # right to left: indents on the right, the symbol line on the left
    side = "right" if rtl else "left"
    out = draft_head_html(snap)
    notes: list[tuple[str, str]] = []
    for p in laid.paragraphs:
        pieces = []
        for run in p.runs:
            text = _escape(run.text)
            if run.role == "verb":
                text = chinese_verb_html(text) if snap.language == "zh" else f"<i>{text}</i>"
            elif run.role == "proposal":
                text = f"<span style='color:{theme().inserted}'>{text}</span>"
            elif run.role == "deleted":
                text = f"<span style='color:{theme().deleted}; text-decoration:line-through'>{text}</span>"
            elif run.role == "sponsors":
                text = f"<span style='color:{theme().muted}'>{text}</span>"
            pieces.append(text)
        body = "".join(pieces) or "&nbsp;"
        for marker, note, _offset in p.footnotes:
            body += f"<sup>{_escape(marker)}</sup>"
            notes.append((marker, note))
        number = f"<a name='p{p.id}'></a>" + _escape(p.number or "")
        indent = 24 * p.level + (24 if p.number else 0)
        shade = f" background-color:{theme().highlight};" if p.id == highlight else ""
        if p.kind == "heading":
            out.append(f"<p align='center' style='{shade}'><b>{number} {body}</b></p>")
        else:
            out.append(f"<p style='margin-{side}:{indent}px; text-indent:-24px;{shade}'>"
                       f"{number}&nbsp;&nbsp;{body}</p>" if p.number else
                       f"<p style='margin-{side}:{24 * p.level}px;{shade}'>{number}{body}</p>")
    if notes:
        out.append("<hr/>")
        for marker, note in notes:
            out.append(f"<p style='font-size:small'><sup>{_escape(marker)}</sup> {_escape(note)}</p>")
    out.append("</div>")
    return "".join(out)


class ParagraphEdit(QPlainTextEdit):
    """The text box of the paragraph being typed.  Undo and redo keys go to the draft's
    undo stack (the window's actions), not to the box's own history."""

    def event(self, event) -> bool:  # noqa: D102 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
            event.ignore()
            return False
        return super().event(event)


class AmendmentDialog(QDialog):
    """Record an amendment on the selected span: insert, delete or replace, by which
    Parties or groups (picked in a :class:`.sponsor_picker.SponsorPicker`, named in the
    draft's ``language``), with a comment."""

    OPS = ("insert", "delete", "replace")

    def __init__(self, selected: str, parent: QWidget | None = None, language: str = "en") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Propose an amendment"))
        self.setObjectName("amendmentDialog")
        form = QFormLayout(self)
        form.addRow(_("Selected text:"), QLabel(selected or _("(none: the amendment inserts at the cursor)")))
        self.op = QComboBox()
        self.op.addItems([_("Insert"), _("Delete"), _("Replace")])
        self.op.setCurrentIndex(2 if selected else 0)
        form.addRow(_("Amendment:"), self.op)
        self.new_text = QLineEdit()
        form.addRow(_("New text:"), self.new_text)
        self.picker = SponsorPicker(language, self)
        self.sponsors = self.picker.search
        form.addRow(_("Proposed by:"), self.picker)
        self.comment = QLineEdit()
        form.addRow(_("Comment:"), self.comment)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.new_text.setFocus()

    def values(self) -> tuple[str, str, list[str], str]:
        """``(op, new text, sponsors, comment)``; sponsors as codes (free text where the list of
        Parties knows no one), what is still typed in the picker's field included."""
        self.picker.add_typed()
        return self.OPS[self.op.currentIndex()], self.new_text.text(), self.picker.selected(), self.comment.text()


class DraftEditor(QMainWindow):
    """The draft editor window over ``library`` (see the module docstring).

    ``journal_directory`` overrides where crash journals are kept (tests).
    Attributes tests and the main window use: ``draft_id``, ``current_pid``,
    ``laid`` (the draft laid out with all brackets, as edited), ``queue``,
    ``undo_stack``, ``last_export`` (path written), ``last_error``.
    ``draft_shown(draft_id, title)`` is emitted when a draft's text is shown (File › Recent).
    """

    draft_shown = Signal(int, str)
    #: emitted when the open draft has been reloaded and shown (the projection follows it)
    preview_refreshed = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None, *,
                 journal_directory: Path | None = None) -> None:
        apply_interface_direction()  # mirrored under a right-to-left interface language
        super().__init__(parent)
        self.setObjectName("draftEditor")
        self.library = library
        self.service = DraftService(library)
        self.queue = SerialQueue(owner=self)
        self.closed = False
        self.undo_stack = QUndoStack(self)
        self.journal_directory = journal_directory
        self.journal: DraftJournal | None = None
        self.draft_id: int | None = None
        self.current_pid: int | None = None
        self.laid: DraftView | None = None
        self.summaries: list[DraftSummary] = []
        self.versions: list[VersionInfo] = []
        self._amendments: list = []
        self.last_export: Path | None = None
        self.last_error = None
        self.recovery_box: QMessageBox | None = None
        self.export_task: Task | None = None
        #: the projection window (:mod:`.projection`) while open
        self.projection = None
        self._filling = False
        self._dirty_pid: int | None = None
        #: per paragraph, the stored text the text box started from (what the view showed, or what
        #: this editor last stored): a team library refuses an edit over someone else's (issue 16)
        self._base_text: dict[int, str] = {}
        #: The command making a new paragraph whose text is being typed before it exists, if any.
        self._awaiting_new: ServiceCommand | None = None
        self._refresh_pending = False
        self._refresh_again = False
        self._commit_timer = QTimer(self)
        self._commit_timer.setSingleShot(True)
        self._commit_timer.setInterval(COMMIT_DELAY_MS)
        self._commit_timer.timeout.connect(self.commit_text)
        self.setWindowTitle(_("Draft editor — BriefDesk"))
        #: whether the user may write drafts here (a team library's reader may only read them:
        #: the editing actions are hidden; the server refuses such writes in any case)
        self.may_edit = "draft" in library.capabilities()
        if not self.may_edit:
            self.setWindowTitle(_("Draft editor — BriefDesk") + " " + _("(read-only)"))
        self._build()
        self.agreed_dock = dock_agreed_panel(self)   # agreed language at hand (issue 15, point 5)
        self.resize(1280, 800)
        self.refresh()

    # -- construction --------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)          # every binding of the platform (Redo: Ctrl+Shift+Z, Ctrl+Y)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build(self) -> None:
        self.new_action = self._action(_("&New Draft…"), self.new_draft_dialog, QKeySequence.StandardKey.New)
        self.undo_action = self._action(_("&Undo"), self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(_("&Redo"), self.redo, QKeySequence.StandardKey.Redo)
        self.insert_action = self._action(_("New &Paragraph"), self.insert_after, "Ctrl+Return",
                                          _("Insert a paragraph after this one (Ctrl+Return)"))
        self.split_action = self._action(_("&Split at Cursor"), self.split_at_cursor, "Ctrl+Shift+Return")
        self.merge_action = self._action(_("&Merge with Next"), self.merge_with_next, "Ctrl+Shift+M")
        self.up_action = self._action(_("Move &Up"), lambda: self.move_current(-1), "Alt+Up")
        self.down_action = self._action(_("Move &Down"), lambda: self.move_current(1), "Alt+Down")
        self.delete_action = self._action(_("&Delete Paragraph"), self.delete_current, "Ctrl+Shift+Backspace")
        self.bracket_action = self._action(_("&Bracket Selection"), self.bracket_selection, "Ctrl+[",
                                           _("Put square brackets around the selected text (Ctrl+[)"))
        self.alternatives_action = self._action(_("&Alternatives…"), self.alternatives_dialog)
        self.amend_action = self._action(_("Propose &Amendment…"), self.amendment_dialog, "Ctrl+Shift+A")
        self.footnote_action = self._action(_("&Footnote…"), self.footnote_dialog)
        self.version_action = self._action(_("Save &Version…"), self.save_version_dialog, "Ctrl+Shift+S")
        self.compare_action = self._action(_("&Compare…"), self.compare_dialog)
        self.export_action = self._action(_("&Export…"), self.export_dialog, "Ctrl+E")
        self.project_action = self._action(_("&Project on Screen…"), self.project, "F5",
                                           _("Show the draft full screen for the room, following the "
                                             "paragraph being edited (F5; Esc closes)"))

        bar = QToolBar(_("Draft"), self)
        bar.setObjectName("draftToolbar")
        self.addToolBar(bar)
        for action in (self.new_action, None, self.undo_action, self.redo_action, None, self.insert_action,
                       self.split_action, self.merge_action, self.up_action, self.down_action,
                       self.delete_action, None, self.bracket_action, self.alternatives_action,
                       self.amend_action, self.footnote_action, None, self.version_action,
                       self.compare_action, self.export_action):
            bar.addSeparator() if action is None else bar.addAction(action)

        menu = self.menuBar().addMenu(_("&Draft"))
        for action in (self.new_action, self.version_action, self.compare_action, self.export_action,
                       self.project_action):
            menu.addAction(action)
        edit = self.menuBar().addMenu(_("&Edit"))
        for action in (self.undo_action, self.redo_action, self.insert_action, self.split_action,
                       self.merge_action, self.up_action, self.down_action, self.delete_action,
                       self.bracket_action, self.alternatives_action, self.amend_action, self.footnote_action):
            edit.addAction(action)

        # Left: the drafts of the library.
        self.drafts_list = QListWidget()
        self.drafts_list.setObjectName("draftsList")
        self.drafts_list.currentRowChanged.connect(self._draft_row_changed)

        # Centre: header, paragraphs, the paragraph being edited.
        centre = QWidget()
        layout = QVBoxLayout(centre)
        header = QFormLayout()
        self.symbol_edit = QLineEdit()
        self.title_edit = QLineEdit()
        self.body_edit = QLineEdit()
        self.kind_combo = QComboBox()
        self.kind_combo.addItems([_("Decision"), _("Recommendation"), _("Resolution")])
        header.addRow(_("Symbol line:"), self.symbol_edit)
        header.addRow(_("Kind:"), self.kind_combo)
        header.addRow(_("Title:"), self.title_edit)
        header.addRow(_("Body:"), self.body_edit)
        layout.addLayout(header)
        for field, edit in (("symbol", self.symbol_edit), ("title", self.title_edit),
                            ("body_name", self.body_edit)):
            edit.editingFinished.connect(lambda field=field, edit=edit: self.set_meta(field, edit.text()))
        self.kind_combo.activated.connect(
            lambda i: self.set_meta("kind", ("decision", "recommendation", "resolution")[i]))

        self.paragraph_list = QListWidget()
        self.paragraph_list.setObjectName("paragraphList")
        self.paragraph_list.setWordWrap(True)
        self.paragraph_list.currentRowChanged.connect(self._paragraph_row_changed)
        layout.addWidget(self.paragraph_list, 3)

        row = QHBoxLayout()
        self.para_kind = QComboBox()
        self.para_kind.addItems(_choice_labels())
        self.para_kind.activated.connect(self._kind_chosen)
        self.verb_combo = QComboBox()
        self.verb_combo.setObjectName("verbPalette")
        self.verb_combo.setToolTip(_("Leading verb, from the standard phrases"))
        self.verb_combo.activated.connect(self._verb_chosen)
        self.number_label = QLabel()
        row.addWidget(self.number_label)
        row.addWidget(self.para_kind)
        row.addWidget(self.verb_combo, 1)
        layout.addLayout(row)
        self.para_edit = ParagraphEdit()
        self.para_edit.setObjectName("paragraphEdit")
        self.para_edit.setUndoRedoEnabled(False)   # undo goes through the draft's undo stack
        self.para_edit.setPlaceholderText(_("Type the paragraph here. Ctrl+Return starts the next one."))
        self.para_edit.textChanged.connect(self._text_changed)
        layout.addWidget(self.para_edit, 1)

        # Right: preview, amendments, check, versions.
        self.tabs = QTabWidget()
        preview = QWidget()
        pl = QVBoxLayout(preview)
        self.view_combo = QComboBox()
        self.view_combo.setObjectName("previewView")
        for mode, label in _view_labels().items():
            self.view_combo.addItem(label, mode.value if isinstance(mode, BracketView) else mode)
        self.view_combo.setCurrentIndex(list(BracketView).index(BracketView.COMPILATION))
        self.view_combo.activated.connect(lambda _i: self.refresh())
        self.watermark_box = QCheckBox(_("“DRAFT” watermark on export"))
        top = QHBoxLayout()
        top.addWidget(self.view_combo, 1)
        top.addWidget(self.watermark_box)
        pl.addLayout(top)
        self.preview = QTextBrowser()
        self.preview.setObjectName("draftPreview")
        wrap_without_horizontal_scroll(self.preview)  # an Arabic draft's hanging numbers
        pl.addWidget(self.preview)
        self.tabs.addTab(preview, _("Preview"))

        amend = QWidget()
        al = QVBoxLayout(amend)
        self.amendments_list = QListWidget()
        self.amendments_list.setObjectName("amendmentsList")
        self.amendments_list.setWordWrap(True)
        self.amendment_filter = AmendmentFilter(self.refresh)
        al.addWidget(self.amendment_filter)
        al.addWidget(self.amendments_list)
        buttons = QHBoxLayout()
        self.accept_action = self._action(_("Accept"), lambda: self.decide_amendment("accept"))
        self.reject_action = self._action(_("Reject"), lambda: self.decide_amendment("reject"))
        self.withdraw_action = self._action(_("Withdraw"), lambda: self.decide_amendment("withdraw"))
        self.support_action = self._action(_("Add supporters…"), self.supporters_dialog)
        for action in (self.accept_action, self.reject_action, self.withdraw_action, self.support_action):
            button = QToolBar()
            button.addAction(action)
            buttons.addWidget(button)
        al.addLayout(buttons)
        self.tabs.addTab(amend, _("Amendments"))

        self.problems_list = QListWidget()
        self.problems_list.setObjectName("problemsList")
        self.problems_list.setWordWrap(True)
        self.problems_list.itemActivated.connect(self._problem_activated)
        self.tabs.addTab(self.problems_list, _("Check"))

        self.versions_list = QListWidget()
        self.versions_list.setObjectName("versionsList")
        self.tabs.addTab(self.versions_list, _("Versions"))

        self.comparison_panel = ComparisonPanel()
        self.comparison = self.comparison_panel.browser
        self.tabs.addTab(self.comparison_panel, _("Comparison"))

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.drafts_list)
        splitter.addWidget(centre)
        splitter.addWidget(self.tabs)
        splitter.setSizes([200, 600, 480])
        self.setCentralWidget(splitter)
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_draft = self.draft_id is not None
        has_para = has_draft and self.current_pid is not None
        for action in (self.insert_action, self.version_action, self.compare_action, self.export_action,
                       self.project_action):
            action.setEnabled(has_draft)
        for action in (self.split_action, self.merge_action, self.up_action, self.down_action,
                       self.delete_action, self.bracket_action, self.alternatives_action, self.amend_action,
                       self.footnote_action):
            action.setEnabled(has_para)
        for widget in (self.symbol_edit, self.title_edit, self.body_edit, self.kind_combo,
                       self.para_kind, self.verb_combo):
            widget.setEnabled(has_draft)
        self.para_edit.setReadOnly(not has_para and self._awaiting_new is None)
        self.undo_action.setEnabled(self.undo_stack.canUndo() or self._dirty_pid is not None)
        self.redo_action.setEnabled(self.undo_stack.canRedo())
        if not self.may_edit:
            for name in ("new_action", "undo_action", "redo_action", "insert_action", "split_action",
                         "merge_action", "up_action", "down_action", "delete_action", "bracket_action",
                         "alternatives_action", "amend_action", "footnote_action", "version_action",
                         "accept_action", "reject_action", "withdraw_action", "support_action"):
                action = getattr(self, name, None)      # made as the window is built
                if action is not None:
                    action.setVisible(False)
                    action.setEnabled(False)
            for widget in (self.symbol_edit, self.title_edit, self.body_edit, self.kind_combo,
                           self.para_kind, self.verb_combo):
                widget.setEnabled(False)
            self.para_edit.setReadOnly(True)

    # -- state -----------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """True when no edit, refresh or recovery is pending (tests wait for it)."""
        if self.closed:
            return self.queue.idle
        return (self.queue.idle and not self._commit_timer.isActive() and self._dirty_pid is None
                and self._awaiting_new is None)

    def edit_failed(self, error: BaseException) -> None:
        """Show an edit's error (the one way errors reach the user) and reload the draft."""
        self._awaiting_new = None
        if self.closed:
            log.warning("draft edit failed after its window closed: %s", error)
            return
        self.last_error = show_error(self, error)
        self.refresh()

    def change_made(self, change: Change | None, command: ServiceCommand | None = None) -> None:
        """After an edit (GUI thread): follow the paragraph it touched, then reload.

        Text typed into a new paragraph before it existed in the store is kept
        and stored in it."""
        if self.closed:
            return
        if change is not None and change.paragraph_id is not None:
            self.current_pid = change.paragraph_id
            if self._awaiting_new is not None and self._awaiting_new is command:
                self._awaiting_new = None
                if self.para_edit.toPlainText():
                    self._text_changed()
        self.para_edit.setReadOnly(self.current_pid is None)
        self.refresh()

    def push(self, text: str, call) -> ServiceCommand | None:
        """Make an edit: store pending typing first, then push ``call`` as an undoable command."""
        if self.draft_id is None:
            return None
        self.commit_text()
        command = ServiceCommand(self, text, call)
        self.undo_stack.push(command)
        self._update_enabled()
        return command

    def undo(self) -> None:
        """Undo the last edit (typing not yet stored is stored first, then undone)."""
        self.commit_text()
        if self.undo_stack.canUndo():
            self.undo_stack.undo()
        self._update_enabled()

    def redo(self) -> None:
        """Redo the last undone edit."""
        self.commit_text()
        if self.undo_stack.canRedo():
            self.undo_stack.redo()
        self._update_enabled()

    # -- loading ---------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the drafts list and the open draft off the GUI thread (coalesced)."""
        if self.closed:
            return
        if self._refresh_pending:       # one more after the one under way, which may predate the edit
            self._refresh_again = True
            return
        self._refresh_pending = True
        self._refresh_again = False
        draft_id = self.draft_id
        mode = self.preview_mode()
        service = self.service

        def work() -> dict[str, Any]:
            data: dict[str, Any] = {"drafts": service.drafts(), "draft_id": draft_id}
            if draft_id is not None:
                data["laid"] = service.view(draft_id, BracketView.ALL)
                if mode == TRACK_CHANGES:
                    data["preview"] = data["laid"]
                    data["track"] = track_changes(data["laid"].snapshot)
                else:
                    data["preview"] = data["laid"] if mode is BracketView.ALL else service.view(draft_id, mode)
                data["amendments"] = service.amendments(draft_id)
                data["problems"] = service.check(draft_id)
                data["versions"] = service.versions(draft_id)
            return data

        def done(data: dict[str, Any]) -> None:
            self._refresh_pending = False
            if self.closed:
                return
            again = self._refresh_again
            if again:
                self.refresh()
            if not again or data["draft_id"] == self.draft_id:
                self._show(data)

        def failed(error: BaseException) -> None:
            self._refresh_pending = False
            if not self.closed:
                self.last_error = show_error(self, error)

        self.queue.submit(work, done, failed)

    def _show(self, data: dict[str, Any]) -> None:
        self._filling = True
        try:
            self.summaries = data["drafts"]
            self.drafts_list.blockSignals(True)
            self.drafts_list.clear()
            for d in self.summaries:
                label = d.title or _("(untitled)")
                if d.symbol:
                    label = f"{d.symbol}\n{label}"
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                item.setToolTip(ngettext("{n} paragraph", "{n} paragraphs", d.paragraph_count)
                                .format(n=format_number(d.paragraph_count)))
                self.drafts_list.addItem(item)
                if d.id == self.draft_id:
                    self.drafts_list.setCurrentItem(item)
            self.drafts_list.blockSignals(False)
            if data["draft_id"] != self.draft_id or self.draft_id is None:
                self._update_enabled()
                return
            self.laid = data["laid"]
            snap = self.laid.snapshot
            self.draft_shown.emit(snap.draft_id, " ".join(x for x in (snap.symbol, snap.title) if x))
            for edit, value in ((self.symbol_edit, snap.symbol), (self.title_edit, snap.title),
                                (self.body_edit, snap.body_name)):
                if not edit.hasFocus() or edit.text() == value:
                    edit.setText(value)
            self.kind_combo.setCurrentIndex(("decision", "recommendation", "resolution").index(snap.kind)
                                            if snap.kind in ("decision", "recommendation", "resolution") else 0)
            self._fill_verbs(snap.language)
            self.set_draft_direction(snap.language)
            ids = [p.id for p in self.laid.paragraphs]
            if self.current_pid not in ids:
                self.current_pid = ids[0] if ids else None
            self.paragraph_list.blockSignals(True)
            self.paragraph_list.clear()
            for p in self.laid.paragraphs:
                number = p.number or ("·" if p.kind == "preambular" else "")
                item = QListWidgetItem(("    " * p.level) + (f"{number}  " if number else "") + (p.text or "…"))
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                if p.kind == "heading":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.paragraph_list.addItem(item)
                if p.id == self.current_pid:
                    self.paragraph_list.setCurrentItem(item)
            self.paragraph_list.blockSignals(False)
            self._load_paragraph()
            preview: DraftView = data["preview"]
            scroll = self.preview.verticalScrollBar().value()
            self.preview.setHtml(track_html(preview.snapshot, data["track"]) if data.get("track") is not None
                                 else view_html(preview))
            self.preview.verticalScrollBar().setValue(scroll)
            self.amendments_list.clear()
            where = {p.id: p.number for p in preview.paragraphs}
            self._amendments = data["amendments"]
            for a in filter(self.amendment_filter.matches, data["amendments"]):
                verb = {"insert": _("insert"), "delete": _("delete"), "replace": _("replace")}.get(a.op, a.op)
                status = status_label(a.status)
                what = a.new_text if a.op == "insert" else (
                    a.old_text if a.op == "delete" else f"{a.old_text} → {a.new_text}")
                item = QListWidgetItem(_("#{number} ¶ {paragraph} · {sponsors}: {op} “{text}” ({status})").format(
                    number=a.number or "—", paragraph=where.get(a.paragraph_id) or "—",
                    sponsors=sponsor_text(a.sponsors, preview.snapshot.language), op=verb, text=what, status=status)
                    + (f"\n{a.comment}" if a.comment else ""))
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                self.amendments_list.addItem(item)
            self.problems_list.clear()
            for problem in data["problems"]:
                item = QListWidgetItem(problem.message)
                item.setData(Qt.ItemDataRole.UserRole, problem.paragraph_id)
                self.problems_list.addItem(item)
            self.tabs.setTabText(2, _("Check ({n})").format(n=format_number(len(data["problems"]))) if data["problems"]
                                 else _("Check"))
            self.versions = data["versions"]
            self.versions_list.clear()
            for v in self.versions:
                self.versions_list.addItem(f"{v.label} — {format_date(v.date)}" + (f" — {v.note}" if v.note else ""))
            self.status.setText(_("Saved. {n} paragraphs, {v} versions.").format(
                n=len(self.laid.paragraphs), v=len(self.versions)))
        finally:
            self._filling = False
        self._update_enabled()
        self.preview_refreshed.emit()

    def preview_mode(self) -> BracketView | str:
        """The view chosen for the preview: a :class:`BracketView` or :data:`TRACK_CHANGES`
        (the view box holds their values as plain strings: Qt keeps no ``str`` subclass)."""
        value = self.view_combo.currentData()
        return TRACK_CHANGES if value == TRACK_CHANGES else BracketView(value)

    def bracket_mode(self) -> BracketView:
        """The preview's view as export and projection take it: the track-changes view is the
        compilation (a .docx export of it carries the amendments as Word tracked changes)."""
        mode = self.preview_mode()
        return mode if isinstance(mode, BracketView) else BracketView.COMPILATION

    def project(self):
        """Project the draft full screen (:func:`.projection.open_projection`): the clean text when
        the preview shows it, the compilation otherwise.  Returns the window, or the dialog asking
        for a screen when there are several."""
        self.commit_text()
        mode = BracketView.CLEAN if self.bracket_mode() is BracketView.CLEAN else BracketView.COMPILATION
        return open_projection(self, mode)

    def set_draft_direction(self, language: str) -> None:
        """Lay the draft's own text out in the direction of its ``language`` (Arabic right to
        left, in any interface): header fields, paragraph list, number and text box.  The
        preview carries its direction in its HTML (:func:`view_html`)."""
        for widget in (self.symbol_edit, self.title_edit, self.body_edit, self.paragraph_list,
                       self.number_label, self.para_edit, self.verb_combo):
            set_text_direction(widget, language)

    def _fill_verbs(self, language: str) -> None:
        if self.verb_combo.property("language") == language:
            return
        self.verb_combo.clear()
        self.verb_combo.addItem(_("(no leading verb)"), None)
        for form, entry in palette(language):
            self.verb_combo.addItem(form, form)
        self.verb_combo.setProperty("language", language)

    def _current_view_paragraph(self):
        if self.laid is None or self.current_pid is None:
            return None
        return next((p for p in self.laid.paragraphs if p.id == self.current_pid), None)

    def _load_paragraph(self) -> None:
        if self._awaiting_new is not None:          # the text box already belongs to the paragraph being made
            return
        p = self._current_view_paragraph()
        self._filling = True
        try:
            if p is None:
                self.para_edit.setPlainText("")
                self.number_label.setText("")
                return
            if self._dirty_pid != p.id:
                self._base_text[p.id] = p.text
            if self._dirty_pid != p.id and self.para_edit.toPlainText() != p.text:
                cursor = self.para_edit.textCursor().position()
                self.para_edit.setPlainText(p.text)
                c = self.para_edit.textCursor()
                c.setPosition(min(cursor, len(self.para_edit.toPlainText())))
                self.para_edit.setTextCursor(c)
            self.number_label.setText(p.number or "")
            choice = 4 if p.kind == "heading" else (p.level + 1 if p.level else
                                                    (0 if p.kind == "preambular" else 1))
            self.para_kind.setCurrentIndex(choice)
            index = self.verb_combo.findData(p.verb) if p.verb else 0
            if index < 0:
                self.verb_combo.addItem(p.verb, p.verb)
                index = self.verb_combo.count() - 1
            self.verb_combo.setCurrentIndex(index)
        finally:
            self._filling = False

    # -- opening ---------------------------------------------------------------

    def _draft_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.summaries):
            self.open_draft(self.summaries[row].id)

    def open_draft(self, draft_id: int) -> None:
        """Edit draft ``draft_id``: its journal is opened, undo history starts afresh."""
        if draft_id == self.draft_id:
            return
        self.commit_text()
        if self.journal is not None:
            journal = self.journal
            self.queue.submit(lambda: journal.close())
        self.undo_stack.clear()
        self.draft_id = draft_id
        self.current_pid = None
        self.laid = None
        self._filling = True
        self.para_edit.setPlainText("")
        self._filling = False
        try:
            self.journal = DraftJournal(self.library.url, draft_id, directory=self.journal_directory)
        except BriefDeskError as error:
            self.journal = None
            self.last_error = show_error(self, error)
        self.refresh()

    def new_draft(self, kind: str, language: str, title: str, body_name: str, symbol: str = "") -> None:
        """Start an empty draft and open it (not undoable: delete it from the list instead)."""
        service = self.service
        self.queue.submit(lambda: service.new(kind, language, title, body_name, symbol=symbol),
                          self.open_draft, self.edit_failed)

    def new_from_document(self, document_id: int, part: int | None = None) -> None:
        """Start a draft from a decision text of the library (``part``: an embedded draft) and open it."""
        service = self.service
        self.queue.submit(lambda: service.from_document(document_id, part), self.open_draft, self.edit_failed)

    def new_draft_dialog(self) -> QDialog:
        """Ask for the kind, language, title and body of a new draft (non-blocking)."""
        dialog = QDialog(self)
        dialog.setObjectName("newDraftDialog")
        dialog.setWindowTitle(_("New draft"))
        form = QFormLayout(dialog)
        kind = QComboBox()
        kind.addItems([_("Decision"), _("Recommendation"), _("Resolution")])
        language = QComboBox()
        for code, name in (("zh", "中文"), ("en", "English"), ("fr", "Français"), ("es", "Español"),
                           ("ru", "Русский"), ("ar", "العربية")):
            language.addItem(name, code)
        language.setCurrentIndex(max(language.findData(default_document_language()), 0))  # the interface's
        title = QLineEdit()
        body = QLineEdit()
        body.setPlaceholderText(_("e.g. 缔约方大会， / The Conference of the Parties,"))
        form.addRow(_("Kind:"), kind)
        form.addRow(_("Language:"), language)
        form.addRow(_("Title:"), title)
        form.addRow(_("Body:"), body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        dialog.accepted.connect(lambda: self.new_draft(
            ("decision", "recommendation", "resolution")[kind.currentIndex()], language.currentData(),
            title.text(), body.text()))
        dialog.open()
        return dialog

    # -- typing ----------------------------------------------------------------

    def _text_changed(self) -> None:
        if self._filling or self.current_pid is None or self._awaiting_new is not None:
            return
        self._dirty_pid = self.current_pid
        if self.journal is not None:
            try:
                self.journal.record(self.current_pid, self.para_edit.toPlainText())
            except OSError as error:   # a full disk must not stop typing; the text is still stored
                log.warning("draft journal: %s", error)
        self._commit_timer.start()
        self._update_enabled()

    def commit_text(self) -> None:
        """Store the text being typed (one undoable edit), if any."""
        self._commit_timer.stop()
        pid, self._dirty_pid = self._dirty_pid, None
        if pid is None:
            return
        text = self.para_edit.toPlainText()
        current = next((p for p in self.laid.paragraphs if p.id == pid), None) if self.laid else None
        if current is not None and current.text == text:
            if self.journal is not None:
                self.journal.committed(pid, text)
            return
        service, journal = self.service, self.journal
        expected = self._base_text.get(pid, current.text if current is not None else None)
        self._base_text[pid] = text      # the next edit of this paragraph starts from this one

        def call() -> Change:
            change = service.set_text(pid, text, expected=expected)
            if journal is not None:
                journal.committed(pid, text)     # keystrokes typed since stay pending
            return change

        self.undo_stack.push(ServiceCommand(self, _("Typing"), call))
        self._update_enabled()

    # -- paragraph edits ---------------------------------------------------------

    def _paragraph_row_changed(self, row: int) -> None:
        item = self.paragraph_list.item(row)
        if item is None:
            return
        self.commit_text()
        self.current_pid = item.data(Qt.ItemDataRole.UserRole)
        self._load_paragraph()
        self._update_enabled()

    def _selection(self) -> tuple[int, int]:
        cursor = self.para_edit.textCursor()
        text = self.para_edit.toPlainText()
        return _py_offset(text, cursor.selectionStart()), _py_offset(text, cursor.selectionEnd())

    def insert_after(self) -> None:
        """Insert an empty paragraph after the current one, of the same kind and level, and edit it."""
        draft_id, service = self.draft_id, self.service
        p = self._current_view_paragraph()
        paras = self.laid.paragraphs if self.laid else []
        before = None
        kind, level = "operative", 0
        if p is not None:
            # The kind box says what the current paragraph is, even before its change is stored.
            chosen, level = PARAGRAPH_CHOICES[self.para_kind.currentIndex()]
            kind = chosen or (p.kind if p.kind != "heading" else "operative")
            if kind == "heading":
                kind, level = "operative", 0
        if p is not None:
            i = paras.index(p) + 1
            while i < len(paras) and paras[i].level > p.level:
                i += 1
            before = paras[i].id if i < len(paras) else None
        command = self.push(_("New paragraph"), lambda: service.insert_paragraph(
            draft_id, "", before=before, kind=kind, level=level))
        # Typing goes on at once: what is typed before the paragraph exists is stored in it.
        self._awaiting_new = command
        self._filling = True
        self.para_edit.setPlainText("")
        self._filling = False
        self.para_edit.setReadOnly(False)
        self.para_edit.setFocus()

    def split_at_cursor(self) -> None:
        """Split the current paragraph at the cursor."""
        pid, service = self.current_pid, self.service
        offset = self._selection()[0]
        self.push(_("Split paragraph"), lambda: service.split_paragraph(pid, offset))

    def merge_with_next(self) -> None:
        """Append the next paragraph to the current one."""
        paras = self.laid.paragraphs if self.laid else []
        ids = [p.id for p in paras]
        if self.current_pid not in ids or ids.index(self.current_pid) + 1 >= len(ids):
            return
        pid, nxt, service = self.current_pid, ids[ids.index(self.current_pid) + 1], self.service
        self.push(_("Merge paragraphs"), lambda: service.merge_paragraphs(pid, nxt))

    def move_current(self, step: int) -> None:
        """Move the current paragraph (with its sub-paragraphs) up (``-1``) or down (``1``)
        past its neighbour of the same level."""
        paras = self.laid.paragraphs if self.laid else []
        p = self._current_view_paragraph()
        if p is None:
            return
        i = paras.index(p)
        same = [q for q in paras if q.level == p.level]
        j = same.index(p) + step
        if not 0 <= j < len(same):
            return
        if step < 0:
            before = same[j].id
        else:
            after = same[j + 1] if j + 1 < len(same) else None
            before = after.id if after is not None else None
            if after is None:
                k = paras.index(same[j]) + 1
                while k < len(paras) and paras[k].level > p.level:
                    k += 1
                before = paras[k].id if k < len(paras) else None
        del i
        pid, service = p.id, self.service
        self.push(_("Move paragraph"), lambda: service.move_paragraph(pid, before))

    def delete_current(self) -> None:
        """Delete the current paragraph (undoable)."""
        pid, service = self.current_pid, self.service
        self.push(_("Delete paragraph"), lambda: service.delete_paragraph(pid))

    def _kind_chosen(self, index: int) -> None:
        p = self._current_view_paragraph()
        if p is None or self._filling:
            return
        kind, level = PARAGRAPH_CHOICES[index]
        if kind is None:
            kind = p.kind if p.kind != "heading" else "operative"
        numbered = kind != "preambular" or level > 0
        pid, service = p.id, self.service
        self.push(_("Paragraph kind"), lambda: service.set_kind(pid, kind, level, numbered))

    def _verb_chosen(self, index: int) -> None:
        if self._filling or self.current_pid is None:
            return
        verb = self.verb_combo.itemData(index)
        pid, service = self.current_pid, self.service
        self.push(_("Leading verb"), lambda: service.set_verb(pid, verb))

    def set_meta(self, field: str, value: str) -> None:
        """Change a header field (undoable) if it differs from the stored one."""
        if self.draft_id is None or self._filling or self.laid is None:
            return
        if getattr(self.laid.snapshot, field, None) == value:
            return
        draft_id, service = self.draft_id, self.service
        self.push(_("Draft header"), lambda: service.set_meta(draft_id, **{field: value}))

    # -- negotiation -------------------------------------------------------------

    def bracket_selection(self) -> None:
        """Put square brackets around the selected text of the current paragraph."""
        start, end = self._selection()
        pid, service = self.current_pid, self.service
        self.push(_("Brackets"), lambda: service.bracket(pid, start, end))

    def alternatives_dialog(self) -> QDialog:
        """Ask for alternative formulations of the selected text (one per line)."""
        start, end = self._selection()
        dialog, edit = self._text_dialog(_("Alternatives"),
                                         _("Other formulations of the selected text, one per line:"))
        dialog.setObjectName("alternativesDialog")
        pid, service = self.current_pid, self.service

        def accepted() -> None:
            alternatives = [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]
            if alternatives:
                self.push(_("Alternatives"), lambda: service.add_alternatives(pid, start, end, alternatives))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _text_dialog(self, title: str, prompt: str | None = None) -> tuple[QDialog, QPlainTextEdit]:
        """A dialog titled ``title`` asking for free text (under ``prompt``), with OK and Cancel."""
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        layout = QVBoxLayout(dialog)
        if prompt is not None:
            layout.addWidget(QLabel(prompt))
        edit = QPlainTextEdit()
        layout.addWidget(edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        return dialog, edit

    def amendment_dialog(self) -> AmendmentDialog:
        """Propose an amendment on the selected text (or at the cursor), attributed to sponsors."""
        self.commit_text()
        start, end = self._selection()
        text = self.para_edit.toPlainText()
        dialog = AmendmentDialog(text[start:end], self, self._draft_language())
        pid, service = self.current_pid, self.service

        def accepted() -> None:
            op, new_text, sponsors, comment = dialog.values()
            self.push(_("Amendment"), lambda: service.propose(pid, op, start, end if op != "insert" else None,
                                                              new_text, sponsors=sponsors, comment=comment))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _draft_language(self) -> str:
        return self.laid.snapshot.language if self.laid is not None else "en"

    def supporters_dialog(self) -> SupportersDialog | None:
        """Add Parties or groups as supporters of the amendment selected in the Amendments tab."""
        item = self.amendments_list.currentItem()
        if item is None:
            return None
        aid, service = item.data(Qt.ItemDataRole.UserRole), self.service
        a = next((x for x in self._amendments if x.id == aid), None)
        dialog = SupportersDialog(a.number if a else None, a.sponsors if a else [], self._draft_language(), self)

        def accepted() -> None:
            added = dialog.values()
            if added:
                self.push(_("Add supporters"), lambda: service.support(aid, added))

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def decide_amendment(self, decision: str) -> None:
        """Accept, reject or withdraw the amendment selected in the Amendments tab."""
        item = self.amendments_list.currentItem()
        if item is None:
            return
        aid, service = item.data(Qt.ItemDataRole.UserRole), self.service
        call = {"accept": service.accept, "reject": service.reject, "withdraw": service.mark_withdrawn}[decision]
        label = {"accept": _("Accept amendment"), "reject": _("Reject amendment"),
                 "withdraw": _("Withdraw amendment")}[decision]
        self.push(label, lambda: call(aid))

    def footnote_dialog(self) -> QDialog:
        """Add a footnote whose marker stands at the cursor."""
        offset = self._selection()[1]
        dialog, edit = self._text_dialog(_("Footnote"))
        pid, service = self.current_pid, self.service
        dialog.accepted.connect(lambda: edit.toPlainText().strip() and self.push(
            _("Footnote"), lambda: service.add_footnote(pid, edit.toPlainText().strip(), offset)))
        dialog.open()
        return dialog

    def _problem_activated(self, item: QListWidgetItem) -> None:
        pid = item.data(Qt.ItemDataRole.UserRole)
        if pid is not None:
            self.commit_text()
            self.current_pid = pid
            self.refresh()

    # -- versions, comparison, export --------------------------------------------

    def save_version_dialog(self) -> None:
        """Freeze the working text as the next revision, with a note."""
        dialog = QDialog(self)
        dialog.setWindowTitle(_("Save version"))
        form = QFormLayout(dialog)
        note = QLineEdit()
        form.addRow(_("Note:"), note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        dialog.accepted.connect(lambda: self.save_version(note.text()))
        dialog.open()

    def save_version(self, note: str = "") -> None:
        """Freeze the working text as ``Rev.N`` (not undoable; versions are kept for good)."""
        self.commit_text()
        draft_id, service = self.draft_id, self.service
        self.queue.submit(lambda: service.save_version(draft_id, note), lambda _v: self.refresh(),
                          self.edit_failed)

    def compare_refs(self) -> list[tuple[str, str]]:
        """``(label, reference)`` pairs that can be compared: the working text, each version,
        and the library text the draft came from (references as ``briefdesk draft compare`` takes)."""
        if self.draft_id is None:
            return []
        out = [(_("Working text"), f"D{self.draft_id}")]
        out += [(v.label, f"D{self.draft_id}@{v.number}") for v in self.versions]
        snapshot = self.laid.snapshot if self.laid else None
        if snapshot is not None and snapshot.source_label:  # the label is for the eye; the ref finds it
            out.append((snapshot.source_label, snapshot.source_ref or snapshot.source_label))
        return out

    def compare_dialog(self) -> QDialog:
        """Choose two texts (working text, versions, source, or any symbol typed) and compare them."""
        self.commit_text()
        dialog = QDialog(self)
        dialog.setObjectName("compareDialog")
        dialog.setWindowTitle(_("Compare"))
        form = QFormLayout(dialog)
        refs = self.compare_refs()
        combos = []
        for label in (_("Earlier text:"), _("Later text:")):
            combo = QComboBox()
            combo.setEditable(True)
            for name, ref in refs:
                combo.addItem(name, ref)
            combos.append(combo)
            form.addRow(label, combo)
        if len(refs) > 1:
            combos[0].setCurrentIndex(len(refs) - 1 if len(self.versions) else 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)

        def ref(combo: QComboBox) -> str:
            data = combo.currentData()
            return data if data and combo.currentText() == combo.itemText(combo.currentIndex()) \
                else combo.currentText().strip()

        dialog.accepted.connect(lambda: self.compare(ref(combos[0]), ref(combos[1])))
        dialog.open()
        return dialog

    def compare(self, ref_a: str, ref_b: str) -> None:
        """Compare two texts named as ``briefdesk draft compare`` names them; show the result."""
        library = self.library

        def work():
            a, b = load_side(library, ref_a), load_side(library, ref_b)
            return a.label, b.label, compare(a, b)

        def done(result) -> None:
            left, right, pairs = result
            self.last_comparison = pairs
            if self.closed:
                return
            self.comparison_panel.show_pairs(pairs, left, right)
            self.tabs.setCurrentWidget(self.comparison_panel)

        self.queue.submit(work, done, self.edit_failed)

    def export_dialog(self) -> None:
        """Export the working text in the preview's view as PDF, .docx or Akoma Ntoso XML."""
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export draft"), "", _("PDF (*.pdf);;Word (*.docx);;Akoma Ntoso XML (*.xml)"))
        if path:
            self.export(path)

    def export(self, path: str | Path, *, version: int | None = None) -> None:
        """Write the draft (or ``version``) to ``path`` in the preview's bracket view;
        ``last_export`` is set when done, errors go to :func:`show_error`."""
        self.commit_text()
        draft_id, service = self.draft_id, self.service
        mode = self.bracket_mode()
        watermark = self.watermark_box.isChecked()

        def work() -> Path:
            return export_draft(service, draft_id, path, version=version, brackets=mode, watermark=watermark)

        def done(written: Path) -> None:
            self.last_export = written
            if not self.closed:
                self.status.setText(_("Exported {path}.").format(path=written))

        self.queue.submit(work, done, self.edit_failed)

    # -- crash recovery ------------------------------------------------------------

    def check_recovery(self) -> None:
        """Offer back text typed before BriefDesk last stopped without storing it."""
        service, directory = self.service, self.journal_directory

        def done(items) -> None:
            if not items or self.closed:
                return
            box = QMessageBox(QMessageBox.Icon.Question, _("Recover typing"),
                              ngettext("BriefDesk stopped before {n} paragraph you were typing was saved. "
                                       "Recover it?",
                                       "BriefDesk stopped before {n} paragraphs you were typing were saved. "
                                       "Recover them?", len(items)).format(n=format_number(len(items))),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard, self)
            box.setObjectName("recoveryBox")
            box.setDetailedText("\n\n".join(item.text for item in items))

            def finished(button: int) -> None:
                if button == QMessageBox.StandardButton.Yes:
                    first = items[0]
                    self.queue.submit(lambda: recover(service, items), lambda _c: (
                        self.open_draft(first.draft_id) if self.draft_id != first.draft_id else self.refresh()),
                        self.edit_failed)
                else:
                    self.queue.submit(lambda: discard(items))

            box.finished.connect(finished)
            box.open()
            self.recovery_box = box

        self.queue.submit(lambda: pending_recovery(service, directory=directory), done, self.edit_failed)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.commit_text()
        self.closed = True
        if self.projection is not None:
            self.projection.close()
        journal = self.journal
        self.journal = None
        if journal is not None:
            self.queue.submit(lambda: journal.close())
        super().closeEvent(event)


def open_draft_editor(library: Library, parent: QWidget | None = None, *, document_id: int | None = None,
                      part: int | None = None) -> DraftEditor:
    """Open a draft editor window; with ``document_id``, start a draft from that document."""
    editor = DraftEditor(library, parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    editor.check_recovery()
    if document_id is not None:
        editor.new_from_document(document_id, part)
    return editor


__all__ = ["AmendmentDialog", "DraftEditor", "comparison_html", "open_draft_editor", "view_html"]
