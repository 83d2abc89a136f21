"""Help › User Guide (F1) and Help › Keyboard Shortcuts.

The guide is HTML shipped in ``resources/guide/<language>.html`` (English and
Chinese), shown in a :class:`QTextBrowser` in the interface's language, or
English when there is no guide in it.  The shortcut list is collected from the
actions of the open windows, so it cannot drift from what the keys do.
"""

from __future__ import annotations

from pathlib import Path

from ..core import i18n
from ..core.i18n import _
from ..core.resources import resource_path
from .qt import (
    QAction,
    QDialog,
    QDialogButtonBox,
    QKeySequence,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QUrl,
    QVBoxLayout,
    QWidget,
    QAbstractItemView,
)


def guide_path(language: str | None = None) -> Path:
    """The guide file for ``language`` (default: the interface's; ``zh_CN`` → ``zh``), else English."""
    language = (language or i18n.current_language()).replace("-", "_")
    for name in (language, language.split("_")[0], "en"):
        path = resource_path("guide", f"{name}.html")
        if path.is_file():
            return path
    raise FileNotFoundError(resource_path("guide", "en.html"))


class GuideWindow(QDialog):
    """The user guide in a browser window (non-modal); :meth:`show_section` jumps to an anchor."""

    def __init__(self, parent: QWidget | None = None, language: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle(_("BriefDesk User Guide"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.path = guide_path(language)
        self.browser.setSearchPaths([str(self.path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(self.path)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 680)

    def show_section(self, anchor: str) -> None:
        """Scroll to the section ``anchor`` (``"search"``, ``"backup"``…)."""
        self.browser.scrollToAnchor(anchor)


def shortcut_rows(windows: list[QWidget]) -> list[tuple[str, str]]:
    """``(what, keys)`` for every action with a shortcut in ``windows`` and their children,
    in menu order where the action is in a menu; keys in the platform's native text."""
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for window in windows:
        if window is None:
            continue
        for action in window.findChildren(QAction):
            keys = [k for k in action.shortcuts() if not k.isEmpty()]
            if not keys:
                continue
            what = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()
            what = what or action.toolTip() or action.objectName()
            text = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            if (what, text) not in seen:
                seen.add((what, text))
                rows.append((what, text))
    return rows


class ShortcutsDialog(QDialog):
    """Help › Keyboard Shortcuts: a two-column table (action, keys) built by :func:`shortcut_rows`."""

    def __init__(self, windows: list[QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboardShortcuts")
        self.setWindowTitle(_("Keyboard Shortcuts"))
        self.rows = shortcut_rows(windows)
        table = QTableWidget(len(self.rows), 2)
        table.setObjectName("shortcutTable")
        table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        for row, (what, keys) in enumerate(self.rows):
            table.setItem(row, 0, QTableWidgetItem(what))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 560)
