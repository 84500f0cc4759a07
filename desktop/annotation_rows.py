"""The Annotations list kept current row by row when a change names only a few annotations."""

from __future__ import annotations

import typing

from db import errors
from db.changes import Changes
from db.models import Annotation

if typing.TYPE_CHECKING:
    from desktop.mainwindow import MainWindow

FEW = 50  # more than this many named annotations: the list is read again


def update_annotation_rows(win: MainWindow, cs: Changes) -> bool:
    """Put the annotations `cs` names into the Annotations list (new, edited or gone).

    Their "Event date" cells are read again when events changed. False, with nothing done, when
    the change names too many annotations (the list is read again then).
    """
    ids = set(cs.annotations | cs.event_dates)
    if len(ids) > FEW:
        return False
    if not ids:
        return True
    panel = win.annotations
    if cs.events or cs.event_dates:
        _event_dates(win, ids)
    found: list[Annotation] = []
    if panel.all_articles.isChecked():
        for i in ids:
            try:
                found.append(win.ws.annotation(i))
            except errors.NotFound:
                continue
    else:
        for article_id in dict.fromkeys(p.article.id for p in win.panes.panes if p.article):
            found += win.ws.annotations_named(article_id, ids)
    kept = {a.id for a in found}
    if not panel.model.update_records(found, [i for i in ids if i not in kept]):
        return False
    panel.select(win.selection.annotation)
    return True


def _event_dates(win: MainWindow, ids: set[str]) -> None:
    """The "Event date" cells of these annotations, read again (their events were edited or undone)."""
    by_ann = win.ws.events_by_annotation()
    wanted = {e for i in ids for e in by_ann.get(i, ())}
    events = {e.id: e for e in win.ws.events_by_id(sorted(wanted))} if wanted else {}
    dates = win.annotations.model.event_dates
    for i in ids:
        label = "; ".join(events[e].date.label() for e in by_ann.get(i, ()) if e in events)
        if label:
            dates[i] = label
        else:
            dates.pop(i, None)
