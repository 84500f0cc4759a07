"""The window follows each Changes: what it names is redrawn, what it does not name is left alone (offscreen)."""

from __future__ import annotations

from datetime import date

from db.models import PartialDate
from desktop.actions import Action
from tests.test_desk import annotate, span_of

TAGS, ARTICLE = 2, 3  # columns of the Annotations list
DAY = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")


def cell(win, annotation_id: str, column: int) -> str:  # noqa: ANN001
    m = win.annotations.model
    return m.index(m.row_of(annotation_id), column).data()


def counting(obj, name: str) -> list[int]:  # noqa: ANN001
    """Count the calls of obj.name from now on (the original still runs)."""
    calls: list[int] = []
    original = getattr(obj, name)

    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return original(*args, **kwargs)

    setattr(obj, name, wrapper)
    return calls


def test_a_note_edit_redraws_that_annotation_and_nothing_else(desk):
    pane = desk.panes.panes[0]
    a = annotate(desk, pane.view, *span_of(pane.article.text, "Pakistan"))
    library = counting(desk.ws, "articles")
    timeline = counting(desk.timeline_ctl, "reload")
    dates = counting(desk.suggestions_ctl, "refresh_views")
    desk.ws.edit_annotation(a.id, note="who said it")
    assert desk.annotations.model.rows[desk.annotations.model.row_of(a.id)].note == "who said it"
    assert next(m for m in pane.view.highlights.marks if m.key == a.id).tooltip == "who said it"
    assert (library, timeline, dates) == ([], [], []), "the library, timeline and date underlines were not named"


def test_renaming_a_tag_relabels_its_annotations_and_timeline_lanes_and_undo_brings_it_back(desk):
    pane = desk.panes.panes[0]
    text = pane.article.text
    a = annotate(desk, pane.view, *span_of(text, "Pakistan"))
    b = annotate(desk, pane.view, *span_of(text, "Azm-e-Istehkam"))
    desk.ws.edit_annotation(a.id, tags=["army"])
    desk.ws.create_event("Operation announced", DAY, sources=[a.id])
    desk.timeline_ctl.lanes.setCurrentIndex(2)  # lanes by tag
    assert "army" in desk.timeline_ctl._events["lanes"]
    army = next(t for t in desk.ws.tags() if t.name == "army")

    desk.ws.rename_tag(army.id, "Military")
    assert cell(desk, a.id, TAGS) == "Military" and cell(desk, b.id, TAGS) == ""
    assert "Military" in desk.timeline_ctl._events["lanes"] and "army" not in desk.timeline_ctl._events["lanes"]
    assert "Military" in desk.ws.tag_colors()
    desk.action(Action.UNDO).trigger()
    assert cell(desk, a.id, TAGS) == "army"
    assert "army" in desk.timeline_ctl._events["lanes"]


def test_editing_an_articles_title_updates_the_library_and_the_annotations_list(desk):
    pane = desk.panes.panes[0]
    art = pane.article
    a = annotate(desk, pane.view, *span_of(art.text, "Pakistan"))
    desk.ws.update_article(art.id, title="Operation renamed")
    assert next(r for r in desk.library.model.rows if r.id == art.id).title == "Operation renamed"
    assert cell(desk, a.id, ARTICLE) == "Operation renamed"



def test_the_library_counts_follow_annotating_deleting_and_undo_without_reading_every_article(desk):
    pane = desk.panes.panes[0]
    art = pane.article.id

    def shown() -> int:
        return next(r.annotation_count for r in desk.library.model.rows if r.id == art)

    def stored() -> int:
        return next(a.annotation_count for a in desk.ws.store.articles.all() if a.id == art)

    library = counting(desk.ws, "articles")
    a = annotate(desk, pane.view, *span_of(pane.article.text, "Pakistan"))
    annotate(desk, pane.view, *span_of(pane.article.text, "terrorism"))
    assert shown() == stored() == 2
    desk.select_annotation(a.id)
    desk.action(Action.DELETE_ANNOTATION).trigger()
    assert shown() == stored() == 1
    desk.action(Action.UNDO).trigger()
    assert shown() == stored() == 2
    assert library == []  # one article's count moved; the list was not read again
    count_cell = desk.library.model.index(desk.library.model.row_of(art), 2).data()
    assert count_cell == "2"


def test_rejecting_a_suggestion_reads_the_decisions_of_its_article_only(desk):
    sugg = desk.suggestions_ctl
    pane = desk.panes.panes[0]
    desk.panes.set_current(pane)  # the Dates dock decides for the current pane's article
    art = pane.article.id
    x = next(x for x in sugg.suggestions(art) if x.interval is not None)
    item = f"suggestion:{art}:{x.start}:{x.end}"
    assert any(i.id == item for i in desk.timeline_ctl.extra_items)
    others = len([i for i in desk.timeline_ctl.extra_items if not i.id.startswith(f"suggestion:{art}:")])
    read: list[str] = []
    real = desk.ws.suggestion_decisions
    desk.ws.suggestion_decisions = lambda aid: read.append(aid) or real(aid)
    sugg.reject(x)
    assert set(read) == {art}  # not every article's decisions again
    items = desk.timeline_ctl.extra_items
    assert all(i.id != item for i in items)
    assert len([i for i in items if not i.id.startswith(f"suggestion:{art}:")]) == others  # the rest kept


def test_a_new_tag_colours_its_annotation_without_repainting_every_mark(desk):
    from PySide6.QtGui import QColor

    first, second = desk.panes.panes[0], desk.panes.panes[1]
    a = annotate(desk, first.view, *span_of(first.article.text, "Pakistan"))
    b = annotate(desk, second.view, *span_of(second.article.text, "Pakistan"))
    rebuilt = [counting(p.view.highlights, "set") for p in (first, second)]
    desk.ws.edit_annotation(a.id, tags=["Brand new tag"])
    color = QColor(desk.ws.tag_colors()["Brand new tag"])
    assert next(m for m in first.view.highlights.marks if m.key == a.id).color == color
    desk.ws.edit_annotation(b.id, tags=["Brand new tag"])  # the other pane knows the new colour too
    assert next(m for m in second.view.highlights.marks if m.key == b.id).color == color
    assert rebuilt == [[], []]  # only the named marks were replaced
