"""Puts the timeline under the panes and links it both ways with the text and the tables."""

from __future__ import annotations

import gc
from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from itertools import compress, repeat
from operator import and_, le, lt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db import errors
from db.changes import Changes
from db.models import CATEGORIES, Annotation, Event
from db.wording import count
from desktop.actions import Action, action
from desktop.open_in_pane import show_passage
from desktop.timeline.index_update import IndexRow
from desktop.timeline.items import PRECISIONS, TimelineItem
from desktop.timeline.widget import TimelineWidget

LANE_MODES = ("Category", "Article", "Tag")
COLUMNS = ("ids", "start", "end", "lane", "titles", "precision", "sources", "categories", "date_labels")
INCREMENTAL_LIMIT = 200  # more changed events than this: one full reload is quicker


class TimelineController:
    """Owns the timeline dock: lanes, brushing, selection sharing, exports."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        self.timeline = TimelineWidget()
        self.timeline.setMinimumHeight(170)
        self.extra_items: list[TimelineItem] = []  # suggested events from the suggestions extension
        self._events: dict[str, list] | None = None  # the stored events as the widget's columns
        self.lanes = QComboBox()
        self.lanes.addItems([f"Lanes by {m.lower()}" for m in LANE_MODES])
        self.lanes.currentIndexChanged.connect(lambda _i: self.reload())
        self.brush = QCheckBox("Filter tables to visible range")
        self.brush.setToolTip("Limit the annotations and events tables to what happens in the visible period")
        self.brush.toggled.connect(lambda _on: self._apply_brush())
        fit = QToolButton(text="Fit all", toolTip="Show every event (Home)", autoRaise=True)
        fit.clicked.connect(self.timeline.fit_all)
        self.range_label = QLabel("")
        self.range_label.setEnabled(False)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 0)
        for w in (self.lanes, self.brush, fit):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.range_label)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.timeline, 1)
        self.dock = win.add_dock("timeline", "Timeline", box, Qt.DockWidgetArea.BottomDockWidgetArea)

        sel = win.selection  # the timeline emits into the shared Selection and follows it
        self.timeline.eventClicked.connect(self.event_clicked)
        self.timeline.eventActivated.connect(sel.activate_event)
        self.timeline.passageDropped.connect(sel.drop_passage_on_event)
        sel.event_selected.connect(self.event_selected)
        sel.annotation_selected.connect(self.annotation_selected)
        self.timeline.rangeChanged.connect(lambda _a, _b: self._range_changed())
        win.ws.changed.connect(self._changed)
        win.action_registry.declare(self)
        self.reload()

    # --- actions (placed by desktop.actions.MENUS) ------------------------------------------------
    @action(Action.EXPORT_TIMELINE_PNG, "Export visible timeline as &PNG…")
    def _export_png(self) -> None:
        self.export_image("png")

    @action(Action.EXPORT_TIMELINE_SVG, "Export visible timeline as &SVG…")
    def _export_svg(self) -> None:
        self.export_image("svg")

    @action(Action.FOCUS_TIMELINE, "Focus &timeline", shortcut="Ctrl+Alt+L")
    def _focus(self) -> None:
        from desktop.layout import reveal_dock

        reveal_dock(self.win, "timeline", self.timeline)

    def export_image(self, kind: str, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.win, f"Export timeline as {kind.upper()}",
                                                  f"chronoline-timeline.{kind}", f"{kind.upper()} (*.{kind})")
            if not path:
                return False
        ok = self.timeline.export_png(path) if kind == "png" else self.timeline.export_svg(path)
        if not ok:
            self.win.show_error(f"The timeline could not be written to {path}. Choose another folder.")
        else:
            self.win.statusBar().showMessage(f"Timeline exported to {path}.", 5000)
        return bool(ok)

    @action(Action.EXPORT_TIMELINEJS, "Export events for &TimelineJS…")
    def export_timelinejs(self, path: str | None = None) -> int | None:
        from db.timelinejs import export_timelinejs

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.win, "Export for TimelineJS", "chronoline-timeline.json",
                                                  "JSON (*.json)")
            if not path:
                return None
        try:
            n = self.win.ws.export_to(export_timelinejs, path)
        except errors.ChronolineError as exc:
            self.win.show_error(str(exc))
            return None
        self.win.statusBar().showMessage(f"{count(n, 'event')} written to {path}.", 5000)
        return n

    # --- data ----------------------------------------------------------------------------------
    def _changed(self, cs: Changes) -> None:
        """Move the events a change names; lanes by article or tag follow titles and source passages' tags too."""
        mode = self.lane_mode
        lanes = (mode == "Tag" and (cs.tags or cs.annotations_updated)) or (mode == "Article" and cs.article_meta)
        if cs.everything or lanes:
            self.reload()
        elif cs.events:
            self.update_events(cs.events)

    def update_events(self, ids: Iterable[str]) -> None:
        """Re-read just these events and move them into place (bisection in the widget's index), not
        the whole database."""
        ids = sorted(ids)
        ev = self._events
        if ev is None or len(ids) > INCREMENTAL_LIMIT:
            self.reload()
            return
        rows = self.win.ws.timeline_rows_of(ids, with_first_source=self.lane_mode != "Category")
        keys = self._lane_keys([r[5] for r in rows], [r[8] for r in rows], [r[9] for r in rows])
        lane_of = {name: i for i, name in enumerate(ev["lanes"])}
        if any(k not in lane_of for k in keys):
            self.reload()  # a new lane: the lanes are laid out again
            return
        for eid in ids:
            try:
                i = ev["ids"].index(eid)
            except ValueError:
                continue
            for name in COLUMNS:
                del ev[name][i]
        code = {p: i for i, p in enumerate(PRECISIONS)}
        added = []
        for r, key in zip(rows, keys, strict=True):
            start, end = _days(r[2]), _days(r[3]) + 1
            values = {"ids": r[0], "start": start, "end": end, "lane": lane_of[key], "titles": r[1],
                      "precision": code.get(r[4], 0), "sources": r[7], "categories": r[5], "date_labels": r[6]}
            for name in COLUMNS:  # the columns are in storage order: the widget's index sorts
                ev[name].append(values[name])
            added.append(IndexRow(r[0], float(start), float(end), lane_of[key], r[1], values["precision"], r[7],
                                  False, r[5], r[6]))
        self.timeline.update_events(ids, added)
        self._apply_brush()

    def _lane_keys(self, cats: list[str], arts: list[str | None], tags: list[str | None]) -> list[str]:
        """The lane name of each event in the current lane mode."""
        mode = self.lane_mode
        if mode == "Category":
            return cats
        if mode == "Article":
            titles = {a.id: a.title for a in self.win.library.model.rows}
            return [titles.get(a, "Unknown article") if a else "No source" for a in arts]
        return [t or ("Untagged" if a else "No source") for t, a in zip(tags, arts, strict=True)]

    @property
    def lane_mode(self) -> str:
        return LANE_MODES[self.lanes.currentIndex()]

    def reload(self) -> None:
        """Load every event from the database, then show it with the suggestions (fast array path)."""
        gc_was_on = gc.isenabled()
        gc.disable()  # a million new objects, none cyclic: collections half-way only cost time
        try:
            self._reload()
        finally:
            if gc_was_on:
                gc.enable()

    def _reload(self) -> None:
        mode = self.lane_mode
        cols = self.win.ws.timeline_columns(with_first_source=mode != "Category")
        lanes = list(CATEGORIES) if mode == "Category" else []  # then the others in use, by name
        keys = self._lane_keys(cols["categories"], cols["first_articles"], cols["first_tags"])
        lane_index = {name: i for i, name in enumerate(lanes)}
        new = sorted(set(keys) - lane_index.keys()) if mode == "Category" else dict.fromkeys(keys)
        for key in new:  # lanes by article/tag in the order met
            if key not in lane_index:
                lane_index[key] = len(lanes)
                lanes.append(key)
        self._events = {
            "ids": cols["ids"], "start": cols["start"], "end": cols["end"],
            "lane": array("i", map(lane_index.__getitem__, keys)), "titles": cols["titles"],
            "precision": cols["precision"], "sources": cols["sources"], "categories": cols["categories"],
            "date_labels": cols["date_labels"], "lanes": lanes,
        }
        self._push()

    def set_extra_items(self, items: list[TimelineItem]) -> None:
        """Replace the suggested items; the events already loaded are reused, not read again."""
        self.extra_items = items
        if self._events is None:
            self.reload()
        else:
            self._push()

    def _push(self) -> None:
        """Hand the loaded events plus the suggested items to the widget (its index sorts them)."""
        ev = self._events
        code = {p: i for i, p in enumerate(PRECISIONS)}
        extra = self.extra_items

        def plus(column: Sequence, values: list) -> Sequence:
            """The column followed by the suggested items' values."""
            return [*column, *values] if values else column

        n = len(ev["ids"])
        self.timeline.set_arrays(
            plus(ev["ids"], [it.id for it in extra]),
            plus(ev["start"], [it.start.toordinal() - EPOCH for it in extra]),
            plus(ev["end"], [it.end.toordinal() - EPOCH + 1 for it in extra]),
            plus(ev["lane"], [0] * len(extra)), ev["lanes"] or ["Events"],
            titles=plus(ev["titles"], [it.title for it in extra]),
            precision=plus(ev["precision"], [code.get(it.precision, 0) for it in extra]),
            sources=plus(ev["sources"], [it.source_count for it in extra]),
            suggested=[False] * n + [True] * len(extra) if extra else None,
            categories=plus(ev["categories"], [it.category for it in extra]),
            date_labels=plus(ev["date_labels"], [it.date_label for it in extra]))
        self._apply_brush()

    # --- selection -------------------------------------------------------------------------------
    def event_clicked(self, event_id: str) -> None:
        """A click on an event: its first source passage scrolled into view (in the pane showing its
        article, else one opened predictably) and outlined with the event's other sources."""
        ev = self._event(event_id)
        message = show_passage(self.win, ev.source_ids[0]) if ev is not None and ev.source_ids else ""
        self.win.selection.select_event(event_id)
        if message and ev is not None:
            self.win.statusBar().showMessage(f"{ev.title} — {ev.date.label()}: {message[0].lower()}{message[1:]}.", 8000)

    def event_selected(self, event_id: str | None) -> None:
        """An event selected in any view (the Selection): selected here too, and described in the status bar."""
        self.timeline.set_selected([event_id] if event_id else [])
        ev = self._event(event_id) if event_id else None
        if ev:
            self.win.statusBar().showMessage(f"{ev.title} — {ev.date.label()} · {count(len(ev.source_ids), 'source')}",
                                             6000)

    def annotation_selected(self, annotation_id: str | None) -> None:
        """A selected annotation highlights the events it is a source of."""
        if annotation_id is None:
            return
        self.timeline.set_selected(self.win.ws.events_by_annotation().get(annotation_id, []))

    def _event(self, event_id: str) -> Event | None:
        if event_id.startswith("suggestion:"):
            return None
        try:
            return self.win.ws.event_by_id(event_id)
        except errors.NotFound:
            return None

    # --- brushing --------------------------------------------------------------------------------
    def _range_changed(self) -> None:
        first, last = self.timeline.visible_range()
        self.range_label.setText(f"{first:%d %b %Y} – {last:%d %b %Y}")
        if self.brush.isChecked():
            self._apply_brush()

    def _apply_brush(self) -> None:
        if not self.brush.isChecked():
            self.win.annotations.set_range_filter(None)
            if self.win.events_ctl is not None:
                self.win.events_ctl.set_event_range_filter(None)
            return
        first, last = self.timeline.visible_range()
        lo, hi = first.toordinal() - EPOCH, last.toordinal() - EPOCH  # the columns' days; end exclusive
        ev = self._events or {"ids": [], "start": [], "end": []}
        in_range = set(compress(ev["ids"], map(and_, map(le, ev["start"], repeat(hi)), map(lt, repeat(lo), ev["end"]))))
        by_ann: dict[str, list[str]] = self.win.ws.events_by_annotation()
        published = {a.id: a.published for a in self.win.library.model.rows}

        def accept(a: Annotation) -> bool:
            evs = by_ann.get(a.id)
            if evs:
                return any(e in in_range for e in evs)
            p = published.get(a.article_id)
            return p is not None and p.start <= last and p.end >= first

        self.win.annotations.set_range_filter(accept)
        if self.win.events_ctl is not None:
            self.win.events_ctl.set_event_range_filter(lambda e: e.id in in_range)


EPOCH = date(1970, 1, 1).toordinal()


@lru_cache(maxsize=65536)
def _days(iso: str) -> int:
    """Days since 1970-01-01 of an ISO date (cached: events share dates)."""
    return date.fromisoformat(iso).toordinal() - EPOCH
