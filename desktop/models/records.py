"""Table models over lists of records, one column spec each; filtered and sorted through a proxy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import PySide6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from db.models import Annotation, Event
from db.store_tags import annotation_color
from db.wording import shorten

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
# QSortFilterProxyModel.beginFilterChange/endFilterChange are new in Qt 6.9 (invalidateFilter is deprecated there)
FILTER_CHANGE_API = PySide6.__version_info__ >= (6, 9)


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    tooltip: str = ""


NEAR_ROWS = 8  # a stale row is looked for this far either side before the map is rebuilt
EAGER_ROWS = 2000  # a move over at most this many rows mends the map at once


class RecordTableModel(QAbstractTableModel):
    """Rows are frozen records with an `id`; columns come from a list of `Column`s."""

    columns: Sequence[Column] = ()

    # At most this many changed rows are applied one by one; more, and the model is reset.
    INCREMENTAL_LIMIT = 50

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self._row_of: dict[str, int] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._keys: list[Any] = []  # sort key of each row, when sorted

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show these records. The model sorts itself (a proxy sorting 10,000 rows through Python
        comparisons takes a second); records are frozen, so when only a few are new objects
        (one annotation created, edited or deleted) just those rows change and selection stays."""
        rows = list(rows)
        if self.rows and self._sort is not None and self._apply_few(rows):
            return
        self.beginResetModel()
        self.rows, self._keys = self._sorted(rows)
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of = {r.id: i for i, r in enumerate(self.rows)}

    def _row(self, record_id: str) -> int | None:
        """The row of a record id. Rows that a far move shifted by one are found next to where the
        map last put them (the map is mended then), else the map is rebuilt."""
        i = self._row_of.get(record_id)
        if i is None:
            return None
        rows = self.rows
        for j in (i, *(k for d in range(1, NEAR_ROWS + 1) for k in (i - d, i + d))):
            if 0 <= j < len(rows) and rows[j].id == record_id:
                self._row_of[record_id] = j
                return j
        self._reindex()
        return self._row_of.get(record_id)

    def _key_fn(self) -> Callable[[Any], Any]:
        col = self.columns[self._sort[0]]  # type: ignore[index]
        return col.sort or col.text

    def _sorted(self, rows: list[Any]) -> tuple[list[Any], list[Any]]:
        if self._sort is None:
            return rows, []
        column, order = self._sort
        key = self._key_fn()
        keys = [key(r) for r in rows]
        desc = order == Qt.SortOrder.DescendingOrder
        try:
            perm = sorted(range(len(rows)), key=keys.__getitem__, reverse=desc)
        except TypeError:
            keys = [str(k) for k in keys]
            perm = sorted(range(len(rows)), key=keys.__getitem__, reverse=desc)
        return [rows[i] for i in perm], [keys[i] for i in perm]

    def _in_order(self, a: Any, b: Any) -> bool:
        """True when a key `a` may stand before `b` in the current order."""
        return a >= b if self._sort[1] == Qt.SortOrder.DescendingOrder else a <= b  # type: ignore[index]

    def _insert_at(self, key: Any) -> int:
        lo, hi = 0, len(self._keys)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._in_order(self._keys[mid], key):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _apply_few(self, rows: list[Any]) -> bool:
        """Apply a small difference row by row; False (nothing done) when a reset is better."""
        new = {r.id: r for r in rows}
        if len(new) != len(rows):
            return False
        old_rows = self.rows
        changed = [r for r in rows if (i := self._row(r.id)) is None or old_rows[i] is not r]
        gone = [r.id for r in old_rows if r.id not in new]
        return self.update_records(changed, gone)

    def update_records(self, changed: Sequence[Any], gone: Sequence[str]) -> bool:
        """Put new or edited records in place and drop the `gone` ids, row by row (selection and
        open editors stay). False, with nothing done, when a reset would be better: too many
        changes, or no sort order to place new rows by."""
        changed = list(changed)
        gone = [g for g in dict.fromkeys(gone) if g in self._row_of]
        if self._sort is None or not self.rows:
            return False
        if len(changed) + len(gone) > self.INCREMENTAL_LIMIT or len(changed) + len(gone) >= len(self.rows):
            return False
        key = self._key_fn()
        try:
            fresh = [(r, key(r)) for r in changed]
            for _r, k in fresh:
                self._in_order(k, k)
        except TypeError:
            return False
        last = len(self.columns) - 1
        movers: list[tuple[Any, Any]] = []
        for r, k in fresh:
            i = self._row(r.id)
            if i is None:
                movers.append((r, k))
                continue
            fits = (i == 0 or self._in_order(self._keys[i - 1], k)) and \
                (i == len(self.rows) - 1 or self._in_order(k, self._keys[i + 1]))
            if fits:
                self.rows[i] = r
                self._keys[i] = k
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
            else:
                gone.append(r.id)
                movers.append((r, k))
        first, last, count = len(self.rows), -1, len(self.rows)
        for i in sorted((self._row(g) for g in gone), reverse=True):
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.rows[i]
            del self._keys[i]
            self.endRemoveRows()
            first, last = min(first, i), max(last, i)
        for g in gone:
            self._row_of.pop(g, None)
        for r, k in movers:
            i = self._insert_at(k)
            self.beginInsertRows(QModelIndex(), i, i)
            self.rows.insert(i, r)
            self._keys.insert(i, k)
            self.endInsertRows()
            self._row_of[r.id] = i
            first, last = min(first, i), max(last, i)
        if count != len(self.rows):
            last = len(self.rows) - 1
        if first <= last and (last - first <= EAGER_ROWS or len(movers) > 1):
            moved = self.rows[first:last + 1]  # only rows between the first and last one moved shifted
            self._row_of.update(zip([r.id for r in moved], range(first, last + 1), strict=True))
        # else: one far move shifted the rows between by one row; `_row` finds them next door
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows in Python by the column's sort key (stable), keeping persistent indexes."""
        self._sort = (column, order) if 0 <= column < len(self.columns) else None
        if self._sort is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self.rows[p.row()].id if p.isValid() and p.row() < len(self.rows) else None for p in persistent]
        self.rows, self._keys = self._sorted(self.rows)
        self._reindex()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of[i], p.column()) if i is not None else QModelIndex()
                         for i, p in zip(ids, persistent, strict=True)])
        self.layoutChanged.emit()

    def row_of(self, record_id: str) -> int:
        i = self._row(record_id)
        return -1 if i is None else i

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


