"""Table columns sized to their content, the long text column taking the rest (no empty space at the right).

Short columns get their content's width; long ones (an article title, a note) too, up to a share of
the table's width; one column stretches. A column the analyst resizes by hand keeps that width.
Widths are measured from the text of the rows on screen plus the first SAMPLE rows (a table of
10,000 annotations stays quick); rows added one by one only widen their columns.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

MIN_STRETCH = 160  # px the stretching column keeps at least, before capped columns shrink
SAMPLE = 100  # rows measured beyond those on screen


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
        header.sectionResized.connect(self._resized)
        self._timer = QTimer(self, singleShot=True, interval=0, timeout=self.fit)
        model = table.model()
        for signal in (model.modelReset, model.layoutChanged):  # (not dataChanged: no jumps while a note is typed)
            signal.connect(lambda *_a: self._timer.start())
        model.rowsInserted.connect(self._inserted)
        table.viewport().installEventFilter(self)
        self._width = -1

    def eventFilter(self, obj: QObject, event) -> bool:  # noqa: ANN001, N802 - Qt override
        if event.type() == event.Type.Resize and obj.width() != self._width:
            self._width = obj.width()
            self._timer.start()
        elif event.type() in (event.Type.FontChange, event.Type.StyleChange):  # text widths changed
            self._timer.start()
        return False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != self.stretch:
            self.user_sized.add(column)

    def _inserted(self, _parent, first: int, last: int) -> None:  # noqa: ANN001
        """A few rows added: widen their columns if they need it (a full fit waits for the next reset)."""
        if self._timer.isActive():
            return
        if last - first >= SAMPLE:
            self._timer.start()
            return
        header = self.table.horizontalHeader()
        self.fit(rows=range(first, last + 1), grow_only={c: header.sectionSize(c) for c in range(header.count())})

    def _rows(self) -> list[int]:
        """The rows on screen and the first SAMPLE others."""
        table = self.table
        n = table.model().rowCount()
        top = max(0, table.rowAt(0))
        bottom = table.rowAt(table.viewport().height() - 1)
        bottom = n - 1 if bottom < 0 else bottom
        return sorted(set(range(top, bottom + 1)) | set(range(min(n, SAMPLE))))

    def _content(self, column: int, rows) -> int:  # noqa: ANN001
        """The width the text of `rows` needs in a column, with the item margins."""
        table = self.table
        model, fm = table.model(), table.fontMetrics()
        style = table.style()
        pad = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 1
        widest = max((fm.horizontalAdvance(str(model.index(r, column).data() or "")) for r in rows), default=0)
        return widest + pad

    def fit(self, rows=None, grow_only: dict[int, int] | None = None) -> None:  # noqa: ANN001
        """Size every column but the stretching one to its content (capped); the stretching one fills."""
        table, header = self.table, self.table.horizontalHeader()
        width = table.viewport().width()
        if width <= 0 or table.model() is None:
            return
        rows = self._rows() if rows is None else rows
        wanted: dict[int, int] = {}
        for c in range(header.count()):
            if c == self.stretch or c in self.user_sized or header.isSectionHidden(c):
                continue
            content = max(self._content(c, rows), header.sectionSizeHint(c))
            if grow_only is not None:
                content = max(content, grow_only.get(c, 0))
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
        over = fixed + sum(wanted.values()) + MIN_STRETCH - width
        # Still too narrow (a laptop's bottom dock): the long text column keeps a readable width and
        # the table scrolls sideways, rather than squeezing it to a sliver.
        mode = QHeaderView.ResizeMode.Interactive if over > 0 else QHeaderView.ResizeMode.Stretch
        self._fitting = True
        try:
            if header.sectionResizeMode(self.stretch) != mode:
                header.setSectionResizeMode(self.stretch, mode)
            if over > 0 and header.sectionSize(self.stretch) != MIN_STRETCH:
                header.resizeSection(self.stretch, MIN_STRETCH)
            for c, w in wanted.items():
                if header.sectionSize(c) != w:
                    header.resizeSection(c, w)
        finally:
            self._fitting = False
