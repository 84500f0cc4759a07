"""Annotating a selection (Ctrl+Alt+M, digit quick-tags): one annotation per identical span, never a duplicate."""

from __future__ import annotations

from db.models import Annotation


def same_span(win, article_id: str, start: int, end: int) -> Annotation | None:  # noqa: ANN001
    """The annotation covering exactly start..end of an article (where it is painted), if any."""
    pane = win.panes.pane_for(article_id)
    if pane is not None:  # the painted marks at that place (a lookup, not a pass over every annotation)
        view = pane.view
        qs, qe = view.offsets.to_qt(start), view.offsets.to_qt(end)
        keys = [m.key for m in view.highlights.overlapping(qs, qe) if (m.start, m.end) == (qs, qe)]
        placed = [view.annotations[k] for k in keys if k in view.annotations]
    else:
        placed = win.ws.annotations([article_id])
    return next((a for a in placed if (a.start, a.end) == (start, end) and a.status != "orphan"), None)


def _selection(win):  # noqa: ANN001, ANN202
    """(view, span) of the current pane's non-empty selection, else (view, None)."""
    view = win.current_view()
    span = view.selection_span() if view is not None and view.article is not None else None
    if span is None or span[0] == span[1]:
        return view, None
    return view, span


def annotate_selection(win) -> Annotation | None:  # noqa: ANN001
    """Annotate the selection, or select its existing annotation; then put the cursor in the note."""
    view, span = _selection(win)
    if span is None:
        win.statusBar().showMessage("Select a passage in an article first.", 4000)
        return None
    ann = same_span(win, view.article.id, *span)
    if ann is not None:
        win.statusBar().showMessage("This passage is already annotated: its annotation is selected.", 5000)
    else:
        ann = win.ws.add_annotation(view.article.id, *span)
    if ann is not None:
        win.select_annotation(ann.id)
        win.docks["notes"].show()
        win.docks["notes"].raise_()
        win.editor.focus_note()
    return ann


def tag_selection(win, n: int) -> Annotation | None:  # noqa: ANN001
    """Digits 1–9 with a selection: tag it with the n-th most recent tag (the existing annotation when
    the passage is already annotated, else a new one)."""
    view, span = _selection(win)
    if span is None:
        return None
    recent = win.ws.recent_tags(9)
    if n > len(recent):
        win.statusBar().showMessage(f"There is no recent tag {n} yet.", 3000)
        return None
    name = recent[n - 1].name
    ann = same_span(win, view.article.id, *span)
    if ann is None:
        ann = win.ws.add_annotation(view.article.id, *span, tags=[name])
        message = f"Tagged “{name}”."
    elif name in ann.tags:
        message = f"This passage is already annotated and tagged “{name}”: its annotation is selected."
    else:
        ann = win.ws.edit_annotation(ann.id, tags=[*ann.tags, name])
        message = f"Tagged “{name}”: added to the passage's existing annotation."
    if ann is not None:
        win.select_annotation(ann.id)
        win.statusBar().showMessage(message, 4000)
    return ann
