"""Changes: the typed record every write emits, and the exact Changes of the desk's key operations.

The first half needs no Qt (db.changes over a Store); the second drives a Workspace with no widget.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from db import snapshot
from db.changes import Changes, between
from db.models import PartialDate
from db.snapshot import Scope
from db.store import Store
from desktop.workspace import Passage, Workspace

DAY = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")


# --- the record ----------------------------------------------------------------------------------
def test_a_change_is_frozen_hashable_and_holds_frozensets():
    c = Changes(annotations_added={"a"}, annotated_articles=["art"])
    assert isinstance(c.annotations_added, frozenset) and c.annotated_articles == frozenset({"art"})
    assert c == Changes(annotations_added=frozenset({"a"}), annotated_articles=frozenset({"art"}))
    assert hash(c) == hash(Changes(annotations_added={"a"}, annotated_articles={"art"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.everything = True  # type: ignore[misc]


def test_unions_name_every_row_of_a_kind_and_an_empty_change_is_empty():
    c = Changes(annotations_added={"a"}, annotations_updated={"b"}, annotations_removed={"c"},
                events_added={"e1"}, events_removed={"e2"}, tags_updated={"t"})
    assert c.annotations == {"a", "b", "c"} and c.events == {"e1", "e2"} and c.tags == {"t"}
    assert Changes().is_empty and not c.is_empty
    assert Changes.all() == Changes(everything=True) and not Changes.all().is_empty


def test_merged_is_a_field_by_field_union():
    a = Changes(annotations_added={"x"}, annotated_articles={"A"})
    b = Changes(events_updated={"e"}, annotated_articles={"B"}, everything=True)
    assert a.merged(b) == Changes(annotations_added={"x"}, annotated_articles={"A", "B"}, events_updated={"e"},
                                  everything=True)
    assert a.merged(Changes()) == a


def test_counts_change_only_when_rows_come_or_go():
    assert not Changes(annotations_updated={"a"}, events_updated={"e"}, article_meta={"x"}, decisions={"x"},
                       tags_added={"t"}, event_dates={"a"}).counts
    for name in ("articles_added", "annotations_added", "annotations_removed", "events_added", "events_removed"):
        assert Changes(**{name: {"x"}}).counts, name
    assert Changes.all().counts


# --- between two snapshots (no Qt) ---------------------------------------------------------------
def _articles_of(store: Store):  # noqa: ANN202
    return lambda ids: {i: s[0] for i, s in store.agreement.annotation_spans(sorted(ids)).items()}


def test_between_names_only_the_rows_that_differ(memory_store: Store):
    art = memory_store.articles.add("Report", "The bridge reopened on 3 May 2024 after repairs began in March.")
    a = memory_store.annotations.add(art.id, 0, 10)
    b = memory_store.annotations.add(art.id, 11, 20)
    scope = Scope(annotations=frozenset({a.id, b.id}))
    before = snapshot.capture(memory_store, scope)
    memory_store.annotations.update(a.id, note="checked")
    after = snapshot.capture(memory_store, scope)
    named = Changes(annotations_updated={a.id}, annotated_articles={art.id})
    assert between(before, after, _articles_of(memory_store)) == named
    assert between(after, before, _articles_of(memory_store)) == named
    assert between(after, after, _articles_of(memory_store)).is_empty


def test_between_an_event_and_its_mirror(memory_store: Store):
    art = memory_store.articles.add("Report", "The bridge reopened on 3 May 2024 after repairs began in March.")
    a = memory_store.annotations.add(art.id, 0, 10)
    scope = Scope(events=frozenset({"ev1"}))
    before = snapshot.capture(memory_store, scope)
    memory_store.events.add("Reopening", DAY, source_ids=[a.id], event_id="ev1")
    after = snapshot.capture(memory_store, scope)
    assert between(before, after, _articles_of(memory_store)) == Changes(events_added={"ev1"}, event_dates={a.id})
    assert between(after, before, _articles_of(memory_store)) == Changes(events_removed={"ev1"}, event_dates={a.id})


def test_between_a_renamed_tag_names_the_annotations_carrying_it(memory_store: Store):
    art = memory_store.articles.add("Report", "The bridge reopened on 3 May 2024 after repairs began in March.")
    a = memory_store.annotations.add(art.id, 0, 10, tags=["bridge"])
    memory_store.annotations.add(art.id, 11, 20, tags=["other"])
    tag = memory_store.tags.by_name("bridge")
    scope = Scope(tags=frozenset({tag.id}))
    before = snapshot.capture(memory_store, scope)
    memory_store.tags.rename(tag.id, "Bridge works")
    after = snapshot.capture(memory_store, scope)
    assert between(before, after, _articles_of(memory_store)) == Changes(
        tags_updated={tag.id}, annotations_updated={a.id}, annotated_articles={art.id})


# --- the Workspace: exact Changes of the key operations (no widget) --------------------------------
@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    workspace.seen = []
    workspace.changed.connect(workspace.seen.append)
    return workspace


def _article(ws: Workspace, n: int = 0):  # noqa: ANN202
    return ws.article(ws.articles()[n].id)


def test_creating_an_annotation_names_it_and_its_article(ws: Workspace):
    art = _article(ws)
    a = ws.add_annotation(art.id, 0, 20)
    assert ws.seen == [Changes(annotations_added={a.id}, annotated_articles={art.id})]
    b = ws.add_annotation(art.id, 30, 50, tags=["army"])
    army = next(t for t in ws.tags() if t.name == "army")
    assert ws.seen[-1] == Changes(annotations_added={b.id}, annotated_articles={art.id}, tags_added={army.id})
    c = ws.add_annotation(art.id, 60, 70, tags=["army"])  # the tag exists now
    assert ws.seen[-1] == Changes(annotations_added={c.id}, annotated_articles={art.id})
    ws.edit_annotation(a.id, note="checked")
    assert ws.seen[-1] == Changes(annotations_updated={a.id}, annotated_articles={art.id})
    ws.undo()
    assert ws.seen[-1] == Changes(annotations_updated={a.id}, annotated_articles={art.id})
    ws.undo()
    ws.undo()
    assert ws.seen[-1] == Changes(annotations_removed={b.id}, annotated_articles={art.id})


def test_make_event_is_one_change_and_its_undo_the_mirror(ws: Workspace):
    art = _article(ws)
    ev = ws.create_event("Strikes", DAY, sources=[Passage(art.id, 0, 20)], decision=(art.id, 0, 20))
    (aid,) = ev.source_ids
    made = Changes(annotations_added={aid}, annotated_articles={art.id}, event_dates={aid}, events_added={ev.id},
                   decisions={art.id})
    assert ws.seen == [made]
    ws.undo()
    assert ws.seen[-1] == Changes(annotations_removed={aid}, annotated_articles={art.id}, events_removed={ev.id},
                                  decisions={art.id})
    ws.redo()
    assert ws.seen[-1] == made


def test_editing_an_event_names_it_and_the_dates_beside_its_sources(ws: Workspace):
    art = _article(ws)
    a = ws.add_annotation(art.id, 0, 20)
    ev = ws.create_event("Strikes", DAY, sources=[a.id])
    assert ws.seen[-1] == Changes(events_added={ev.id}, event_dates={a.id})
    ws.edit_event(ev.id, date=PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024"))
    assert ws.seen[-1] == Changes(events_updated={ev.id}, event_dates={a.id})
    ws.delete_annotation(a.id)
    assert ws.seen[-1] == Changes(annotations_removed={a.id}, annotated_articles={art.id}, events_updated={ev.id})
    ws.undo()
    assert ws.seen[-1] == Changes(annotations_added={a.id}, annotated_articles={art.id}, events_updated={ev.id},
                                  event_dates={a.id})


def test_renaming_a_tag_names_the_tag_and_the_annotations_carrying_it(ws: Workspace):
    art, other = _article(ws), _article(ws, 1)
    a = ws.add_annotation(art.id, 0, 20, tags=["army"])
    b = ws.add_annotation(other.id, 0, 15, tags=["army", "north"])
    ws.add_annotation(art.id, 30, 50, tags=["north"])
    army = next(t for t in ws.tags() if t.name == "army")
    ws.seen.clear()
    ws.rename_tag(army.id, "Military")
    renamed = Changes(tags_updated={army.id}, annotations_updated={a.id, b.id}, annotated_articles={art.id, other.id})
    assert ws.seen == [renamed]
    assert ws.annotation(a.id).tags == ("Military",) and ws.annotations([art.id])[0].tags == ("Military",)
    ws.undo()
    assert ws.seen[-1] == renamed and ws.annotation(a.id).tags == ("army",)
    ws.recolor_tag(army.id, "#123456")
    assert ws.seen[-1] == renamed


def test_editing_an_article_names_its_metadata_only(ws: Workspace):
    art = _article(ws)
    ws.update_article(art.id, title="A new title")
    assert ws.seen == [Changes(article_meta={art.id})]
    new = ws.add_article("Fresh report", "A text no sample article has.")
    assert ws.seen[-1] == Changes(articles_added={new.id})


def test_a_suggestion_decision_names_its_article_decisions_only(ws: Workspace):
    art = _article(ws)
    ws.decide_suggestion(art.id, 5, 9, "rejected")
    assert ws.seen == [Changes(decisions={art.id})]
    ws.undo()
    assert ws.seen[-1] == Changes(decisions={art.id})


def test_a_database_merged_in_or_refreshed_is_a_change_of_everything(qtbot, tmp_path: Path):
    mine = Store(tmp_path / "mine.sqlite3", seed=True)
    art = mine.articles.all()[0]
    theirs_path = tmp_path / "theirs.sqlite3"
    mine.conn.execute("VACUUM INTO ?", [str(theirs_path)])
    with Store(theirs_path) as theirs:
        theirs.annotations.add(art.id, 0, 10, note="from a colleague")
    ws = Workspace(mine)
    seen: list[Changes] = []
    ws.changed.connect(seen.append)
    try:
        ws.merge_database(str(theirs_path))
        assert seen == [Changes.all()]
        ws.refresh()
        assert seen == [Changes.all(), Changes.all()]
    finally:
        ws.undo_stack.clear()
        mine.close()
