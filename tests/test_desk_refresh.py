"""After a change the desk repaints only what it names, and a repaint never writes (real widgets, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.actions import Action
from tests.test_desk import annotate, drawn_ranges, span_of, table_ids, u16


def painted(view) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    return {m.key: (m.start, m.end) for m in view.highlights.marks}


def expected(win, article_id: str, text: str) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    """What a full repaint from the database would show (UTF-16 positions)."""
    return {a.id: (u16(text, a.start), u16(text, a.end)) for a in win.ws.store.annotations.of([article_id])}


def test_two_panes_on_one_article_and_the_list_follow_create_edit_delete_and_undo(desk):
    first, second = desk.panes.panes[0], desk.panes.add_pane()
    article = first.article
    desk.open_article(article.id, pane=second)
    text = article.text
    spans = [span_of(text, w) for w in ("Azm-e-Istehkam", "Pakistan", "operation")]
    made = [annotate(desk, first.view, s, e) for s, e in spans]
    for pane in (first, second):
        assert painted(pane.view) == expected(desk, article.id, text)
    assert set(table_ids(desk)) >= {a.id for a in made}

    desk.select_annotation(made[1].id)
    desk.ws.edit_annotation(made[1].id, note="who said it")
    mark = next(m for m in second.view.highlights.marks if m.key == made[1].id)
    assert mark.tooltip == "who said it"
    row = desk.annotations.model.rows[desk.annotations.model.row_of(made[1].id)]
    assert row.note == "who said it"

    desk.ws.delete_annotation(made[0].id)
    for pane in (first, second):
        assert made[0].id not in painted(pane.view)
        assert (u16(text, spans[0][0]), u16(text, spans[0][1])) not in drawn_ranges(pane.view)
    assert made[0].id not in table_ids(desk)

    desk.action(Action.UNDO).trigger()
    for pane in (first, second):
        assert painted(pane.view) == expected(desk, article.id, text)
    assert made[0].id in table_ids(desk)


def test_the_list_of_all_articles_follows_a_new_annotation(desk):
    pane = desk.panes.panes[0]
    text = pane.article.text
    annotate(desk, pane.view, *span_of(text, "Pakistan"))
    desk.annotations.all_articles.setChecked(True)
    new = annotate(desk, pane.view, *span_of(text, "Azm-e-Istehkam"))
    assert new.id in table_ids(desk)
    assert desk.annotations.table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == new.id


def test_a_repaint_paints_a_drifted_annotation_where_it_is_but_writes_nothing(desk):
    pane = desk.panes.panes[0]
    article = pane.article
    text = article.text
    annotate(desk, pane.view, *span_of(text, "Azm-e-Istehkam"))
    start, end = span_of(text, "Pakistan")
    quote = text[start:start + 30]
    desk.ws.store.annotations.add_many([{"id": "drift", "article_id": article.id, "start": start + 4, "end": start + 34,
                                 "exact": quote, "prefix": text[max(0, start - 32):start],
                                 "suffix": text[start + 30:start + 62]}])
    desk.ws.refresh()  # another window wrote: every view reloads
    assert painted(pane.view)["drift"] == (u16(text, start), u16(text, start + 30))
    assert desk.ws.store.annotations.get("drift").start == start + 4  # the repaint stored nothing
    assert desk.ws.undo_stack.count() == 1

    desk.open_article(desk.ws.store.articles.all()[-1].id, pane=pane)
    desk.open_article(article.id, pane=pane)  # opening is when moved anchors are stored
    stored = desk.ws.store.annotations.get("drift")
    assert (stored.start, stored.end, stored.status) == (start, start + 30, "exact")
    assert desk.ws.undo_stack.count() == 1  # housekeeping, not an undo step
