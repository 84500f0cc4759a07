"""Mouse, wheel, pinch, keyboard and tooltip handling for TimelineWidget (a mixin)."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, Qt
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from db.models import PartialDate
from desktop.passage_mime import passage_of
from desktop.timeline.items import PRECISIONS, describe
from desktop.timeline.scale import TimeScale, to_date

if TYPE_CHECKING:
    from desktop.timeline.widget import TimelineWidget

ZOOM_STEP = 1.5
WHEEL_NOTCH = 1.25
TOOLTIP_MS = 4000


class TimelineInput:
    """Interaction half of TimelineWidget; keeps no state but the drag in progress."""

    def _init_input(self: TimelineWidget) -> None:
        """Start with no drag."""
        self._press: tuple[QPointF, TimeScale, str, float] | None = None
        self._dragging = False
        self._ov: TimeScale | None = None
        self._window = None

    # ----- zoom and pan ------------------------------------------------------------------------
    def zoom(self: TimelineWidget, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in by `factor` (< 1 zooms out) around widget x `anchor_x` (default: centre)."""
        g = self._geometry()
        x = g.plot.width() / 2 if anchor_x is None else anchor_x - g.plot.left()
        self._fitted = True
        self._set_scale(self._scale.zoomed(factor, x))

    def pan(self: TimelineWidget, dx: float) -> None:
        """Move the content `dx` pixels right."""
        self._fitted = True
        self._set_scale(self._scale.panned(dx))

    def wheelEvent(self: TimelineWidget, event: QWheelEvent) -> None:
        """Vertical wheel zooms around the cursor; horizontal wheel or Shift+wheel pans."""
        d = event.angleDelta()
        dy, dx = d.y(), d.x()
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not dx:
            dx, dy = dy, 0
        if dy:
            self.zoom(WHEEL_NOTCH ** (dy / 120), event.position().x())
        elif dx:
            self.pan(dx / 120 * self._scale.width / 10)
        event.accept()

    def event(self: TimelineWidget, event: QEvent) -> bool:
        """Pinch gestures zoom around the fingers; tooltips describe the event under the mouse."""
        if event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent):
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.zoom(1.0 + event.value(), event.position().x())
                return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._tooltip(event)
            return True
        return QWidget.event(self, event)

    def _tooltip(self: TimelineWidget, event: QHelpEvent) -> None:
        """Describe the event under the pointer, only while this widget is on screen.

        A late tooltip event (the wake-up timer firing while the widget is being hidden or
        torn down) shows nothing; a shown tip expires by itself and goes with the widget.
        """
        pos = self._hit(QPointF(event.pos())) if self.isVisible() else None
        if pos is None:
            if QToolTip.isVisible():
                QToolTip.hideText()
            event.ignore()
            return
        QToolTip.showText(event.globalPos(), self._describe(pos), self, QRect(), TOOLTIP_MS)

    def hideEvent(self: TimelineWidget, event: QHideEvent) -> None:
        """Take our tooltip down with us, so it never outlives (or points at) a hidden widget."""
        if QToolTip.isVisible():
            QToolTip.hideText()
        QWidget.hideEvent(self, event)

    def _describe(self: TimelineWidget, pos: int) -> str:
        """Tooltip text for one event."""
        ix = self._index
        prec = PRECISIONS[ix.precision[pos]] if 0 <= ix.precision[pos] < 4 else "day"
        label = str(ix.date_labels[pos] or "")
        if not label:
            label = PartialDate(to_date(ix.start[pos]), to_date(ix.end[pos] - 1), prec).label()
        return describe(str(ix.titles[pos]), label, prec, str(ix.categories[pos] or "—"),
                        ix.sources[pos], bool(ix.suggested[pos]))

    # ----- mouse -------------------------------------------------------------------------------
    def mousePressEvent(self: TimelineWidget, event: QMouseEvent) -> None:
        """Remember where a drag or click starts; a press in the overview jumps there."""
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pt = event.position()
        g = self._geometry()
        area = "plot" if g.plot.contains(pt) else "overview" if g.overview.contains(pt) else ""
        centre = (self._scale.start + self._scale.end) / 2
        if area == "overview" and self._ov is not None:
            ov = self._ov
            if self._window is None or not self._window.contains(pt):
                centre = ov.t_of(pt.x() - g.overview.left())
                self._set_scale(self._scale.centered_on(centre))
            self._press = (pt, ov, area, centre)
        else:
            self._press = (pt, self._scale, area, centre)
        self._dragging = False
        event.accept()

    # ----- a passage dropped on an event: corroboration ---------------------------------------------
    def _drop_target(self: TimelineWidget, event: QDropEvent | QDragMoveEvent) -> str | None:
        """The stored event under a dragged passage (suggested items cannot take sources)."""
        if passage_of(event.mimeData()) is None:
            return None
        pos = self._hit(event.position())
        if pos is None or self._index.suggested[pos]:
            return None
        return str(self._index.ids[pos])

    def dragEnterEvent(self: TimelineWidget, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        """Take passages dragged from a reading pane; anything else is refused."""
        if passage_of(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self: TimelineWidget, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        """Over an event the drop is allowed and the event lights up; elsewhere it is not."""
        target = self._drop_target(event)
        hover = self._index.position(target) if target is not None else None
        if hover != self._hover:
            self._hover = hover
            self.update()
        if target is None:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dragLeaveEvent(self: TimelineWidget, event: QDragLeaveEvent) -> None:  # noqa: N802 - Qt override
        if self._hover is not None:
            self._hover = None
            self.update()
        event.accept()

    def dropEvent(self: TimelineWidget, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """A passage dropped on an event: `passageDropped(event id, article id, start, end)`."""
        target = self._drop_target(event)
        passage = passage_of(event.mimeData())
        self._hover = None
        self.update()
        if target is None or passage is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.passageDropped.emit(target, *passage)

    def mouseMoveEvent(self: TimelineWidget, event: QMouseEvent) -> None:
        """Drag pans the lanes or moves the overview window; hovering highlights events."""
        pt = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, scale, area, centre = self._press
            dx = pt.x() - start.x()
            if not self._dragging and abs(dx) + abs(pt.y() - start.y()) >= \
                    QApplication.startDragDistance():
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging and area == "plot":
                self._fitted = True
                self._set_scale(scale.panned(dx))
            elif self._dragging and area == "overview":
                self._set_scale(self._scale.centered_on(centre + dx * scale.span / scale.width))
            return
        hover = self._hit(pt)
        if hover != self._hover:
            self._hover = hover
            self.setCursor(Qt.CursorShape.PointingHandCursor if hover is not None
                           else Qt.CursorShape.ArrowCursor)
            self.update()

    def mouseReleaseEvent(self: TimelineWidget, event: QMouseEvent) -> None:
        """A click without drag selects (Ctrl toggles) and emits eventClicked."""
        press, dragging = self._press, self._dragging
        self._press, self._dragging = None, False
        self.unsetCursor()
        if press is None or dragging or press[2] != "plot" or \
                event.button() != Qt.MouseButton.LeftButton:
            return
        pos = self._hit(event.position())
        if pos is None:
            if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._apply_selection([], emit=True)
            return
        eid = str(self._index.ids[pos])
        ids = self.selected_ids()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            ids = [i for i in ids if i != eid] if eid in ids else [*ids, eid]
        else:
            ids = [eid]
        self._apply_selection(ids, emit=True)
        self._current = pos
        self.eventClicked.emit(eid)

    def mouseDoubleClickEvent(self: TimelineWidget, event: QMouseEvent) -> None:
        """Double-click on an event activates it (opens its source)."""
        pos = self._hit(event.position())
        if pos is not None:
            self._current = pos
            self.eventActivated.emit(str(self._index.ids[pos]))

    def leaveEvent(self: TimelineWidget, event: QEvent) -> None:
        """Drop the hover highlight."""
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    # ----- keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self: TimelineWidget, event: QKeyEvent) -> None:
        """+/− zoom, ←/→ pan, Home fits, Tab/Shift+Tab walk events, Enter activates, Esc clears."""
        key = event.key()
        K = Qt.Key
        forward = key == K.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        step = self._scale.width / (2 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                                    else 8)
        if key in (K.Key_Plus, K.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key in (K.Key_Minus, K.Key_Underscore):
            self.zoom(1 / ZOOM_STEP)
        elif key == K.Key_Left:
            self.pan(step)
        elif key == K.Key_Right:
            self.pan(-step)
        elif key == K.Key_Home:
            self.fit_all()
        elif key in (K.Key_Tab, K.Key_Backtab) and self._neighbour(forward) is not None:
            self.go_to_neighbour(forward)
        elif key in (K.Key_Return, K.Key_Enter) and self._current is not None:
            self.eventActivated.emit(str(self._index.ids[self._current]))
        elif key == K.Key_Escape and self._selected_ids:
            self._apply_selection([], emit=True)
        else:
            return super().keyPressEvent(event)
        event.accept()

    def focusNextPrevChild(self: TimelineWidget, forward: bool) -> bool:
        """Tab stays inside while there is another event to move to, then leaves the widget."""
        if self._neighbour(forward) is not None:
            return False
        return QWidget.focusNextPrevChild(self, forward)

    def _neighbour(self: TimelineWidget, forward: bool) -> int | None:
        """Sorted position of the next (or previous) event from the current one or the view."""
        n = len(self._index)
        if not n:
            return None
        if self._current is None:
            if forward:
                p = bisect_left(self._index.start, self._scale.start)
            else:
                p = bisect_left(self._index.start, self._scale.end) - 1
        else:
            p = self._current + (1 if forward else -1)
        return p if 0 <= p < n else None

    def go_to_neighbour(self: TimelineWidget, forward: bool = True) -> str | None:
        """Select the next (or previous) event and scroll it into view; returns its id."""
        p = self._neighbour(forward)
        if p is None:
            return None
        eid = str(self._index.ids[p])
        self._apply_selection([eid], emit=True)
        self._current = p
        self.scroll_to(eid)
        return eid

    def scroll_to(self: TimelineWidget, event_id: str) -> None:
        """Bring an event into view: centre it, or fit it when it is wider than the view."""
        p = self._index.position(event_id)
        if p is None:
            return
        a, b = self._index.start[p], self._index.end[p]
        s = self._scale
        self._fitted = True
        if b - a > s.span * 0.9:
            self._set_scale(TimeScale.fit(a, b, s.width, margin=0.08))
        elif a < s.start or b > s.end:
            self._set_scale(s.centered_on((a + b) / 2))

    def resizeEvent(self: TimelineWidget, event: QEvent) -> None:
        """Keep the visible period across resizes (the pixel width changes, not the range)."""
        self._geometry()
        super().resizeEvent(event)
