"""Help → Keyboard shortcuts: read from the window's own actions when opened, so it never goes stale.

Menu actions are listed with their menu; actions living on a widget (digit quick-tags on the reading
panes, Del in the tables) with that widget; keys handled inside widgets (the timeline, the find bar,
the note editor, Alt-drag) come from a short list kept beside the code that implements them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

# Keys handled by widgets themselves (not QActions): (what, keys, where).
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Select exact characters (a drag snaps to whole words)", "Alt+drag or Ctrl+drag", "Reading pane"),
    ("Close the find bar, or clear the search marks", "Esc", "Reading pane"),
    ("Next / previous match", "Enter / Shift+Enter", "Find bar"),
    ("Close the find bar", "Esc", "Find bar"),
    ("Back to the text", "Esc", "Note editor"),
    ("Open the selected hit", "Enter or click", "Search"),
    ("Zoom in / out around the pointer", "+ / − or the wheel", "Timeline"),
    ("Pan", "← / → or drag", "Timeline"),
    ("Fit every event", "Home", "Timeline"),
    ("Next / previous event", "Tab / Shift+Tab", "Timeline"),
    ("Open the event's source passage", "Enter or double-click", "Timeline"),
    ("Clear the selection", "Esc", "Timeline"),
    ("Save the event", "Ctrl+Enter", "Event editor"),
)

_WIDGET_NAMES = {"PaneContainer": "Reading pane", "QTableView": "Table"}
_NUMBERED = re.compile(r"^(.*\D) (\d)$")


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…").strip()


def _keys(action: QAction) -> str:
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts() if not s.isEmpty())


def _menu_actions(menu: QMenu, path: str) -> Iterator[tuple[QAction, str]]:
    for a in menu.actions():
        if a.isSeparator():
            continue
        if a.menu() is not None:
            yield from _menu_actions(a.menu(), f"{path} → {_clean(a.text())}")
        else:
            yield a, path


def _where(action: QAction, win: QWidget) -> str:
    """The widget an action without a menu lives on, in words."""
    for obj in action.associatedObjects():
        if obj is win or not isinstance(obj, QWidget):
            continue
        name = _WIDGET_NAMES.get(type(obj).__name__, "")
        if name == "Table":
            dock = obj.parent()
            while dock is not None and not isinstance(dock, QDockWidget):
                dock = dock.parent()
            return f"{dock.windowTitle()} table" if dock is not None else "Table"
        if name:
            return name
    return "Window"


def shortcut_rows(win: QWidget) -> list[tuple[str, str, str]]:
    """(action, keys, where) for every action of the window that has a key, then the widget keys."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for menu_action in win.menuBar().actions():
        if menu_action.menu() is None:
            continue
        for a, path in _menu_actions(menu_action.menu(), _clean(menu_action.text())):
            seen.add(id(a))
            if _keys(a):
                rows.append((_clean(a.text()), _keys(a), path))
    numbered: dict[tuple[str, str], list[str]] = {}
    for a in win.findChildren(QAction):
        if id(a) in seen or not _keys(a) or a.isSeparator():
            continue
        seen.add(id(a))
        text, where = _clean(a.text()), _where(a, win)
        m = _NUMBERED.match(text)
        if m and _keys(a) == m.group(2):  # "Apply recent tag 1" on key 1 … 9: one row
            numbered.setdefault((m.group(1), where), []).append(m.group(2))
            continue
        if (text, _keys(a), where) not in rows:
            rows.append((text, _keys(a), where))
    for (text, where), digits in numbered.items():
        digits.sort()
        keys = digits[0] if len(digits) == 1 else f"{digits[0]}–{digits[-1]}"
        rows.append((f"{text} {keys} (with text selected)", keys, where))
    rows.extend(WIDGET_KEYS)
    return rows


class ShortcutsDialog(QDialog):
    """A searchable table of every shortcut: action, keys, menu or place."""

    def __init__(self, win: QWidget) -> None:
        super().__init__(win)
        self.setWindowTitle("Keyboard shortcuts")
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Action", "Shortcut", "Menu / where"])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit(placeholderText="Search actions, keys or menus…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(False)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.count = QLabel("")
        self.count.setEnabled(False)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.filter)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)
        lay.addWidget(buttons)
        self.resize(720, 560)
        self.reload(win)

    def reload(self, win: QWidget) -> None:
        """Read the window's actions again (extensions may have added some)."""
        self.model.removeRows(0, self.model.rowCount())
        for row in shortcut_rows(win):
            items = [QStandardItem(text) for text in row]
            for item in items:
                item.setEditable(False)
            self.model.appendRow(items)
        self._count()

    def _count(self, *_args: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} shortcuts" if shown != total else f"{total} shortcuts")

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows now (after the filter)."""
        return [tuple(self.proxy.index(r, c).data() for c in range(3)) for r in range(self.proxy.rowCount())]


def show_shortcuts(win: QWidget) -> ShortcutsDialog:
    """Open (or raise) the window's shortcut reference, read afresh from its actions."""
    dlg = win.findChild(ShortcutsDialog)
    if dlg is None:
        dlg = ShortcutsDialog(win)
    else:
        dlg.reload(win)
    dlg.filter.clear()
    dlg.show()
    dlg.raise_()
    dlg.activateWindow()
    dlg.filter.setFocus()
    return dlg
