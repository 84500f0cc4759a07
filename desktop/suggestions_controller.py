"""Date suggestions in the desk: underlines in the panes, a per-article list, one-click events.

Expressions come from `db.dates.extract`, resolved against each article's publication date. Accepted
and rejected suggestions are remembered in the store; rejected ones stay rejected. Suggestions not yet
decided are drawn faintly on the timeline in their own lane, so a first run is never empty.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
)

from db import dates, errors
from db.changes import Changes
from db.wording import shorten
from desktop.actions import Action, action
from desktop.dialogs.event_editor import editable_date_text
from desktop.first_paint import after_first_paint
from desktop.reader.view import Mark
from desktop.suggestions_panel import SuggestionsPanel
from desktop.timeline.items import TimelineItem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from db.dates import TemporalExpression


MAX_TEXT_FOR_ALL = 5_000_000  # above this much text, suggestions are computed for open articles only
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+|\n+")
PREFIX = "suggestion:"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding start..end (code points), trimmed of surrounding white space."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, end)
    hi = m.start() + (1 if m and text[m.start():m.start() + 1] in ".!?" else 0) if m else len(text)
    hi = max(hi, end)
    while lo < start and text[lo].isspace():
        lo += 1
    while hi > end and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


class SuggestionsController:
    """Computes, shows and acts on date suggestions."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        self.ws = win.ws
        self.cache: dict[str, list[TemporalExpression]] = {}
        self._suggested: dict[str, list[TimelineItem]] = {}  # article id → its items in the Suggested lane
        self.panel = SuggestionsPanel(self)
        win.add_dock("suggestions", "Dates", self.panel, Qt.DockWidgetArea.RightDockWidgetArea, tabify_with="notes")
        win.docks["notes"].raise_()
        declared = win.action_registry.declare(self)
        self.toggle = declared[Action.DATE_SUGGESTIONS]
        self.details = declared[Action.ARTICLE_DETAILS]
        win.ws.changed.connect(self._changed)
        win.selection.event_activated.connect(self.suggestion_activated)  # a suggested item on the timeline
        win.panes.currentChanged.connect(lambda _p: self._show_current())
        win.panes.paneAdded.connect(self._wire)
        for pane in win.panes.panes:
            self._wire(pane)
            self.article_opened(pane)
        # Reading every article's dates (and the extractor's first-use set-up) waits for the first paint.
        after_first_paint(win, self._first_fill)

    def _first_fill(self) -> None:
        """The Suggested lane, filled once the window is on screen; the first view shows the whole story."""
        self.update_timeline()
        if self.win.timeline_ctl is not None:
            self.win.timeline_ctl.timeline.fit_all()

    # --- computing -----------------------------------------------------------------------------
    def suggestions(self, article_id: str) -> list[TemporalExpression]:
        """Expressions of one article (cached until its publication date or text changes)."""
        if article_id not in self.cache:
            try:
                art = self.ws.article(article_id)
            except errors.ChronolineError:
                return []
            self.cache[article_id] = dates.extract(art.text, art.published) if art.published else []
        return self.cache[article_id]

    def update_timeline(self, only: Iterable[str] | None = None) -> None:
        """Undecided, datable suggestions become faint items in the timeline's own lane; `only` names the
        articles whose decisions changed (the others keep the items they had)."""
        rows = self.win.library.model.rows
        if sum(a.length for a in rows) > MAX_TEXT_FOR_ALL:
            ids = [p.article.id for p in self.win.panes.panes if p.article]
        else:
            ids = [a.id for a in rows]
        titles = {a.id: a.title for a in rows}
        stale = set(ids) if only is None else set(only)
        kept = self._suggested
        self._suggested = {aid: kept[aid] if aid in kept and aid not in stale else self._article_items(aid, titles)
                           for aid in ids}
        if self.win.timeline_ctl is not None:
            self.win.timeline_ctl.set_extra_items([i for aid in ids for i in self._suggested[aid]])

    def _article_items(self, aid: str, titles: dict[str, str]) -> list[TimelineItem]:
        """One article's undecided, datable suggestions as timeline items."""
        decisions = self.ws.suggestion_decisions(aid)
        text = None
        items: list[TimelineItem] = []
        for x in self.suggestions(aid):
            if x.interval is None or (x.start, x.end) in decisions:
                continue
            if text is None:
                text = self.ws.article(aid).text
            lo, hi = sentence_around(text, x.start, x.end)
            items.append(TimelineItem(
                id=f"{PREFIX}{aid}:{x.start}:{x.end}", title=shorten(text[lo:hi], 120), start=x.interval[0],
                end=x.interval[1], precision=x.precision if x.precision in ("day", "month", "year") else "span",
                lane="Suggested", category=f"Suggested from {titles.get(aid, '')}", source_count=0,
                suggested=True, date_label=f"{x.text} → {dates.expression_words(x)}"))
        return items

    # --- views ---------------------------------------------------------------------------------
    def article_opened(self, pane) -> None:  # noqa: ANN001
        if not self.win.isVisible():  # panes restored at start: their dates wait for the first paint
            after_first_paint(self.win, lambda p=pane: self.article_opened(p) if p.view.article else None)
            return
        self._underline(pane)
        if pane is self.win.panes.current:
            self._show_current()

    def _underline(self, pane) -> None:  # noqa: ANN001
        view = pane.view
        if view.article is None or not self.toggle.isChecked():
            view.date_layer.set([])
        else:
            to_qt = view.offsets.to_qt
            color = view.palette().link().color()
            view.date_layer.set([Mark(f"{x.start}:{x.end}", to_qt(x.start), to_qt(x.end), color,
                                      f"{x.text} → {dates.expression_words(x)}."
                                      + (" Click for “Make event”." if x.interval else ""))
                                 for x in self.suggestions(view.article.id)])
        view.refresh_selections()

    def _wire(self, pane) -> None:  # noqa: ANN001
        """Once per pane: "Make event" in its context menu and on a click on an underlined date."""
        view = pane.view
        view.contextMenuRequested.connect(lambda menu, v=view: self._context_menu(v, menu))
        view.viewport().installEventFilter(_ClickFilter(self, view))

    @action(Action.DATE_SUGGESTIONS, "Show &date suggestions", shortcut="Ctrl+Alt+D", checkable=True, checked=True)
    def _suggestions_toggled(self, _on: bool) -> None:
        self.refresh_views()

    def refresh_views(self) -> None:
        for pane in self.win.panes.panes:
            self._underline(pane)

    def _show_current(self) -> None:
        pane = self.win.panes.current
        art = pane.article if pane else None
        if art is None:
            self.panel.show_article(None, [], {})
            return
        self.panel.show_article(art.title, self.suggestions(art.id), self.ws.suggestion_decisions(art.id))

    def expression_at(self, view, pos_qt: int) -> TemporalExpression | None:  # noqa: ANN001
        if view.article is None:
            return None
        marks = view.date_layer.at(pos_qt)
        if not marks:
            return None
        start, end = (int(v) for v in marks[0].key.split(":"))
        return next((x for x in self.suggestions(view.article.id) if (x.start, x.end) == (start, end)), None)

    def _context_menu(self, view, menu) -> None:  # noqa: ANN001
        pos = view.cursorForPosition(view.viewport().mapFromGlobal(menu.pos())).position() if menu else -1
        x = self.expression_at(view, pos) if pos >= 0 else None
        if x is not None:
            act = menu.addAction(f"Make event from “{x.text}” ({dates.expression_words(x)})")
            act.setEnabled(x.interval is not None)
            act.triggered.connect(lambda: self.make_event(x, view.article.id))

    def _changed(self, cs: Changes) -> None:
        """Suggestions follow articles' texts and publication dates, and the decisions taken on them."""
        if cs.everything:
            self.cache.clear()
        for aid in cs.article_meta:
            self.cache.pop(aid, None)  # publication date may have changed
        if cs.everything or cs.article_meta:
            self.refresh_views()
        if cs.everything or cs.article_meta or cs.articles_added:
            self._show_current()
            self.update_timeline()
        elif cs.decisions:  # only those articles' suggested items change
            self._show_current()
            self.update_timeline(only=cs.decisions)

    # --- acting --------------------------------------------------------------------------------
    def reveal(self, x: TemporalExpression, flash: bool = True) -> None:
        pane = self.win.panes.current
        if pane is not None and x is not None:
            pane.view.reveal(x.start, x.end, flash=flash)

    def suggestion_activated(self, item_id: str) -> None:
        """Double-click on a suggested timeline item: open the article at the expression."""
        if not item_id.startswith(PREFIX):
            return
        aid, start, end = item_id[len(PREFIX):].rsplit(":", 2)
        pane = self.win.open_article(aid)
        if pane is not None:
            pane.view.reveal(int(start), int(end))

    def make_event(self, x: TemporalExpression, article_id: str | None = None):  # noqa: ANN201 - EventEditor | None
        """Open the event editor on the expression's sentence: title = the sentence, date = the date as the
        editor writes it (the expression beside it), source = the sentence.

        Nothing is written until Save, which annotates the sentence (unless it is one already), creates
        the event and accepts the suggestion, in one undo step.
        """
        article_id = article_id or (self.win.panes.current.article.id if self.win.panes.current else None)
        if article_id is None:
            return None
        when = dates.event_date(x)
        if when is None:
            kind = "a length of time" if dates.is_duration(x) else "not a calendar date"
            self.win.statusBar().showMessage(
                f"“{x.text}” ({dates.expression_words(x)}) is {kind}, not a date an event can have.", 5000)
            return None
        text = self.ws.article(article_id).text
        lo, hi = sentence_around(text, x.start, x.end)
        from desktop.workspace import Passage

        events = self.win.events_ctl
        if events is None:
            return None
        same = next((a for a in self.win.ws.annotations([article_id]) if (a.start, a.end) == (lo, hi)), None)
        return events.open_editor(
            title=shorten(text[lo:hi], 200), date_text=editable_date_text(when), date_from=x.text,
            source_ids=(same.id if same is not None else Passage(article_id, lo, hi),), decision=(article_id, x.start, x.end),
            expression=f"{article_id}:{x.start}:{x.end}:{x.value}")

    @action(Action.ARTICLE_DETAILS, "Article &details…", shortcut="Ctrl+I",
            tip="Edit the current article's title, source, author and publication date")
    def edit_details(self, fields: dict | None = None) -> None:
        """Edit the current article's metadata; a new publication date re-resolves its relative dates."""
        pane = self.win.panes.current
        if pane is None or pane.article is None:
            self.win.statusBar().showMessage("Open an article first.", 4000)
            return
        art = pane.article
        if fields is None:
            from db.importing import ImportedText
            from desktop.dialogs.import_dialog import ImportDialog

            dlg = ImportDialog(ImportedText(title=art.title, text=art.text, encoding=art.encoding,
                                            filename=art.filename or art.title, author=art.author,
                                            source=art.source, url=art.url, published=art.published), self.win)
            dlg.setWindowTitle("Article details")
            if art.published is not None:
                dlg.estimate.setChecked(art.published.estimate)
            if dlg.exec() != ImportDialog.DialogCode.Accepted:
                return
            fields = dlg.result_fields
        old = {(x.start, x.end): x for x in self.suggestions(art.id)}
        updated = self.win.ws.update_article(art.id, **fields)
        if updated is None:
            return
        pane.view.article = updated
        pane.show_header(updated)
        self.cache.pop(art.id, None)
        self.offer_event_updates(art.id, old)

    def offer_event_updates(self, article_id: str, old: dict, ask: bool = True) -> int:
        """Events made from relative dates of this article: offer to move them to the new resolution."""
        new = {(x.start, x.end): x for x in self.suggestions(article_id)}
        changes = []
        for (start, end), (decision, event_id) in self.ws.suggestion_decisions(article_id).items():
            if decision != "accepted" or not event_id or (start, end) not in new:
                continue
            before, after = old.get((start, end)), new[(start, end)]
            if before is not None and before.value != after.value:
                changes.append((event_id, after))
        if not changes:
            return 0
        if ask:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self.win, "Update events?",
                f"{len(changes)} event(s) were made from dates that depend on this article's publication date. "
                "Move them to the dates as now resolved?")
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        from dataclasses import replace

        for event_id, x in changes:
            when = dates.event_date(x)
            if when is None:
                continue
            when = replace(when, text=editable_date_text(when))
            self.win.ws.edit_event(event_id, date=when)
        return len(changes)

    def reject(self, x: TemporalExpression) -> None:
        aid = self.win.panes.current.article.id
        self.win.ws.decide_suggestion(aid, x.start, x.end, "rejected")

    def undecide(self, x: TemporalExpression) -> None:
        aid = self.win.panes.current.article.id
        self.win.ws.decide_suggestion(aid, x.start, x.end, None)


class _ClickFilter(QWidget):
    """A click on an underlined date (with no selection) offers “Make event” in one more click."""

    def __init__(self, ctl: SuggestionsController, view) -> None:  # noqa: ANN001
        super().__init__(view)
        self.ctl, self.view = ctl, view
        self.hide()

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
        if ev.type() == ev.Type.MouseButtonRelease and ev.button() == Qt.MouseButton.LeftButton:
            if self.view.textCursor().hasSelection() or not self.ctl.toggle.isChecked():
                return False
            pos = self.view.cursorForPosition(ev.position().toPoint()).position()
            x = self.ctl.expression_at(self.view, pos)
            if x is not None and not self.view.highlights.at(pos):
                from PySide6.QtWidgets import QMenu

                menu = QMenu(self.view)
                act = menu.addAction(f"Make event: {x.text} → {dates.expression_words(x)}")
                act.setEnabled(x.interval is not None)
                act.triggered.connect(lambda: self.ctl.make_event(x, self.view.article.id))
                menu.popup(ev.globalPosition().toPoint())
        return False

