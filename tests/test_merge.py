"""Merging another analyst's database: matching, newer edits, tombstones, conflicts, all or nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db import errors
from db.merge import merge
from db.models import PartialDate
from db.store import Store

TEXT = ("The army said on Monday that the operation began in North Waziristan. "
        "Officials said the strikes targeted hideouts near the border. ")
def span(word: str) -> tuple[int, int]:
    i = TEXT.index(word)
    return i, i + len(word)


OTHER = "A second report: talks resumed in Doha on Friday, both delegations said.\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stamp(store: Store, table: str, item: str, when: str) -> None:
    """Set an item's `modified` (tests decide which edit is newer, not the clock)."""
    with store.atomic() as conn:
        conn.execute(f"UPDATE {table} SET modified = ? WHERE id = ?", [when, item])  # noqa: S608


def dead_at(store: Store, kind: str, item: str, when: str) -> None:
    with store.atomic() as conn:
        conn.execute("UPDATE tombstones SET deleted_at = ? WHERE kind = ? AND id = ?", [when, kind, item])


@pytest.fixture
def pair(tmp_path: Path):
    """Two copies of one database (an article, two annotations, a tag, an event), as two analysts' files."""
    base = Store(tmp_path / "base.sqlite3")
    art = base.articles.add("Operation begins", TEXT)
    a1 = base.annotations.add(art.id, *span("army"), note="who", tags=["Military"], author="ayesha")
    a2 = base.annotations.add(art.id, *span("operation"), note="what", author="ayesha")
    ev = base.events.add("Operation begins", _day("2014-06-15"),
                        source_ids=[a1.id])
    base.close()
    for name in ("mine", "theirs"):
        shutil.copyfile(tmp_path / "base.sqlite3", tmp_path / f"{name}.sqlite3")
    mine, theirs = Store(tmp_path / "mine.sqlite3"), Store(tmp_path / "theirs.sqlite3")
    yield mine, theirs, {"article": art, "a1": a1, "a2": a2, "event": ev}
    mine.close()
    theirs.close()


def _day(text: str) -> PartialDate:
    from db.dates import parse_date

    return parse_date(text)


def test_items_added_on_either_side_arrive_with_their_author(pair) -> None:
    mine, theirs, ids = pair
    art = ids["article"].id
    mine_new = mine.annotations.add(art, *span("North"), note="mine", author="ayesha")
    their_new = theirs.annotations.add(art, *span("Officials"), note="theirs", tags=["Location"], author="bilal")
    their_event = theirs.events.add("Strikes", _day("2014-06-16"), source_ids=[their_new.id])
    report = merge(mine, theirs.path)
    got = {a.id: a for a in mine.annotations.all()}
    assert mine_new.id in got and their_new.id in got
    assert got[their_new.id].author == "bilal" and got[their_new.id].tags == ("Location",)
    assert mine.events.get(their_event.id).source_ids == (their_new.id,)
    assert report.added["annotation"] == 1 and report.added["event"] == 1 and report.added["tag"] == 1
    assert report.added_by == {"bilal": 1}
    assert "bilal (1)" in "\n".join(report.lines())
    assert not report.conflicts


def test_edit_on_one_side_wins_without_conflict(pair) -> None:
    mine, theirs, ids = pair
    theirs.annotations.update(ids["a1"].id, note="who: the army (ISPR)")
    report = merge(mine, theirs.path)
    assert mine.annotations.get(ids["a1"].id).note == "who: the army (ISPR)"
    assert report.updated["annotation"] == 1 and not report.conflicts
    # and the other way round nothing changes any more
    back = merge(theirs, mine.path)
    assert not back.changed


