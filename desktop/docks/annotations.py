"""The annotations table: open articles or all, filter by text and tag, 'needs attention' view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.docks.columns import ColumnFitter
from desktop.models.records import ID_ROLE, AnnotationTableModel, RecordFilterProxy

ALL_TAGS = "All tags"


class AnnotationsPanel(QWidget):
    """Table of annotations; selecting a row asks the window to reveal the passage."""

    annotationSelected = Signal(str)  # noqa: N815
    scopeChanged = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationTableModel(self)
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit(placeholderText="Filter quotes, notes, tags…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.tag = QComboBox()
        self.tag.addItem(ALL_TAGS)
        self.tag.currentTextChanged.connect(lambda _t: self._update_predicate())
        self.all_articles = QCheckBox("All articles")
        self.all_articles.setToolTip("Show the annotations of every article, not only the open ones")
        self.all_articles.toggled.connect(lambda _on: self.scopeChanged.emit())
        self.attention = QCheckBox("Needs attention")
        self.attention.setToolTip("Only annotations whose passage moved (fuzzy) or was lost (orphan)")
        self.attention.toggled.connect(lambda _on: self._update_predicate())
        self.range_filter = None  # callable(annotation) -> bool, set by the timeline brushing toggle
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        # Quote stretches; Note and Article take their content's width up to a third and a quarter
        self.columns = ColumnFitter(self.table, stretch=0, caps={1: 0.3, 3: 0.28})
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.tag)
        bar.addWidget(self.all_articles)
        bar.addWidget(self.attention)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(bar)
        lay.addWidget(self.table)

    def set_tags(self, names: list[str]) -> None:
        current = self.tag.currentText()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItems([ALL_TAGS, *names])
        self.tag.setCurrentText(current if current in names else ALL_TAGS)
        self.tag.blockSignals(False)
        self._update_predicate()

    def set_range_filter(self, predicate) -> None:  # noqa: ANN001
        if predicate is None and self.range_filter is None:
            return
        self.range_filter = predicate
        self._update_predicate()

    def _update_predicate(self) -> None:
        tag = self.tag.currentText()
        attention = self.attention.isChecked()
        rng = self.range_filter

        def accept(a) -> bool:  # noqa: ANN001
            if tag != ALL_TAGS and tag not in a.tags:
                return False
            if attention and a.status not in ("fuzzy", "orphan"):
                return False
            return rng is None or rng(a)

        no_filter = tag == ALL_TAGS and not attention and rng is None
        self.proxy.set_predicate(None if no_filter else accept)

    def _row_changed(self, current, _previous) -> None:  # noqa: ANN001
        if current.isValid():
            self.annotationSelected.emit(current.data(ID_ROLE))

    def select(self, annotation_id: str | None) -> None:
        """Select the row of an annotation without re-emitting."""
        self.table.blockSignals(True)
        self.table.selectionModel().blockSignals(True)
        try:
            row = self.model.row_of(annotation_id) if annotation_id else -1
            if row < 0:
                self.table.clearSelection()
                return
            idx = self.proxy.mapFromSource(self.model.index(row, 0))
            if idx.isValid():
                self.table.selectionModel().setCurrentIndex(
                    idx, self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows)
                self.table.scrollTo(idx)
        finally:
            self.table.selectionModel().blockSignals(False)
            self.table.blockSignals(False)
