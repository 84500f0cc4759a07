"""The events table: sortable, filterable, editable in place; Edit… opens the event editor."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import errors
from db.changes import Changes
from db.models import CATEGORIES, Event
from desktop.agreement import EXPLAIN, AgreementTracker
from desktop.dialogs.category_combo import CategoryCombo
from desktop.dialogs.event_editor import EventEditor, describe_date, understand_date
from desktop.docks.columns import ColumnFitter
from desktop.models.records import ID_ROLE, EventTableModel, RecordFilterProxy

ALL_CATEGORIES = "All categories"
TITLE_COLUMN, DATE_COLUMN, PRECISION_COLUMN, CATEGORY_COLUMN, SOURCES_COLUMN = range(5)
AGREEMENT_COLUMN = EventTableModel.AGREEMENT_COLUMN


class CategoryDelegate(QStyledItemDelegate):
    """Edits the category cell with the list of known categories (and "New category…")."""

    def __init__(self, categories: Callable[[], Sequence[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories = categories

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = CategoryCombo(list(self.categories()), str(index.data(Qt.ItemDataRole.EditRole) or "Other"), parent)
        combo.activated.connect(lambda _i, c=combo: self._chosen(c))
        return combo

    def _chosen(self, combo: CategoryCombo) -> None:
        """A category picked from the list (or made with "New category…") is saved at once; type-ahead is not."""
        if not combo.typing:
            self.commitData.emit(combo)
            self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, CategoryCombo):
            editor.set_category(str(index.data(Qt.ItemDataRole.EditRole) or "Other"))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, CategoryCombo):
            model.setData(index, editor.category(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class EventsPanel(QWidget):
    """Table of events; selection and activation are signalled, every write goes through the workspace.

    The panel reloads itself when the workspace says events changed (`follow_changes`); a window may
    also call `set_events` — rows already shown are updated in place, so an edit never resets the view.
    """

    eventSelected = Signal(str)  # noqa: N815 - Qt signal naming
    eventActivated = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, workspace, parent: QWidget | None = None, *, follow_changes: bool = True) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.range_filter: Callable[[Event], bool] | None = None
        self.model = EventTableModel(self)
        self.model.edit_handler = self._edit_cell
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setDynamicSortFilter(True)

        self.filter = QLineEdit(placeholderText="Filter events…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.category = QComboBox()
        self.category.setToolTip("Show one category only")
        self.category.addItem(ALL_CATEGORIES)
        self.category.currentTextChanged.connect(lambda _t: self._update_predicate())
        self.agreement = AgreementTracker.of(self.ws)
        self.model.agreement = self.agreement.get
        self.model.agreement_tooltip = self.agreement.tooltip
        self.agreement.agreementChanged.connect(self._agreement_changed)
        self.only_conflicts = QCheckBox("Only &conflicts")
        self.only_conflicts.setToolTip("Show only events whose sources give another date (Alt+C). " + EXPLAIN)
        self.only_conflicts.toggled.connect(lambda _on: self._update_predicate())

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.SelectedClicked
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setItemDelegateForColumn(CATEGORY_COLUMN, CategoryDelegate(self.ws.categories, self.table))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.columns = ColumnFitter(self.table, stretch=TITLE_COLUMN, caps={DATE_COLUMN: 0.3, CATEGORY_COLUMN: 0.2})
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_current())
        self.table.activated.connect(self._activated)

        self.new_action = QAction("New…", self)
        self.new_action.setToolTip("Create an event by hand")
        self.new_action.triggered.connect(self.new_event)
        self.edit_action = QAction("Edit…", self)
        self.edit_action.setToolTip("Edit the selected event (double-click)")
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = QAction("Delete", self)
        self.delete_action.setToolTip("Delete the selected event (Del); its passages stay")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)

        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.category)
        bar.addWidget(self.only_conflicts)
        for action in (self.new_action, self.edit_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.table)

        self._update_actions()
        if follow_changes:
            self.ws.changed.connect(self._workspace_changed)
            self.set_events(self.ws.events())

    # --- contents ----------------------------------------------------------------------------
    def set_events(self, events: Sequence[Event]) -> None:
        """Show these events; rows already shown are updated in place (keeps selection and editors)."""
        events = list(events)
        m = self.model
        if sorted(e.id for e in events) == sorted(r.id for r in m.rows):
            last = m.columnCount() - 1
            for ev in events:
                row = m.row_of(ev.id)
                if m.rows[row] != ev:
                    m.rows[row] = ev
                    m.dataChanged.emit(m.index(row, 0), m.index(row, last))
        else:
            current = self.current_id()
            m.set_rows(events)
            if current:
                self.select(current)
        self._update_categories()
        self._update_actions()

    def _workspace_changed(self, change: Changes) -> None:
        """Reread only the events that changed (a database of 100,000 stays quick to edit)."""
        ids = change.events
        if not ids and not change.everything:
            return
        if not change.everything and len(ids) <= self.model.INCREMENTAL_LIMIT:
            fresh = self.ws.events_by_id(sorted(ids - change.events_removed))
            m = self.model
            before = {m.rows[i].category for e in ids if (i := m.row_of(e)) >= 0}
            if m.update_records(fresh, ids - {e.id for e in fresh}):
                shown = {self.category.itemText(i) for i in range(1, self.category.count())}
                after = {e.category for e in fresh}
                if not after <= shown or not before <= after | set(CATEGORIES):
                    self._update_categories()  # a category appeared, or one may have gone out of use
                self._update_actions()
                return
        self.set_events(self.ws.events())

    def _update_categories(self) -> None:
        names = list(dict.fromkeys([*self.ws.categories(), *(e.category for e in self.model.rows)]))
        have = [self.category.itemText(i) for i in range(1, self.category.count())]
        if names == have:
            return
        current = self.category.currentText()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItems([ALL_CATEGORIES, *names])
        self.category.setCurrentText(current if current in names else ALL_CATEGORIES)
        self.category.blockSignals(False)
        self._update_predicate()

    def set_range_filter(self, predicate: Callable[[Event], bool] | None) -> None:
        """Limit the rows to events passing `predicate` (the timeline's visible range), or None."""
        self.range_filter = predicate
        self._update_predicate()

    def _update_predicate(self) -> None:
        category = self.category.currentText()
        rng = self.range_filter
        conflicts = self.agreement.conflicts() if self.only_conflicts.isChecked() else None

        def accept(ev: Event) -> bool:
            if category != ALL_CATEGORIES and ev.category != category:
                return False
            if conflicts is not None and ev.id not in conflicts:
                return False
            return rng is None or rng(ev)

        everything = category == ALL_CATEGORIES and rng is None and conflicts is None
        self.proxy.set_predicate(None if everything else accept)

    def _agreement_changed(self, ids: frozenset[str]) -> None:
        """Sources or dates changed: repaint those Agreement cells, refilter when showing only conflicts."""
        self.model.agreement_changed(ids)
        if self.only_conflicts.isChecked():
            self._update_predicate()

    # --- selection ---------------------------------------------------------------------------
    def current_id(self) -> str | None:
        """The id of the selected event, or None."""
        idx = self.table.selectionModel().currentIndex()
        if not idx.isValid() or not self.table.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            return None
        return idx.data(ID_ROLE)

    def current_event(self) -> Event | None:
        """The selected event record, or None."""
        eid = self.current_id()
        row = self.model.row_of(eid) if eid else -1
        return self.model.record(row) if row >= 0 else None

    def select(self, event_id: str | None) -> None:
        """Select the row of an event without emitting `eventSelected`."""
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        try:
            row = self.model.row_of(event_id) if event_id else -1
            idx = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
            if not idx.isValid():
                self.table.clearSelection()
            else:
                sm.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(idx)
        finally:
            sm.blockSignals(False)
        self._update_actions()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        if current.isValid():
            self.eventSelected.emit(current.data(ID_ROLE))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.eventActivated.emit(index.data(ID_ROLE))

    def _update_actions(self) -> None:
        has = self.current_id() is not None
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    def _context_menu(self, pos) -> None:  # noqa: ANN001 - QPoint
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.new_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # --- actions -----------------------------------------------------------------------------
    def open_editor(self, event: Event | None = None) -> EventEditor:
        """Open a non-modal editor for `event` (or a new event) and return it."""
        dlg = EventEditor(self.ws, self.window(), event=event)
        dlg.saved.connect(self._saved)
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()
        return dlg

    def _saved(self, event_id: str) -> None:
        """An event saved in this panel's editor: its row selected, and said (so the window's Selection follows)."""
        self.select(event_id)
        self.eventSelected.emit(event_id)

    def new_event(self) -> EventEditor:
        """Open the editor for an event typed by hand."""
        return self.open_editor(None)

    def edit_current(self) -> EventEditor | None:
        """Open the editor for the selected event."""
        ev = self.current_event()
        if ev is None:
            return None
        return self.open_editor(ev)

    def confirm_delete(self, event: Event) -> bool:
        """Ask before deleting (tests replace this)."""
        n = len(event.source_ids)
        detail = "Its source passage stays." if n == 1 else f"Its {n} source passages stay." if n else ""
        answer = QMessageBox.question(
            self, "Delete event", f"Delete the event “{event.title}” ({describe_date(event.date)})?\n{detail}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def delete_current(self) -> None:
        """Delete the selected event after confirmation (undoable)."""
        ev = self.current_event()
        if ev is not None and self.confirm_delete(ev):
            self.ws.delete_event(ev.id)

    # --- in-place editing --------------------------------------------------------------------
    def _edit_cell(self, event_id: str, column: int, value: str) -> bool:
        """Write one edited cell through the workspace; a bad date is reported and changes nothing."""
        row = self.model.row_of(event_id)
        if row < 0:
            return False
        ev: Event = self.model.record(row)
        value = " ".join(value.split())
        if column == TITLE_COLUMN:
            if value == ev.title:
                return False
            return self.ws.edit_event(event_id, title=value) is not None
        if column == DATE_COLUMN:
            if value == (ev.date.text or ev.date.label()):
                return False
            try:
                when = understand_date(value)
            except errors.DateError as exc:
                self.ws.errorOccurred.emit(f"Date “{value}”: {exc}")
                return False
            return self.ws.edit_event(event_id, date=when) is not None
        if column == CATEGORY_COLUMN:
            value = value or "Other"
            if value == ev.category:
                return False
            return self.ws.edit_event(event_id, category=value) is not None
        return False
