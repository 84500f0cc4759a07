"""Workspace.settle_anchors: re-anchoring found on open is stored in one go, not as an undo step (no widgets)."""

from __future__ import annotations

from pathlib import Path

from db.changes import Changes
from db.placement import place
from db.store import Store
from desktop.workspace import Workspace


def drifted_rows(text: str, article_id: str) -> list[dict]:
    """Two annotations whose stored offsets are off by a few characters, and one whose quote is gone."""
    rows = []
    for aid, at in (("m1", 40), ("m2", len(text) // 2)):
        quote = text[at:at + 30]
        rows.append({"id": aid, "article_id": article_id, "start": at + 3, "end": at + 33, "exact": quote,
                     "prefix": text[max(0, at - 32):at], "suffix": text[at + 30:at + 62]})
    rows.append({"id": "lost", "article_id": article_id, "start": 5, "end": 20,
                 "exact": "words the article never had", "prefix": "", "suffix": ""})
    return rows


def settle(ws: Workspace, article_id: str) -> list[Changes]:
    seen: list[Changes] = []
    ws.changed.connect(seen.append)
    text = ws.article(article_id).text
    ws.settle_anchors(article_id, text, place(text, ws.annotations([article_id])).updates)
    return seen


def test_moved_anchors_are_stored_once_named_in_one_change_and_not_undoable(qapp, tmp_path: Path):
    store = Store(tmp_path / "a.sqlite3", seed=True)
    art = store.articles.get(store.articles.all()[0].id)
    store.annotations.add_many(drifted_rows(art.text, art.id))
    ws = Workspace(store)
    seen = settle(ws, art.id)
    assert seen == [Changes(annotations_updated={"m1", "m2", "lost"}, annotated_articles={art.id})]
    for aid, at in (("m1", 40), ("m2", len(art.text) // 2)):
        a = store.annotations.get(aid)
        assert (a.start, a.end, a.status) == (at, at + 30, "exact")
        assert ws.annotations([art.id]) and any(c == a for c in ws.annotations([art.id]))  # the cache agrees
    assert store.annotations.get("lost").status == "orphan"
    assert ws.undo_stack.count() == 0  # housekeeping, not something the analyst did
    # placed again: nothing left to store
    assert place(art.text, ws.annotations([art.id])).updates == ()
    ws.undo_stack.clear()
    store.close()


def test_a_read_only_database_keeps_the_new_places_for_the_session_untouched_on_disk(qapp, tmp_path: Path):
    path = tmp_path / "ro.sqlite3"
    store = Store(path, seed=True)
    art = store.articles.get(store.articles.all()[0].id)
    store.annotations.add_many(drifted_rows(art.text, art.id))
    store.close()
    before = path.read_bytes()
    ro = Store(path, readonly=True)
    ws = Workspace(ro)
    seen = settle(ws, art.id)
    assert len(seen) == 1 and seen[0].annotations == {"m1", "m2", "lost"}
    shown = {a.id: a for a in ws.annotations([art.id])}
    assert (shown["m1"].start, shown["m1"].status) == (40, "exact")
    assert shown["lost"].status == "orphan"
    assert ro.annotations.get("m1").start == 43  # not saved
    ro.close()
    assert path.read_bytes() == before


def test_nothing_to_store_emits_nothing(qapp):
    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    art = store.articles.all()[0]
    assert settle(ws, art.id) == []
    store.close()


def test_the_annotation_cache_follows_creates_edits_moves_deletes_and_undo(qapp):
    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    art = store.articles.get(store.articles.all()[0].id)
    ws.annotations([art.id])  # cached from here on
    made = [ws.add_annotation(art.id, s, s + 12) for s in (50, 10, 50, 90, 30)]
    ws.edit_annotation(made[0].id, note="edited")
    ws.update_extent(made[1].id, 70, 75)
    ws.delete_annotation(made[3].id)
    ws.undo()  # the delete
    ws.delete_annotation(made[4].id)

    def check() -> None:
        cached = ws.annotations([art.id])
        assert cached == sorted(cached, key=lambda a: (a.start, a.end))
        assert {a.id: a for a in cached} == {a.id: a for a in store.annotations.of([art.id])}
        assert [a.id for a in ws.annotations_named(art.id, {made[0].id, made[4].id, "nope"})] == [made[0].id]

    check()
    while ws.undo_stack.canUndo():
        ws.undo()
    assert ws.annotations([art.id]) == []
    while ws.undo_stack.canRedo():
        ws.redo()
    check()
    ws.undo_stack.clear()
    store.close()


def test_a_fuzzy_passage_is_remembered_where_found_and_confirming_it_is_one_undo_step(qapp):
    store = Store(":memory:", seed=True)
    art = store.articles.get(store.articles.all()[0].id)
    text = art.text
    at = len(text) // 2
    quote = text[at:at + 60]
    quote = quote[:30] + ("X" if quote[30] != "X" else "Y") + quote[31:]  # one letter the article no longer has
    store.annotations.add_many([{"id": "fz", "article_id": art.id, "start": at + 2, "end": at + 62, "exact": quote,
                                 "prefix": text[at - 32:at], "suffix": text[at + 60:at + 92]}])
    ws = Workspace(store)
    assert ws.found_at("fz") is None and not ws.accept_found_position("fz")  # not placed yet
    placed = ws.open_placements(ws.article(art.id))
    assert ws.found_at("fz") == placed.fuzzy["fz"] == (at, at + 60)
    assert store.annotations.get("fz").status == "fuzzy"
    assert ws.accept_found_position("fz")
    ann = store.annotations.get("fz")
    assert (ann.start, ann.end, ann.status) == (at, at + 60, "exact") and ws.found_at("fz") is None
    ws.undo()
    assert (store.annotations.get("fz").start, store.annotations.get("fz").end) == (at + 2, at + 62)


def test_tag_colours_are_read_once_per_tag_change(qapp):
    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    art = store.articles.all()[0]
    ws.add_annotation(art.id, 0, 10, tags=["Military"])
    colors = ws.tag_colors()
    assert "Military" in colors and ws.tag_colors() is colors  # kept while no tag changes
    tag = store.tags.by_name("Military")
    ws.recolor_tag(tag.id, "#123456")
    assert ws.tag_colors()["Military"] == "#123456"
    ws.undo()
    assert ws.tag_colors()["Military"] == colors["Military"]
