"""The one module of BriefDesk that imports PySide6.

Every other GUI module takes its Qt names from here (``from .qt import
QMainWindow``), so the Qt binding is named in exactly one place and a test
(``tests/gui/test_shim.py``) can check that nothing else imports it.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QDate,
    QEvent,
    QModelIndex,
    QMimeData,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRunnable,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QFontMetrics,
    QInputMethodEvent,
    QKeySequence,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import isValid  # noqa: E402 - is the C++ side of a Qt object still there?

__all__ = [name for name in dir() if name.startswith("Q") or name in ("Qt", "Signal", "Slot", "isValid")]
