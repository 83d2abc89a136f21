"""The one module of BriefDesk that imports PySide6.

Every other GUI module takes its Qt names from here (``from .qt import
QMainWindow``), so the Qt binding is named in exactly one place and a test
(``tests/gui/test_shim.py``) can check that nothing else imports it.

Names are resolved when first asked for (a module ``__getattr__``, PEP 562), not when this
module is imported: PySide6 builds a class's Python enums when the class is first taken from
its module (``Qt`` alone holds hundreds of them), which for every name below took about 50 ms
of the start-up before the window's first paint (issue 13).  A module that imports a name
pays for that name only.  ``QtPrintSupport`` is loaded on first use too.
"""

from __future__ import annotations

from PySide6 import QtCore as _QtCore
from PySide6 import QtGui as _QtGui
from PySide6 import QtWidgets as _QtWidgets
from shiboken6 import isValid  # noqa: F401 - is the C++ side of a Qt object still there?

#: Qt module → the names BriefDesk takes from it
_NAMES: dict[str, tuple[str, ...]] = {
    "QtCore": (
        "QAbstractItemModel", "QAbstractTableModel", "QByteArray", "QDate", "QEvent", "QLibraryInfo",
        "QLocale", "QMimeData", "QModelIndex", "QObject", "QPersistentModelIndex", "QPoint", "QPointF",
        "QRect", "QRunnable", "QSettings", "QSize", "QSortFilterProxyModel", "Qt", "QThreadPool",
        "QTimer", "QTranslator", "QUrl", "Signal", "Slot",
    ),
    "QtGui": (
        "QAbstractTextDocumentLayout", "QAction", "QColor", "QDesktopServices", "QDrag",
        "QDragEnterEvent", "QDragMoveEvent", "QDropEvent", "QFont", "QFontDatabase", "QFontMetrics",
        "QIcon", "QImage", "QInputMethodEvent", "QKeySequence", "QPainter", "QPalette", "QPixmap",
        "QStandardItem", "QStandardItemModel", "QTextBlockFormat", "QTextCharFormat", "QTextCursor",
        "QTextDocument", "QTextListFormat", "QTextOption", "QUndoCommand", "QUndoStack",
    ),
    "QtPrintSupport": (
        "QPrintDialog", "QPrinter",
    ),
    "QtWidgets": (
        "QAbstractItemView", "QApplication", "QCheckBox", "QComboBox", "QDateEdit", "QDialog",
        "QDialogButtonBox", "QDockWidget", "QFileDialog", "QFormLayout", "QGroupBox", "QHBoxLayout",
        "QHeaderView", "QInputDialog", "QLabel", "QLineEdit", "QListView", "QListWidget",
        "QListWidgetItem", "QMainWindow", "QMenu", "QMessageBox", "QPlainTextEdit", "QProgressDialog",
        "QProgressBar", "QPushButton", "QScrollArea", "QSizePolicy", "QSpinBox", "QSplitter",
        "QStackedWidget", "QStyle", "QStyledItemDelegate", "QStyleOptionViewItem", "QTableView",
        "QTableWidget", "QTableWidgetItem", "QTabWidget", "QTextBrowser", "QTextEdit", "QToolBar",
        "QToolButton", "QTreeView", "QTreeWidget", "QTreeWidgetItem", "QVBoxLayout", "QWidget",
    ),
}

#: name → Qt module
_WHERE = {name: module for module, names in _NAMES.items() for name in names}

__all__ = sorted([*_WHERE, "isValid"])  # noqa: PLE0605 - the names above


def _module(name: str):
    if name == "QtCore":
        return _QtCore
    if name == "QtGui":
        return _QtGui
    if name == "QtWidgets":
        return _QtWidgets
    # printing: loaded when a print dialog or printer is first asked for
    from PySide6 import QtPrintSupport

    return QtPrintSupport


def __getattr__(name: str):
    """The Qt name ``name`` (``QMainWindow``…), taken from its module on first use and kept here;
    raises :class:`AttributeError` for a name BriefDesk does not use (add it to ``_NAMES``)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
