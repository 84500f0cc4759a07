"""Which pane shows an article opened from a search hit or a timeline event — predictably, and said.

The rule: the pane already showing the article; else the current pane when it is empty; else
another empty pane; else a new pane (up to four side by side); else the current pane, whose
article is replaced. The status bar says which happened.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from db import errors
from db.store_events import SearchHit
from db.wording import shorten
from desktop.reader.pane import MAX_PANES


def _name(win, pane) -> str:  # noqa: ANN001
    return "the pane" if len(win.panes.panes) == 1 else f"pane {win.panes.panes.index(pane) + 1}"


def show_article(win, article_id: str):  # noqa: ANN001, ANN201 - (ReadingPane | None, message)
    """Show an article in the pane the rule picks; returns the pane and a sentence saying where."""
    panes = win.panes
    existing = panes.pane_for(article_id)
    if existing is not None:
        panes.set_current(existing)
        return existing, f"Already open in {_name(win, existing)}"
    current = panes.current
    empty = next((p for p in ([current] if current else []) + panes.panes if p.article is None), None)
    replaced = ""
    if empty is not None:
        pane, where = empty, None
    elif len(panes.panes) < MAX_PANES:
        pane, where = panes.add_pane(), "a new pane"
    else:
        pane, where = current or panes.panes[-1], None
        replaced = pane.article.title if pane.article else ""
    pane = win.open_article(article_id, pane=pane)
    if pane is None:
        return None, ""
    title = pane.article.title
    if where is None:
        where = _name(win, pane)
    message = f"Opened “{shorten(title, 48, one_line=False)}” in {where}"
    if replaced:
        message += f" (all {MAX_PANES} panes were in use; it replaces “{shorten(replaced, 48, one_line=False)}”)"
    return pane, message


def open_search_hit(win, hit: SearchHit, spans: list[tuple[int, int]]) -> None:  # noqa: ANN001
    """Open a search hit: its article in a predictable pane, scrolled to the hit, every hit marked."""
    group = win.search.group(hit.article_id)
    if group is not None and len(spans) < group.text_count:  # not all listed: find them all in this article
        try:
            spans = win.ws.search_spans(win.search.query, hit.article_id) or spans
        except errors.ChronolineError:
            pass
    pane, message = show_article(win, hit.article_id)
    if pane is None:
        return
    if hit.kind != "article":
        win.select_annotation(hit.annotation_id, reveal=True)
        win.statusBar().showMessage(f"{message}; the annotation is selected.", 8000)
        return
    pane.find_bar.hide()
    if hit.end > hit.start:
        pane.view.show_matches(spans, (hit.start, hit.end))
        pane.view.reveal(hit.start, hit.end)
        n = spans.index((hit.start, hit.end)) + 1 if (hit.start, hit.end) in spans else 1
        message += f"; match {n:,} of {len(spans):,} is outlined (Esc in the text clears the marks)."
    win.statusBar().showMessage(message, 8000)



def show_passage(win, annotation_id: str) -> str:  # noqa: ANN001
    """Scroll an annotation's passage into view (opening its article predictably when no pane shows it);
    returns what was opened, or "" when its article was already on screen."""
    try:
        ann = win.ws.annotation(annotation_id)
    except errors.ChronolineError:
        return ""
    pane = win.panes.pane_for(ann.article_id)
    message = ""
    if pane is None:
        pane, message = show_article(win, ann.article_id)
        if pane is None:
            return ""
    start, end = win.ws.found_at(ann.id) or (ann.start, ann.end)
    if not in_view(pane.view, start, end):
        pane.view.reveal(start, end)
    return message


def in_view(view, start: int, end: int) -> bool:  # noqa: ANN001 - ArticleView
    """Whether code points start..end are wholly on screen in a view."""
    area = view.viewport().rect()
    for pos in (start, max(start, end - 1)):
        c = QTextCursor(view.document())
        c.setPosition(view.offsets.to_qt(pos))
        if not area.contains(view.cursorRect(c)):
            return False
    return True
