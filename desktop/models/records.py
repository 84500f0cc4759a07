"""Table models over lists of records, one column spec each; filtered and sorted through a proxy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from db.models import Annotation, ArticleSummary, Event

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tooltip: str = ""


class RecordTableModel(QAbstractTableModel):
    """Rows are frozen records with an `id`; columns come from a list of `Column`s."""

    columns: Sequence[Column] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._row_of: dict[str, int] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._row_of = {r.id: i for i, r in enumerate(self.rows)}
        self.endResetModel()

    def row_of(self, record_id: str) -> int:
        return self._row_of.get(record_id, -1)

    def record(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.ToolTipRole and self.columns[section].tooltip:
                return self.columns[section].tooltip
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows) or not 0 <= index.column() < len(self.columns):
            return None
        rec = self.rows[index.row()]
        col = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, FILTER_ROLE):
            return col.text(rec)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.text(rec)
        if role == SORT_ROLE:
            return (col.sort or col.text)(rec)
        if role == ID_ROLE:
            return rec.id
        return self.extra_data(rec, index.column(), role)

    def extra_data(self, rec: Any, column: int, role: int) -> Any:
        """Other roles (decorations, colours) for subclasses."""
        return None


def _one_line(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _pub(p) -> str:
    return p.label() if p else "—"


class ArticleListModel(RecordTableModel):
    columns = (
        Column("Title", lambda a: a.title),
        Column("Published", lambda a: _pub(a.published), lambda a: a.published.start.isoformat() if a.published else "",
               "Publication date; ≈ marks an estimate"),
        Column("Notes", lambda a: str(a.annotation_count), lambda a: a.annotation_count, "Annotations"),
    )

    def rows_as(self) -> list[ArticleSummary]:
        return self.rows


class AnnotationTableModel(RecordTableModel):
    """Annotations with their article title and the dates of the events they source."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.article_titles: dict[str, str] = {}
        self.event_dates: dict[str, str] = {}
        self.tag_colors: dict[str, str] = {}
        self.columns = (
            Column("Quote", lambda a: _one_line(a.exact)),
            Column("Note", lambda a: _one_line(a.note)),
            Column("Tags", lambda a: ", ".join(a.tags)),
            Column("Article", lambda a: self.article_titles.get(a.article_id, "")),
            Column("Event date", lambda a: self.event_dates.get(a.id, ""), None,
                   "Date of the event(s) this passage is a source of"),
            Column("Created", lambda a: a.created[:16].replace("T", " ")),
        )

    def extra_data(self, rec: Annotation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            name = rec.color or next((self.tag_colors[t] for t in rec.tags if t in self.tag_colors), "#F0E442")
            return QColor(name)
        if role == Qt.ItemDataRole.ForegroundRole and rec.status in ("fuzzy", "orphan"):
            return QColor("#D55E00")
        return None


class EventTableModel(RecordTableModel):
    """Events: title, date as typed, precision, category, number of sources."""

    columns = (
        Column("Title", lambda e: e.title),
        Column("Date", lambda e: e.date.text or e.date.label(), lambda e: (e.date.start.isoformat(), e.date.end.isoformat())),
        Column("Precision", lambda e: e.date.precision),
        Column("Category", lambda e: e.category),
        Column("Sources", lambda e: str(len(e.source_ids)), lambda e: len(e.source_ids)),
    )

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() in (0, 1, 3):
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001
        if role == Qt.ItemDataRole.EditRole and index.isValid() and index.column() in (0, 1, 3):
            e: Event = self.rows[index.row()]
            return (e.title, e.date.text or e.date.label(), "", e.category)[index.column()]
        return super().data(index, role)

    edit_handler: Callable[[str, int, str], bool] | None = None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: ANN001, N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.edit_handler is None:
            return False
        return self.edit_handler(self.rows[index.row()].id, index.column(), str(value))


class RecordFilterProxy(QSortFilterProxyModel):
    """Case-insensitive text filter over all columns plus an optional predicate (tag, range)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.predicate: Callable[[Any], bool] | None = None

    def set_text(self, text: str) -> None:
        self.setFilterFixedString(text)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.predicate = predicate
            self.endFilterChange()
        else:
            self.predicate = predicate
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if self.predicate is not None and not self.predicate(model.record(row)):
            return False
        return super().filterAcceptsRow(row, parent)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