def _pub(p) -> str:
    return p.label(short=True) if p else "—"


class ArticleListModel(RecordTableModel):
    columns = (
        Column("Title", lambda a: a.title),
        Column("Published", lambda a: _pub(a.published), lambda a: a.published.start.isoformat() if a.published else "",
               "Publication date; ≈ marks an estimate"),
        Column("Notes", lambda a: str(a.annotation_count), lambda a: a.annotation_count, "Annotations"),
    )


class AnnotationTableModel(RecordTableModel):
    """Annotations with their article title and the dates of the events they source."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.article_titles: dict[str, str] = {}
        self.event_dates: dict[str, str] = {}
        self.tag_colors: dict[str, str] = {}
        self.columns = (
            Column("Quote", lambda a: shorten(a.exact, 160)),
            Column("Note", lambda a: shorten(a.note, 160)),
            Column("Tags", lambda a: ", ".join(a.tags)),
            Column("Article", lambda a: self.article_titles.get(a.article_id, "")),
            Column("Event date", lambda a: self.event_dates.get(a.id, ""), None,
                   "Date of the event(s) this passage is a source of"),
            Column("Created", lambda a: a.created[:16].replace("T", " ")),
        )

    def extra_data(self, rec: Annotation, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(annotation_color(rec.color, rec.tags, self.tag_colors))
        if role == Qt.ItemDataRole.ForegroundRole and rec.status in ("fuzzy", "orphan"):
            return QColor("#D55E00")
        return None


class EventTableModel(RecordTableModel):
    """Events: title, date as typed, precision, category, number of sources, and whether the
    sources agree (when an `agreement` lookup is given: event id → `db.agreement.EventAgreement`)."""

    AGREEMENT_COLUMN = 5

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.agreement: Callable[[str], Any] | None = None
        self.agreement_tooltip: Callable[[str], str] | None = None
        self.columns = (
            Column("Title", lambda e: e.title),
            Column("Date", lambda e: e.date.text or e.date.label(),
                   lambda e: (e.date.start.isoformat(), e.date.end.isoformat())),
            Column("Precision", lambda e: e.date.precision),
            Column("Category", lambda e: e.category),
            Column("Sources", lambda e: str(len(e.source_ids)), lambda e: len(e.source_ids)),
            Column("Agreement", self._agreement_text, self._agreement_rank,
                   "Do the sources' own dates agree with the event's date? ✓ agree · ≠ conflict · ? undated"),
        )

    def _agreement_text(self, e: Event) -> str:
        r = self.agreement(e.id) if self.agreement is not None else None
        return r.text if r is not None else ""

    def _agreement_rank(self, e: Event) -> int:
        r = self.agreement(e.id) if self.agreement is not None else None
        return {"conflict": 0, "undated": 1, "agree": 2}.get(r.status, 3) if r is not None else 4

    def agreement_changed(self, ids: Any) -> None:
        """Repaint the Agreement cells of these event ids (re-sort when sorted by agreement)."""
        if self._sort is not None and self._sort[0] == self.AGREEMENT_COLUMN:
            self.sort(*self._sort)
            return
        col = self.AGREEMENT_COLUMN
        for eid in ids:
            row = self.row_of(eid)
            if row >= 0:
                self.dataChanged.emit(self.index(row, col), self.index(row, col))

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = super().flags(index)
        if index.isValid() and index.column() in (0, 1, 3):
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001
        if index.isValid() and index.column() == self.AGREEMENT_COLUMN and 0 <= index.row() < len(self.rows):
            if role == Qt.ItemDataRole.ToolTipRole and self.agreement_tooltip is not None:
                return self.agreement_tooltip(self.rows[index.row()].id)
            if role == Qt.ItemDataRole.ForegroundRole and self._agreement_rank(self.rows[index.row()]) == 0:
                return QColor("#D55E00")  # vermillion, with the ≠ mark and the word: never colour alone
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
    """Case-insensitive text filter over all columns plus an optional predicate (tag, range).

    Sorting is handed to the source model (it sorts in Python once, instead of the proxy calling
    back into Python for every comparison), and the text filter reads the records directly.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(FILTER_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.predicate: Callable[[Any], bool] | None = None
        self.needle = ""

    def _refilter(self, change: Callable[[], None]) -> None:
        if FILTER_CHANGE_API:
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        if text.casefold() == self.needle:
            return
        self._refilter(lambda: setattr(self, "needle", text.casefold()))

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        if predicate is None and self.predicate is None:
            return  # nothing to refilter (a pass over 10,000 rows costs ~10 ms)
        self._refilter(lambda: setattr(self, "predicate", predicate))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, RecordTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if self.predicate is None and not self.needle:
            return True
        model = self.sourceModel()
        rec = model.record(row)
        if self.predicate is not None and not self.predicate(rec):
            return False
        if self.needle:
            return any(self.needle in c.text(rec).casefold() for c in model.columns)
        return True
