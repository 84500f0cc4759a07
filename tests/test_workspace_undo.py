"""Compound desk actions are one undo step each; undo restores the database exactly, redo the result.

No widgets: a Workspace over an in-memory Store, driven through its operations and its undo/redo.
"""

from __future__ import annotations

from datetime import date

import pytest

from db.changes import Changes
from db.models import PartialDate
from db.store import Store
from desktop.workspace import Passage, Workspace

DAY = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")


def content(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table but the full-text index internals (whose own check runs too)."""
    names = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for fts in ("annotations_fts", "articles_fts"):
        store.conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
    return {n: sorted(tuple(r) for r in store.conn.execute(f"SELECT * FROM {n}")) for n in names}  # noqa: S608


@pytest.fixture
def ws(qapp):
    store = Store(":memory:", seed=True)
    w = Workspace(store)
    seen: list[Changes] = []
    w.changed.connect(seen.append)
    w.seen = seen
    yield w
    w.undo_stack.clear()
    store.close()


def article(ws: Workspace, n: int = 0):
    return ws.store.articles.get(ws.store.articles.all()[n].id)


def round_trip(ws: Workspace, action) -> tuple[dict, dict]:  # noqa: ANN001
    """Run one action: check it is one step, undo restores every row, redo restores the result."""
    before = content(ws.store)
    steps = ws.undo_stack.count()
    result = action()
    assert result is not None
    after = content(ws.store)
    assert after != before
    assert ws.undo_stack.count() == steps + 1, "one undo step"
    ws.undo()
    assert content(ws.store) == before
    ws.redo()
    assert content(ws.store) == after
    ws.undo()
    assert content(ws.store) == before
    ws.redo()
    return before, after


def test_make_event_is_one_step_and_undo_resets_the_suggestion_decision(ws):
    art = article(ws)
    decision = (art.id, 5, 9)

    def make():
        return ws.create_event("Talks fail", DAY, sources=[Passage(art.id, 0, 40)], decision=decision,
                               expression=f"{art.id}:5:9:2024")

    round_trip(ws, make)
    ev = ws.store.events.all()[0]
    (aid,) = ev.source_ids
    assert ws.store.annotations.get(aid).exact == art.text[0:40]
    assert ws.store.decisions.of_article(art.id) == {(5, 9): ("accepted", ev.id)}
    ws.undo()
    assert ws.store.events.count() == 0 and ws.store.annotations.count() == 0
    assert ws.store.decisions.of_article(art.id) == {}, "undecided again, not pointing at a deleted event"
    ws.redo()
    assert ws.store.decisions.of_article(art.id) == {(5, 9): ("accepted", ev.id)}
    assert ws.store.events.get(ev.id).source_ids == (aid,)


def test_creating_an_event_reuses_the_annotation_of_the_same_passage(ws):
    art = article(ws)
    ann = ws.add_annotation(art.id, 0, 40)
    ev = round_trip(ws, lambda: ws.create_event("X", DAY, sources=[Passage(art.id, 0, 40)]))
    assert ev and ws.store.annotations.count() == 1
    assert ws.store.events.all()[0].source_ids == (ann.id,)


def test_add_as_source_annotates_and_links_in_one_step(ws):
    art, other = article(ws), article(ws, 1)
    first = ws.add_annotation(art.id, 0, 20)
    ev = ws.create_event("Approval", DAY, sources=[first.id])
    round_trip(ws, lambda: ws.add_source(ev.id, Passage(other.id, 0, 15)))
    src = ws.store.events.get(ev.id).source_ids
    assert len(src) == 2 and ws.store.annotations.get(src[1]).exact == other.text[:15]
    ws.undo()
    assert ws.store.events.get(ev.id).source_ids == (first.id,) and ws.store.annotations.count() == 1


def test_add_as_source_of_an_existing_annotation_only_links(ws):
    art, other = article(ws), article(ws, 1)
    a1, a2 = ws.add_annotation(art.id, 0, 20), ws.add_annotation(other.id, 0, 15)
    ev = ws.create_event("Approval", DAY, sources=[a1.id])
    round_trip(ws, lambda: ws.add_source(ev.id, Passage(other.id, 0, 15)))
    assert ws.store.events.get(ev.id).source_ids == (a1.id, a2.id)


def test_tag_merge_is_one_step_and_undo_brings_the_tag_back_on_its_annotations(ws):
    art = article(ws)
    a = ws.add_annotation(art.id, 0, 20, tags=["army"])
    b = ws.add_annotation(art.id, 30, 50, tags=["Military", "army"])
    army, military = ws.store.tags.by_name("army"), ws.store.tags.by_name("Military")
    round_trip(ws, lambda: ws.merge_tags(army.id, military.id))
    assert ws.store.annotations.get(a.id).tags == ("Military",)
    ws.undo()
    assert ws.store.annotations.get(a.id).tags == ("army",)
    assert ws.store.annotations.get(b.id).tags == ("Military", "army")
    assert ws.seen[-1].tags


def test_update_extent_is_one_step_and_undo_restores_the_passage_exactly(ws):
    art = article(ws)
    a = ws.add_annotation(art.id, 0, 20, tags=["army"])
    ev = ws.create_event("E", DAY, sources=[a.id])
    round_trip(ws, lambda: ws.edit_annotation(a.id, extent=(5, 30)))
    assert ws.store.annotations.get(a.id).exact == art.text[5:30]
    assert ws.store.events.get(ev.id).source_ids == (a.id,)


def test_rejecting_a_suggestion_is_undoable(ws):
    art = article(ws)
    round_trip(ws, lambda: ws.decide_suggestion(art.id, 5, 9, "rejected") or True)
    ws.undo()
    assert ws.store.decisions.of_article(art.id) == {}


def test_a_failed_operation_writes_nothing_and_adds_no_step(ws):
    art = article(ws)
    before = content(ws.store)
    errors: list[str] = []
    ws.errorOccurred.connect(errors.append)
    assert ws.create_event("X", DAY, sources=[Passage(art.id, 0, 10**9)]) is None
    assert errors and content(ws.store) == before and ws.undo_stack.count() == 0


def test_saving_an_event_names_its_source_annotations_for_the_event_date_column(ws):
    art = article(ws)
    a = ws.add_annotation(art.id, 0, 20)
    ws.seen.clear()
    ev = ws.create_event("E", DAY, sources=[a.id])
    assert ws.seen[-1].event_dates == {a.id} and ev.id in ws.seen[-1].events
    assert not ws.seen[-1].annotations, "the annotation's own row did not change"
    ws.seen.clear()
    ws.create_event("F", DAY, sources=[Passage(art.id, 30, 50)])
    cs = ws.seen[-1]
    new = ws.store.events.all()[-1]
    assert set(new.source_ids) == cs.event_dates == cs.annotations_added and cs.annotated_articles == {art.id}
    ws.seen.clear()
    ws.undo()
    assert ws.seen[-1].annotations_removed == set(new.source_ids) and ws.seen[-1].events_removed == {new.id}


def test_event_create_edit_delete_are_undone_exactly(ws):
    art = article(ws)
    a = ws.add_annotation(art.id, 0, 20)
    b = ws.add_annotation(art.id, 30, 50)
    round_trip(ws, lambda: ws.create_event("E", DAY, sources=[a.id], category="Operation"))
    ev = ws.store.events.all()[0]
    later = PartialDate(date(2024, 7, 1), date(2024, 7, 31), "month", "July 2024")
    round_trip(ws, lambda: ws.edit_event(ev.id, title="E2", date=later, source_ids=(b.id, a.id)))
    assert ws.store.events.get(ev.id).source_ids == (b.id, a.id)
    round_trip(ws, lambda: ws.delete_event(ev.id) or True)
    assert ws.store.events.count() == 0 and ws.store.annotations.count() == 2


def test_deleting_a_tag_is_undone_on_every_annotation(ws):
    art = article(ws)
    a = ws.add_annotation(art.id, 0, 20, tags=["army", "north"])
    round_trip(ws, lambda: ws.delete_tag(ws.store.tags.by_name("army").id) or True)
    assert ws.store.annotations.get(a.id).tags == ("north",)
    ws.undo()
    assert ws.store.annotations.get(a.id).tags == ("army", "north")


def test_undoing_a_delete_after_its_tag_was_deleted_names_the_tag_made_again(qapp):
    from db.store import Store
    from desktop.workspace import Workspace

    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    art = store.articles.all()[0]
    a = ws.add_annotation(art.id, 0, 10, tags=["Witness"])
    ws.delete_annotation(a.id)
    store.tags.delete(store.tags.by_name("Witness").id)  # gone meanwhile (another window, say)
    seen: list[Changes] = []
    ws.changed.connect(seen.append)
    ws.undo()  # the annotation comes back with its tag
    made = store.tags.by_name("Witness")
    assert made is not None and store.annotations.get(a.id).tags == ("Witness",)
    assert seen[-1].tags_added == {made.id} and seen[-1].annotations_added == {a.id}


def test_undoing_a_tag_edit_after_the_tag_was_deleted_names_the_tag_made_again(qapp):
    from db.store import Store
    from desktop.workspace import Workspace

    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    art = store.articles.all()[0]
    a = ws.add_annotation(art.id, 0, 10, tags=["Witness"])
    ws.edit_annotation(a.id, tags=["Other"])
    store.tags.delete(store.tags.by_name("Witness").id)  # gone meanwhile (another window, say)
    seen = []
    ws.changed.connect(seen.append)
    ws.undo()  # the annotation gets its tag back
    made = store.tags.by_name("Witness")
    assert store.annotations.get(a.id).tags == ("Witness",)
    assert seen[-1].tags_added == {made.id} and "Witness" in ws.tag_colors()
