"""Reading a document in another of its languages, from the library tree (issue 14).

A tree row is one document in every language the library holds it in
(:class:`~.models.LibraryModel`).  Its context menu offers "Read in" each
language held; choosing one replaces the document view with that version,
at the paragraph the user was reading: the counterpart found by the
alignment of language versions (``Library.parallel_paragraph``, the one
behind the document pane's "Open in…").  :meth:`LanguageSwitch.read_in` is
the same action for code and tests.
"""

from __future__ import annotations

from ..core.i18n import _
from ..core.languages import language_label
from .models import DOCUMENT_ID_ROLE, VERSIONS_ROLE
from .qt import QMenu, QModelIndex, QObject, QPoint, Qt
from .tasks import Task, run_task


class LanguageSwitch(QObject):
    """The "Read in" actions of a main window's library tree.

    ``window`` is the :class:`~.mainwindow.MainWindow`; this uses its ``tree``,
    ``library_proxy``, ``library``, ``doc_view``, ``compare_view``, ``opened``
    and ``open_document``.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        #: the alignment lookup, then the opening of the other version (``MainWindow.open_document``)
        self.task: Task | None = None
        self.open_task: Task | None = None
        tree = window.tree
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._show_menu)
        self.last_menu: QMenu | None = None

    def versions_at(self, index: QModelIndex) -> dict[str, int]:
        """``{language: document id}`` of the document row at ``index`` (a proxy index); ``{}`` on a
        group row."""
        return dict(index.siblingAtColumn(0).data(VERSIONS_ROLE) or {}) if index.isValid() else {}

    def menu(self, index: QModelIndex) -> QMenu | None:
        """The context menu of the tree row at ``index``: "Read in" each language held, the one
        shown checked; ``None`` on a group row."""
        versions = self.versions_at(index)
        if not versions:
            return None
        menu = QMenu(self.window.tree)
        menu.setObjectName("readInMenu")
        shown = self.window.doc_view.document_id
        row_id = index.siblingAtColumn(0).data(DOCUMENT_ID_ROLE)
        current = shown if shown in versions.values() else row_id
        for language in sorted(versions):
            action = menu.addAction(_read_in_label(language))
            action.setData(language)
            action.setCheckable(True)
            action.setChecked(versions[language] == current)
            action.triggered.connect(
                lambda _checked=False, lang=language, vs=versions: self.read_in(lang, vs))
        return menu

    def _show_menu(self, point: QPoint) -> None:
        tree = self.window.tree
        index = tree.indexAt(point)
        menu = self.menu(index)
        if menu is None:
            return
        self.last_menu = menu
        menu.popup(tree.viewport().mapToGlobal(point))

    def read_in(self, language: str, versions: dict[str, int] | None = None) -> Task | None:
        """Show the ``language`` version of the document in view, at the counterpart of the paragraph
        the user is at (:meth:`.compare_view.CompareView.current_paragraph`).  ``versions`` are the
        document's versions (default: the tree row of the document shown).  ``None`` when the library
        does not hold that language."""
        window = self.window
        shown = window.doc_view.document_id
        if versions is None:
            source = window.library_model.index_of_document(shown) if shown is not None else QModelIndex()
            versions = dict(source.data(VERSIONS_ROLE) or {}) if source.isValid() else {}
        target = versions.get(language)
        if target is None:
            return None
        if shown not in versions.values() or target == shown:
            self.open_task = window.open_document(target)
            return self.open_task
        position = window.compare_view.current_paragraph()
        ids = list(window.opened.paragraph_ids) if window.opened is not None else []
        library = window.library

        def work(progress, abort) -> int | None:
            if position is None or not 0 <= position < len(ids):
                return None
            found = library.parallel_paragraph(ids[position], language)
            return found[2] if found is not None and found[0] == target else None

        def done(counterpart: int | None) -> None:
            self.open_task = window.open_document(target, highlight=counterpart)

        def failed(_error: BaseException) -> None:  # no alignment: open the version at its start
            self.open_task = window.open_document(target)

        self.task = run_task(work, on_done=done, on_error=failed, owner=window)
        return self.task


def _read_in_label(language: str) -> str:
    return _("Read in {language}").format(language=language_label(language))
