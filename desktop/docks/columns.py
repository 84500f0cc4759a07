"""Table columns sized to their content, the long text column taking the rest (no empty space at the right).

Short columns get their content's width; long ones (an article title, a note) too, up to a share of
the table's width; one column stretches. A column the analyst resizes by hand keeps that width.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

MIN_STRETCH = 160  # px the stretching column keeps at least, before capped columns shrink


class ColumnFitter(QObject):
    """Keeps a table's columns fitted to their content whenever rows or the width change."""

    def __init__(self, table: QTableView, stretch: int, caps: dict[int, float] | None = None) -> None:
        super().__init__(table)
        self.table = table
        self.stretch = stretch
        self.caps = dict(caps or {})  # column → largest share of the width it may take
        self.user_sized: set[int] = set()
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(100)  # visible rows + 100 others: quick with 10,000 rows
        header.sectionResized.connect(self._resized)
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit)
        model = table.model()
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):  # not while a note is typed
            signal.connect(lambda *_a: self._timer.start())
        table.viewport().installEventFilter(self)
        self._width = -1

    def eventFilter(self, obj: QObject, event) -> bool:  # noqa: ANN001, N802 - Qt override
        if event.type() == event.Type.Resize and obj.width() != self._width:
            self._width = obj.width()
            self._timer.start()
        return False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.stretch:
            self.user_sized.add(column)

    def fit(self) -> None:
        """Size every column but the stretching one to its content (capped); the stretching one fills."""
        table, header = self.table, self.table.horizontalHeader()
        width = table.viewport().width()
        if width <= 0 or table.model() is None:
            return
        wanted: dict[int, int] = {}
        for c in range(header.count()):
            if c == self.stretch or c in self.user_sized or header.isSectionHidden(c):
                continue
            content = max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
            cap = self.caps.get(c)
            wanted[c] = min(content, int(width * cap)) if cap else content
        fixed = sum(header.sectionSize(c) for c in self.user_sized if not header.isSectionHidden(c))
        over = fixed + sum(wanted.values()) + MIN_STRETCH - width
        capped = [c for c in wanted if c in self.caps]
        if over > 0 and capped:  # too wide: the long columns give way, in proportion
            total = sum(wanted[c] for c in capped)
            for c in capped:
                floor = header.sectionSizeHint(c)
                wanted[c] = max(floor, wanted[c] - over * wanted[c] // max(total, 1))
        self._fitting = True
        try:
            for c, w in wanted.items():
                if header.sectionSize(c) != w:
                    header.resizeSection(c, w)
        finally:
            self._fitting = False
