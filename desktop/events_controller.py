"""Events in the desk: Ctrl+Alt+E from a selection, "Add as source of…", the events table dock."""

from __future__ import annotations

from PySide6.QtCore import Qt

from db import errors
from db.wording import shorten
from desktop.dialogs.event_editor import EventEditor
from desktop.dialogs.pick_event import PickEventDialog
from desktop.docks.events import EventsPanel
from desktop.workspace import Passage


class EventsController:
    """Creates events from passages and keeps the events table in step with the selection."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        self.panel = EventsPanel(win.ws)
        win.add_dock("events", "Events", self.panel, Qt.DockWidgetArea.BottomDockWidgetArea, tabify_with="annotations")
        win.docks["annotations"].raise_()
        sel = win.selection  # the table emits into the shared Selection and follows it
        self.panel.eventSelected.connect(sel.select_event)
        self.panel.eventActivated.connect(sel.activate_event)
        sel.event_selected.connect(self.panel.select)
        sel.event_activated.connect(self.open_event_source)
        sel.passage_dropped_on_event.connect(self.corroborate)
        self.editors: list[EventEditor] = []

    # --- hooks called by the window's actions ------------------------------------------------------
    def new_event(self) -> EventEditor | None:
        """Ctrl+Alt+E: open the event editor on the selection (or the selected annotation).

        Nothing is written until Save, which annotates a plain selection and creates the event as one step.
        """
        source = self._selection_source()
        if source is None:
            self.win.statusBar().showMessage("Select a passage (or an annotation) first.", 4000)
            return None
        if isinstance(source, Passage):
            quote = self.win.ws.article(source.article_id).text[source.start:source.end]
        else:
            quote = self.win.ws.annotation(source).exact
        return self.open_editor(title=shorten(quote, 200), source_ids=(source,))

    def add_source(self) -> None:
        """Ctrl+Alt+S: add the selected passage (or annotation) as a source of an existing event.

        A plain selection is annotated only once an event is chosen, in the same undo step.
        """
        view = self.win.current_view()
        span = view.selection_span() if view is not None and view.article is not None else None
        if span is not None and span[0] < span[1]:
            article_id, quote = view.article.id, view.article.text[span[0]:span[1]]
            same = next((a for a in view.annotations.values() if (a.start, a.end) == span), None)
            ann_id = same.id if same is not None else ""
        elif self.win.selection.annotation:
            ann = self.win.ws.annotation(self.win.selection.annotation)
            article_id, span, quote, ann_id = ann.article_id, (ann.start, ann.end), ann.exact, ann.id
        else:
            self.win.statusBar().showMessage("Select a passage (or an annotation) first.", 4000)
            return
        events = self.win.ws.events()
        if not events:
            self.win.statusBar().showMessage("There are no events yet; create one with Ctrl+Alt+E.", 4000)
            return
        chosen = PickEventDialog.get_event_id(events, self.win, quote=quote, annotation_id=ann_id)
        if chosen:
            self.corroborate(chosen, article_id, *span)

    def corroborate(self, event_id: str, article_id: str, start: int, end: int) -> None:
        """A passage dropped on an event: annotate it (unless it is one already) and add it as a
        source of the event, as one undo step."""
        try:
            ev = self.win.ws.event_record(event_id)
        except errors.ChronolineError:
            self.win.statusBar().showMessage("That event no longer exists.", 4000)
            return
        same = next((a for a in self.win.ws.annotations([article_id]) if (a.start, a.end) == (start, end)), None)
        if same is not None and same.id in ev.source_ids:
            self.win.statusBar().showMessage(f"That passage is already a source of “{ev.title}”.", 4000)
            return
        done = self.win.ws.add_source(event_id, Passage(article_id, start, end))
        if done is not None:
            changed, ann_id = done
            self.win.select_annotation(ann_id)
            self.win.statusBar().showMessage(f"“{changed.title}” now has {len(changed.source_ids)} sources.", 5000)

    def edit_event(self, event_id: str) -> None:
        """Open the editor on an existing event (after “Make event”)."""
        try:
            ev = self.win.ws.event_record(event_id)
        except errors.NotFound:
            return
        self.open_editor(event=ev)

    def open_editor(self, **kwargs: object) -> EventEditor:
        editor = EventEditor(self.win.ws, self.win, **kwargs)
        editor.saved.connect(self._saved)
        # the editor deletes itself when closed: forget it then, never ask a deleted one anything
        editor.finished.connect(lambda _r, e=editor: self._forget(e))
        editor.destroyed.connect(lambda _o=None, e=editor: self._forget(e))
        self.editors.append(editor)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def _forget(self, editor: EventEditor) -> None:
        self.editors = [e for e in self.editors if e is not editor]

    def _saved(self, event_id: str) -> None:
        self.win.docks["events"].show()
        self.win.selection.select_event(event_id)

    def _selection_source(self) -> str | Passage | None:
        """The selected text (its annotation when it is one, else a Passage), else the selected annotation."""
        view = self.win.current_view()
        span = view.selection_span() if view is not None else None
        if view is not None and view.article is not None and span and span[0] < span[1]:
            same = next((a for a in view.annotations.values() if (a.start, a.end) == span), None)
            return same.id if same is not None else Passage(view.article.id, *span)
        return self.win.selection.annotation

    # --- the shared selection ------------------------------------------------------------------
    def open_event_source(self, event_id: str) -> None:
        """An event activated anywhere (double-click, Enter): its first source passage selected,
        scrolled into view (its article opened when no pane shows it) and flashed."""
        try:
            ev = self.win.ws.event_by_id(event_id)
        except errors.NotFound:
            return  # not a stored event (a date suggestion on the timeline: desktop.suggestions_controller)
        if not ev.source_ids:
            self.win.statusBar().showMessage("This event has no source passage yet.", 4000)
            return
        self.win.select_annotation(ev.source_ids[0], reveal=True)
        self.win.selection.select_event(event_id)

    def set_event_range_filter(self, predicate) -> None:  # noqa: ANN001
        self.panel.set_range_filter(predicate)