def test_newer_edit_wins_after_an_earlier_merge(pair) -> None:
    mine, theirs, ids = pair
    merge(mine, theirs.path)
    mine.annotations.update(ids["a2"].id, note="older edit")
    stamp(mine, "annotations", ids["a2"].id, "2030-01-01T00:00:00.000Z")
    merge(theirs, mine.path)  # they take my edit: we agree again
    theirs.annotations.update(ids["a2"].id, note="newer edit")
    stamp(theirs, "annotations", ids["a2"].id, "2030-01-02T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert mine.annotations.get(ids["a2"].id).note == "newer edit"
    assert not report.conflicts


def test_deletion_is_carried_and_passed_on(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair
    shutil.copyfile(tmp_path / "base.sqlite3", tmp_path / "third.sqlite3")
    theirs.annotations.delete(ids["a2"].id)
    theirs.events.delete(ids["event"].id)
    report = merge(mine, theirs.path)
    assert ids["a2"].id not in {a.id for a in mine.annotations.all()}
    assert mine.events.count() == 0
    assert report.deleted["annotation"] == 1 and report.deleted["event"] == 1
    # a third analyst who never saw their file gets the deletion through mine
    with Store(tmp_path / "third.sqlite3") as third:
        merge(third, mine.path)
        assert ids["a2"].id not in {a.id for a in third.annotations.all()}
        assert third.events.count() == 0


def test_deletion_loses_to_a_later_edit_which_is_kept_and_listed(pair) -> None:
    mine, theirs, ids = pair
    a1 = ids["a1"].id
    theirs.annotations.delete(a1)
    dead_at(theirs, "annotation", a1, "2030-01-01T00:00:00.000Z")
    mine.annotations.update(a1, note="still matters")
    stamp(mine, "annotations", a1, "2030-01-02T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert mine.annotations.get(a1).note == "still matters"
    assert [(k.kind, k.item_id, k.deleted_by) for k in report.kept] == [("annotation", a1, "theirs")]
    assert "was deleted in the other database" in "\n".join(report.lines())
    # the other direction brings it back to them, listed too
    report = merge(theirs, mine.path)
    assert theirs.annotations.get(a1).note == "still matters"
    assert report.kept and report.kept[0].deleted_by == "mine"


def test_deletion_wins_over_an_earlier_edit(pair) -> None:
    mine, theirs, ids = pair
    a1 = ids["a1"].id
    mine.annotations.update(a1, note="edited first")
    stamp(mine, "annotations", a1, "2030-01-01T00:00:00.000Z")
    theirs.annotations.delete(a1)
    dead_at(theirs, "annotation", a1, "2030-01-02T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert a1 not in {a.id for a in mine.annotations.all()}
    assert report.deleted["annotation"] == 1 and not report.kept


def test_both_edited_is_a_conflict_with_both_versions_kept(pair) -> None:
    mine, theirs, ids = pair
    a1 = ids["a1"].id
    mine.annotations.update(a1, note="mine: the army")
    stamp(mine, "annotations", a1, "2030-01-01T00:00:00.000Z")
    theirs.annotations.update(a1, note="theirs: ISPR")
    stamp(theirs, "annotations", a1, "2030-01-02T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert mine.annotations.get(a1).note == "theirs: ISPR"  # the newer is current
    (c,) = report.conflicts
    assert (c.kind, c.item_id, c.current_side) == ("annotation", a1, "theirs")
    assert c.current.detail == "theirs: ISPR" and c.other.detail == "mine: the army"
    assert c.other.author == "ayesha" and c.other.modified == "2030-01-01T00:00:00.000Z"
    text = "\n".join(report.lines())
    assert "mine: the army" in text and "theirs: ISPR" in text and "by ayesha" in text
    stored = mine.tx.read("SELECT kind, item_id, other FROM merge_conflicts")
    assert len(stored) == 1 and "mine: the army" in stored[0]["other"]
    again = merge(mine, theirs.path)  # idempotent: no new conflict, nothing changed
    assert not again.changed
    assert len(mine.tx.read("SELECT * FROM merge_conflicts")) == 1


def test_both_edited_event_is_a_conflict(pair) -> None:
    mine, theirs, ids = pair
    eid = ids["event"].id
    merge(mine, theirs.path)  # they agree on everything: the merge base is recorded
    mine.events.update(eid, title="Zarb-e-Azb begins")
    stamp(mine, "events", eid, "2030-01-02T00:00:00.000Z")
    theirs.events.update(eid, title="Operation launched")
    stamp(theirs, "events", eid, "2030-01-01T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert mine.events.get(eid).title == "Zarb-e-Azb begins"
    (c,) = report.conflicts
    assert c.current_side == "mine" and c.other.summary == "Operation launched"


def test_same_text_under_different_article_ids_is_one_article(tmp_path: Path) -> None:
    with Store(tmp_path / "a.sqlite3") as mine, Store(tmp_path / "b.sqlite3") as theirs:
        mine_art = mine.articles.add("Report", TEXT)
        their_art = theirs.articles.add("Report (copy)", TEXT)
        theirs.articles.add("Talks", OTHER)
        assert mine_art.id != their_art.id
        ann = theirs.annotations.add(their_art.id, *span("Waziristan"), note="when")
        report = merge(mine, theirs.path)
        assert mine.articles.count() == 2 and report.added["article"] == 1
        got = mine.annotations.get(ann.id)
        assert got.article_id == mine_art.id
        assert mine.articles.get(mine_art.id).text[got.start:got.end] == got.exact == "Waziristan"


def test_tags_matched_by_id_and_by_name(pair) -> None:
    mine, theirs, ids = pair
    military = theirs.tags.by_name("Military")
    theirs.tags.recolor(military.id, "#123456")
    stamp(theirs, "tags", military.id, "2030-01-01T00:00:00.000Z")
    mine.annotations.update(ids["a2"].id, tags=["Location"])
    theirs.annotations.update(ids["a1"].id, tags=["Military", "location"])
    merge(mine, theirs.path)
    assert mine.tags.by_name("Military").color == "#123456"
    assert [t.name.lower() for t in mine.tags.all()] == ["location", "military"]  # one "Location", not two
    assert [t.lower() for t in mine.annotations.get(ids["a1"].id).tags] == ["military", "location"]
    assert mine.annotations.get(ids["a2"].id).tags == (mine.tags.all()[0].name,)  # the newer spelling for both


def test_tag_deletion_carried(pair) -> None:
    mine, theirs, ids = pair
    theirs.tags.delete(theirs.tags.by_name("Military").id)
    report = merge(mine, theirs.path)
    assert mine.tags.by_name("Military") is None and report.deleted["tag"] == 1
    assert mine.annotations.get(ids["a1"].id).tags == ()


def test_event_sources_travel_with_the_event(pair) -> None:
    mine, theirs, ids = pair
    eid = ids["event"].id
    theirs.events.add_source(eid, ids["a2"].id)
    merge(mine, theirs.path)
    assert mine.events.get(eid).source_ids == (ids["a1"].id, ids["a2"].id)


def test_suggestion_decisions_merged_and_forgotten(pair) -> None:
    mine, theirs, ids = pair
    art = ids["article"].id
    mine.decisions.decide(art, 22, 28, "rejected")
    merge(theirs, mine.path)
    assert theirs.decisions.of_article(art) == {(22, 28): ("rejected", "")}
    theirs.decisions.decide(art, 22, 28, None)  # they forgot it again
    theirs.decisions.decide(art, 0, 3, "accepted", ids["event"].id)
    report = merge(mine, theirs.path)
    assert mine.decisions.of_article(art) == {(0, 3): ("accepted", ids["event"].id)}
    assert report.added["decision"] == 1 and report.deleted["decision"] == 1


def test_article_deletion_carried_unless_annotated_after(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair
    theirs.articles.delete(ids["article"].id)
    merge(mine, theirs.path)
    assert mine.articles.count() == 0 and mine.annotations.count() == 0


def test_the_other_file_is_never_written(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair
    theirs.annotations.add(ids["article"].id, *span("strikes"))
    theirs.close()
    before = sha(tmp_path / "theirs.sqlite3")
    merge(mine, tmp_path / "theirs.sqlite3")
    merge(mine, tmp_path / "theirs.sqlite3")
    assert sha(tmp_path / "theirs.sqlite3") == before


def test_merge_reads_a_consistent_snapshot_while_the_other_is_being_written(pair) -> None:
    mine, theirs, ids = pair
    committed = theirs.annotations.add(ids["article"].id, *span("strikes"), note="committed")
    theirs.conn.execute("BEGIN IMMEDIATE")  # another window is in the middle of writing
    theirs.conn.execute("UPDATE annotations SET note = 'half-written' WHERE id = ?", [committed.id])
    try:
        merge(mine, theirs.path)
    finally:
        theirs.conn.execute("ROLLBACK")
    assert mine.annotations.get(committed.id).note == "committed"


def test_failure_mid_merge_leaves_mine_unchanged(pair, monkeypatch) -> None:
    from db import merge as merge_mod

    mine, theirs, ids = pair
    theirs.annotations.add(ids["article"].id, *span("strikes"))
    theirs.annotations.delete(ids["a2"].id)
    before = (mine.annotations.count(), [a.note for a in mine.annotations.all()])

    def boom(self) -> None:
        raise errors.StoreError("disk full")

    monkeypatch.setattr(merge_mod._Merger, "_events", boom)
    with pytest.raises(errors.StoreError):
        merge(mine, theirs.path)
    assert (mine.annotations.count(), [a.note for a in mine.annotations.all()]) == before
    assert not mine.tx.read("SELECT * FROM tombstones")


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
from db import merge as m
from db.store import Store
def die(self):
    os.kill(os.getpid(), signal.SIGKILL)
m._Merger._events = die
m.merge(Store({mine!r}), {theirs!r})
"""


def test_sigkill_mid_merge_is_all_or_nothing(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair
    new = theirs.annotations.add(ids["article"].id, *span("strikes"))
    theirs.annotations.delete(ids["a2"].id)
    mine.close()
    root = str(Path(__file__).resolve().parents[1])
    script = KILLER.format(root=root, mine=str(tmp_path / "mine.sqlite3"), theirs=str(theirs.path))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert proc.returncode == -9
    with Store(tmp_path / "mine.sqlite3") as after:
        ids_after = {a.id for a in after.annotations.all()}
        assert new.id not in ids_after and ids["a2"].id in ids_after
        assert after.integrity_ok()


def test_two_other_analysts_editing_the_same_annotation_conflict_in_a_third_database(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair  # mine only collects: it edits nothing itself
    a2 = ids["a2"].id
    shutil.copyfile(tmp_path / "base.sqlite3", tmp_path / "third.sqlite3")
    theirs.annotations.update(a2, note="bilal's reading")
    stamp(theirs, "annotations", a2, "2030-01-01T00:00:00.000Z")
    with Store(tmp_path / "third.sqlite3") as third:
        third.annotations.update(a2, note="chen's reading")
        stamp(third, "annotations", a2, "2030-01-02T00:00:00.000Z")
    assert not merge(mine, theirs.path).conflicts  # mine never edited it: theirs simply wins
    report = merge(mine, tmp_path / "third.sqlite3")
    (c,) = report.conflicts  # bilal's and chen's edits both started from the shared version
    assert c.current.detail == "chen's reading" and c.other.detail == "bilal's reading"


def test_article_deleted_there_stays_for_an_annotation_they_never_saw(pair) -> None:
    mine, theirs, ids = pair
    art = ids["article"].id
    fresh = mine.annotations.add(art, *span("border"), note="added here meanwhile")
    theirs.articles.delete(art)
    dead_at(theirs, "article", ids["article"].sha256,
            "2030-01-01T00:00:00.000Z")
    report = merge(mine, theirs.path)
    assert {a.id for a in mine.annotations.all()} == {fresh.id}  # theirs deleted the others with the article
    assert [k.kind for k in report.kept] == ["article"]
    assert not merge(mine, theirs.path).changed  # reported once


def test_a_database_from_before_merging_existed_can_be_merged(pair, tmp_path: Path) -> None:
    mine, theirs, ids = pair
    new = theirs.annotations.add(ids["article"].id, *span("strikes"), author="bilal")
    theirs.close()
    conn = sqlite3.connect(tmp_path / "theirs.sqlite3")
    for table in ("tombstones", "merge_base", "merge_conflicts"):
        conn.execute(f"DROP TABLE {table}")
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%tombstone'")]
    for name in names:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_merge_bookkeeping'")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    before = sha(tmp_path / "theirs.sqlite3")
    report = merge(mine, tmp_path / "theirs.sqlite3")
    assert mine.annotations.get(new.id).author == "bilal" and report.added["annotation"] == 1
    assert sha(tmp_path / "theirs.sqlite3") == before  # not upgraded: only read
