"""Selection: what the analyst has picked, shared by the reading panes, the tables and the timeline.

Views never call each other to keep in step. A view the analyst clicks calls one method here;
every view (the one that was clicked included) listens to the signal and shows the new state
without emitting anything itself (tables block their signals while they re-select a row). As a
second guard, a view that echoes the value back while the signal is being delivered is ignored,
so selection sync cannot loop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance


class Selection(QObject):
    """The one owner of the selected annotation and event (`win.selection`)."""

    annotation_selected = Signal(object)  # str | None: the selected annotation's id
    event_selected = Signal(object)  # str | None: the selected event's id
    event_activated = Signal(str)  # double-click or Enter on an event: open its source
    passage_dropped_on_event = Signal(str, str, int, int)  # event id; the passage's article id, start, end

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._annotation: str | None = None
        self._event: str | None = None
        self._delivering: set[str] = set()  # the signals being delivered now

    @property
    def annotation(self) -> str | None:
        """The selected annotation's id, or None."""
        return self._annotation

    @property
    def event(self) -> str | None:
        """The selected event's id, or None."""
        return self._event

    def select_annotation(self, annotation_id: str | None) -> bool:
        """Select an annotation (None: none) and tell every view; False for an echo, ignored."""
        annotation_id = annotation_id or None
        if "annotation" in self._delivering and annotation_id == self._annotation:
            return False
        self._annotation = annotation_id
        self._deliver("annotation", self.annotation_selected, annotation_id)
        return True

    def select_event(self, event_id: str | None) -> bool:
        """Select an event (None: none) and tell every view; False for an echo, ignored."""
        event_id = event_id or None
        if "event" in self._delivering and event_id == self._event:
            return False
        self._event = event_id
        self._deliver("event", self.event_selected, event_id)
        return True

    def _deliver(self, kind: str, signal: SignalInstance, value: str | None) -> None:
        nested = kind in self._delivering
        self._delivering.add(kind)
        try:
            signal.emit(value)
        finally:
            if not nested:
                self._delivering.discard(kind)

    def activate_event(self, event_id: str) -> None:
        """An event double-clicked (or Enter pressed on it) in any view."""
        self.event_activated.emit(event_id)

    def drop_passage_on_event(self, event_id: str, article_id: str, start: int, end: int) -> None:
        """A passage of an article (code points start..end) dropped on an event in any view."""
        self.passage_dropped_on_event.emit(event_id, article_id, start, end)
