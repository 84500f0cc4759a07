"""TimelineWidget: a QPainter timeline of dated events with lanes, density, overview and export."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from desktop.timeline.agreement_paint import draw_agreement
from desktop.timeline.export import write_png, write_svg
from desktop.timeline.frame import Frame, build_frame
from desktop.timeline.index_update import IndexRow, materialise, materialised, update_index
from desktop.timeline.input import TimelineInput
from desktop.timeline.items import SUGGESTED_LANE, TimelineItem
from desktop.timeline.layout import EventIndex
from desktop.timeline.overview import (
    draw_density,
    draw_overview,
    draw_selected_dense,
    overview_image,
    overview_scale,
)
from desktop.timeline.paint import (
    Geometry,
    Theme,
    draw_axis,
    draw_items,
    draw_lanes,
    make_geometry,
    make_theme,
)
from desktop.timeline.scale import TimeScale, to_date, to_days
from desktop.timeline.ticks import Axis, build_axis

T = TypeVar("T")


class TimelineWidget(TimelineInput, QWidget):
    """Zoomable timeline; times are float days since 1970-01-01 in signals, dates in methods."""

    rangeChanged = Signal(float, float)
    eventClicked = Signal(str)
    eventActivated = Signal(str)
    selectionChanged = Signal(list)
    passageDropped = Signal(str, str, int, int)  # event id; the passage's article id, start, end

    def __init__(self, parent: QWidget | None = None) -> None:
        """An empty timeline showing 2009–2024 until events arrive."""
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(300, 160)
        self.setAccessibleName("Timeline")
        self.setAcceptDrops(True)  # passages from a reading pane, dropped on an event
        self._index = EventIndex([], [], [], [], [])
        self._scale = TimeScale.of_dates(date(2009, 1, 1), date(2024, 12, 31), 600)
        self._fitted = False
        self._selected_ids: list[str] = []
        self._selected: set[int] = set()
        self._current: int | None = None
        self._hover: int | None = None
        self._totals: list[int] = []
        self._text_w = array("d")
        self._caches: dict[str, tuple[object, object]] = {}
        self._conflict_ids: set[str] = set()
        self._source_ticks: dict[str, list[tuple[float, float]]] = {}
        self._agreement_note: Callable[[str], str] | None = None
        self._init_input()
        self._restyle()

    # ----- data -------------------------------------------------------------------------------
    def set_events(self, events: Sequence[TimelineItem],
                   lane_order: Sequence[str] | None = None) -> None:
        """Show these events; lanes appear in `lane_order`, then by name. Fits on first data."""
        self._install(EventIndex.from_items(events, lane_order))

    def set_arrays(self, ids: Sequence[str], start: Sequence[float], end: Sequence[float],
                   lane: Sequence[int], lanes: Sequence[str], *,
                   titles: Sequence[str] | None = None, precision: Sequence[int] | None = None,
                   sources: Sequence[int] | None = None, suggested: Sequence[bool] | None = None,
                   categories: Sequence[str] | None = None,
                   date_labels: Sequence[str] | None = None) -> None:
        """Fast path: start/end in days since 1970-01-01 (end exclusive), lane indices, codes.

        Every column is a sequence of the same length as `ids`: lists, tuples or
        `array.array`s (e.g. ``array("d")`` for times, ``array("i")`` for lanes) all work;
        `precision` codes index `PRECISIONS` (day, month, year, span). Suggested events move
        to a "Suggested" lane added last.
        """
        lanes = list(lanes)
        if suggested is not None and any(suggested):
            lanes.append(SUGGESTED_LANE)
            sug = len(lanes) - 1
            lane = [sug if s else ln for ln, s in zip(lane, suggested, strict=True)]
        self._install(EventIndex(ids, start, end, lane, lanes, titles=titles,
                                 precision=precision, sources=sources, suggested=suggested,
                                 categories=categories, date_labels=date_labels))

    def update_events(self, gone: Sequence[str], added: Sequence[IndexRow]) -> None:
        """Drop the `gone` ids and put in `added` (new or changed events), without rebuilding the
        index: the few rows move by bisection; lanes stay as they are."""
        update_index(self._index, gone, added)
        self._install(self._index)

    def _install(self, index: EventIndex) -> None:
        """Swap in a new index, keeping the selection by id and the range once fitted."""
        self._index = index
        if not materialised(index):  # when idle: the first edit then moves rows without copying columns
            QTimer.singleShot(0, self, lambda: self._index is index and materialise(index))
        self._totals = list(index.lane_counts)
        self._text_w = array("d", [-1.0]) * len(index)
        self._caches.clear()
        self._hover = None
        self._restyle()
        self._apply_selection([i for i in self._selected_ids if index.position(i) is not None],
                              emit=True)
        if not self._fitted and len(index):
            self._fitted = True
            self.fit_all()
        self.update()

    # ----- range ------------------------------------------------------------------------------
    def visible_range(self) -> tuple[date, date]:
        """First and last calendar day (inclusive) in view."""
        return to_date(self._scale.start), to_date(self._scale.end - 1e-9)

    def set_visible_range(self, first: date, last: date) -> None:
        """Show the days `first` through `last` inclusive (span clamped to 1 day … 30 years)."""
        self._fitted = True
        self._set_scale(self._scale.with_range(to_days(first), to_days(last) + 1))

    def fit_all(self) -> None:
        """Show every event with a small margin."""
        ext = self._index.extent()
        if ext is not None:
            self._set_scale(TimeScale.fit(ext[0], ext[1], self._scale.width))

    def time_scale(self) -> TimeScale:
        """The current time ↔ pixel mapping (x relative to the plot's left edge)."""
        return self._scale

    def _set_scale(self, scale: TimeScale) -> None:
        """Adopt a new range; repaint and emit rangeChanged when it moved."""
        if (scale.start, scale.end) == (self._scale.start, self._scale.end):
            self._scale = scale
            return
        self._scale = scale
        self.update()
        self.rangeChanged.emit(scale.start, scale.end)

    # ----- selection --------------------------------------------------------------------------
    def set_selected(self, ids: Sequence[str]) -> None:
        """Select these event ids (unknown ids are ignored); emits selectionChanged if changed."""
        self._apply_selection(list(ids), emit=True)

    def selected_ids(self) -> list[str]:
        """Ids of the selected events."""
        return list(self._selected_ids)

    def _apply_selection(self, ids: list[str], emit: bool) -> None:
        """Store the selection by id and by sorted position."""
        pos = {p for p in (self._index.position(i) for i in ids) if p is not None}
        known = [i for i in dict.fromkeys(ids) if self._index.position(i) is not None]
        changed = known != self._selected_ids
        self._selected_ids, self._selected = known, pos
        if self._current not in pos:
            self._current = min(pos) if pos else None
        self.update()
        if changed and emit:
            self.selectionChanged.emit(list(known))

    # ----- geometry, hit testing --------------------------------------------------------------
    def _cached(self, name: str, key: object, make: Callable[[], T]) -> T:
        """Memoise one value per name under a key."""
        hit = self._caches.get(name)
        if hit is not None and hit[0] == key:
            return hit[1]  # type: ignore[return-value]
        value = make()
        self._caches[name] = (key, value)
        return value  # type: ignore[return-value]

    def _geometry(self, overview: bool = True) -> Geometry:
        """Layout rectangles for the current size and lanes."""
        key = (self.width(), self.height(), overview, self._index.lanes, self.font().key())
        g = self._cached(f"geometry{overview}", key, lambda: make_geometry(
            self.width(), self.height(), self._index.lanes, self.font(), overview))
        if abs(g.plot.width() - self._scale.width) > 0.01:
            self._scale = self._scale.with_width(g.plot.width())
        return g

    def _frame(self, g: Geometry) -> Frame:
        """Layout of the visible events for this geometry and range (cached)."""
        s = self._scale
        key = (s.start, s.end, s.width, g.plot.top(), g.plot.height(), id(self._index))
        return self._cached(f"frame{g.overview.height() > 0}", key, lambda: build_frame(
            self._index, s, g.lane_top, g.lane_h, g.row_h, self._title_width, self._badge_width))

    def _axis(self) -> Axis:
        """Ticks for the current range (cached)."""
        s = self._scale
        return self._cached("axis", (s.start, s.end, s.width), lambda: build_axis(s, self._tw))

    def _title_width(self, pos: int) -> float:
        """Pixel width of an event title in the label font, measured once."""
        w = self._text_w[pos]
        if w < 0:
            w = self._text_w[pos] = self._fm.horizontalAdvance(str(self._index.titles[pos]))
        return w

    def _badge_width(self, n: int) -> float:
        """Room a '+N' badge needs after a label (memoised per count)."""
        w = self._badge_w.get(n)
        if w is None:
            w = self._badge_w[n] = self._small_fm.horizontalAdvance(f"+{n}") + 11
        return w

    def _tw(self, text: str) -> float:
        """Axis text width in the axis font."""
        return self._axis_fm.horizontalAdvance(text)

    def _hit(self, pt: QPointF) -> int | None:
        """Sorted position of the event under a widget point, drawn or aggregated."""
        g = self._geometry()
        if not g.plot.contains(pt) or not len(self._index):
            return None
        frame = self._frame(g)
        x = pt.x() - g.plot.left()
        pos = frame.hit(x, pt.y())
        lane = frame.lane_at(pt.y())
        if pos is None and lane is not None and len(frame.density_lanes) and \
                frame.density_lanes[lane]:
            pos = self._index.nearest(self._scale.t_of(x), 4 / self._scale.px_per_day, lane)
        return pos

    def plot_rect(self) -> QRectF:
        """The lanes area in widget coordinates; time runs across it."""
        return QRectF(self._geometry().plot)

    def event_at(self, pt: QPointF) -> str | None:
        """Id of the event under a widget point, if any."""
        pos = self._hit(QPointF(pt))
        return None if pos is None else str(self._index.ids[pos])

    def event_rect(self, event_id: str) -> QRectF | None:
        """Where an individually drawn event sits in widget coordinates, if it is drawn."""
        pos = self._index.position(event_id)
        g = self._geometry()
        frame = self._frame(g)
        if pos is None or pos not in frame.pos:
            return None
        i = frame.pos.index(pos)
        return QRectF(g.plot.left() + frame.x0[i], frame.y[i] - g.row_h / 2,
                      frame.x1[i] - frame.x0[i], g.row_h)

    # ----- painting ---------------------------------------------------------------------------
    def _restyle(self) -> None:
        """Recompute theme and fonts after a palette, font or lane change."""
        self._theme: Theme = make_theme(self.palette(), self._index.lanes)
        font = self.font()
        self._label_font = QFont(font)
        self._axis_font = QFont(font)
        self._axis_font.setPointSizeF(max(font.pointSizeF() - 1, 6))
        self._major_font = QFont(self._axis_font)
        self._major_font.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() - 2, 6))
        self._fm = QFontMetricsF(self._label_font)
        self._axis_fm = QFontMetricsF(self._major_font)
        self._small_fm = QFontMetricsF(small)
        self._badge_w: dict[int, float] = {}
        self._text_w = array("d", [-1.0]) * len(self._index)
        self._caches.clear()

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette (light/dark) and font changes."""
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange):
            self._restyle()
            self.update()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        """A comfortable default size for a dock."""
        return QSize(900, 320)

    def paintEvent(self, event: QEvent) -> None:
        """Draw the whole timeline."""
        p = QPainter(self)
        self._paint(p, overview=True, hover=self._hover)
        if self.hasFocus():
            ring = QColor(self._theme.highlight)
            ring.setAlphaF(0.6)
            w, h = self.width(), self.height()
            for r in (QRect(0, 0, w, 1), QRect(0, h - 1, w, 1), QRect(0, 0, 1, h),
                      QRect(w - 1, 0, 1, h)):
                p.fillRect(r, ring)
        p.end()

    def _paint(self, p: QPainter, overview: bool, hover: int | None) -> None:
        """Paint background, lanes, axis, events and (optionally) the overview strip."""
        g = self._geometry(overview)
        t = self._theme
        p.fillRect(QRect(0, 0, self.width(), self.height()), t.base)
        draw_lanes(p, g, self._index.lanes, self._totals, t, self._label_font)
        draw_axis(p, g, self._axis(), t, self._axis_font, self._major_font)
        if not len(self._index):
            p.setPen(t.faint)
            p.drawText(g.plot, Qt.AlignmentFlag.AlignCenter, "No dated events yet")
            return
        frame = self._frame(g)
        p.save()
        p.setClipRect(QRectF(g.plot.left(), g.axis.bottom(), g.plot.width() + 1,
                             g.plot.bottom() - g.axis.bottom()))
        draw_density(p, g, frame, t)
        draw_items(p, g, frame, self._index, t, self._label_font, self._selected, hover)
        self._paint_agreement(p, g, frame)
        draw_selected_dense(p, g, frame, self._index, self._selected, t)
        p.restore()
        if overview:
            ov = overview_scale(self._index, self._scale, g.overview.width())
            self._ov = ov
            dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
            key = (ov.start, ov.end, ov.width, int(g.overview.height()), id(self._index),
                   t.text.name(), dpr)
            img = self._cached("overview", key, lambda: overview_image(
                self._index, ov, max(int(g.overview.height()) - 4, 1), t.faint, dpr))
            self._window = draw_overview(p, g, ov, self._scale, img, t)

    def set_agreement(self, conflicts: Sequence[str] | set[str],
                      ticks: dict[str, list[tuple[float, float]]] | None = None,
                      note: Callable[[str], str] | None = None) -> None:
        """Mark these event ids as conflicting (dashed ring and ≠ badge); `ticks` (event id → source
        dates as day ranges, end exclusive) are drawn faintly on each event's row; `note(id)` is
        rich text added to a conflicting event's tooltip."""
        self._conflict_ids = set(conflicts)
        self._agreement_note = note
        self._source_ticks = dict(ticks or {})
        self._caches.pop("agreement", None)
        self.update()

    def _describe(self, pos: int) -> str:
        """Tooltip text for one event; a conflicting one says which dates its sources give."""
        text = super()._describe(pos)
        eid = str(self._index.ids[pos])
        if eid in self._conflict_ids:
            note = self._agreement_note
            text += "<br>" + (note(eid) if note is not None else "<b>≠ conflict</b>: a source gives another date")
        return text

    def is_marked_conflict(self, event_id: str) -> bool:
        """Whether the event carries the conflict mark."""
        return event_id in self._conflict_ids

    def _paint_agreement(self, p: QPainter, g: Geometry, frame: Frame) -> None:
        if not self._conflict_ids and not self._source_ticks:
            return
        idx = self._index
        key = (id(idx), id(self._conflict_ids), id(self._source_ticks))

        def positions() -> tuple[set[int], dict[int, list[tuple[float, float]]]]:
            conflicts = {q for q in map(idx.position, self._conflict_ids) if q is not None}
            ticks = {q: v for k, v in self._source_ticks.items() if (q := idx.position(k)) is not None}
            return conflicts, ticks

        conflicts, ticks = self._cached("agreement", key, positions)
        draw_agreement(p, g, frame, self._theme, self._label_font, conflicts, ticks)

    # ----- export -----------------------------------------------------------------------------
    def export_png(self, path: str | os.PathLike[str], scale: float = 2.0) -> bool:
        """Write the visible timeline (without the overview strip) as a PNG at `scale`× pixels."""
        return write_png(path, self.size(), scale, self._theme.base, self._paint_export)

    def export_svg(self, path: str | os.PathLike[str]) -> bool:
        """Write the visible timeline (without the overview strip) as SVG."""
        first, last = self.visible_range()
        return write_svg(path, self.size(), f"Events from {first} to {last}",
                         self._paint_export)

    def _paint_export(self, p: QPainter) -> None:
        """What an export shows: everything but the overview strip and the hover ring."""
        self._paint(p, overview=False, hover=None)
