"""Editing a few events updates the timeline's index in place, exactly as a fresh build would show them."""

from __future__ import annotations

import random
from datetime import date

from db.models import PartialDate
from desktop.timeline.index_update import IndexRow, update_index
from desktop.timeline.layout import EventIndex

LANES = ("Attack", "Policy", "Other")


def _rows(rng: random.Random, n: int, prefix: str = "e") -> list[IndexRow]:
    out = []
    for i in range(n):
        s = float(rng.randrange(14_000, 20_000))
        length = rng.choice((1.0, 1.0, 1.0, 30.0, 365.0, float(rng.randrange(63, 900))))
        out.append(IndexRow(f"{prefix}{i}", s, s + length, rng.randrange(len(LANES)), f"title {prefix}{i}",
                            rng.randrange(4), rng.randrange(1, 4), rng.random() < 0.1, LANES[i % 3], f"d{i}"))
    return out


def _build(rows: list[IndexRow]) -> EventIndex:
    cols = list(zip(*rows, strict=True)) if rows else [[] for _ in IndexRow._fields]
    return EventIndex(cols[0], cols[1], cols[2], cols[3], LANES, titles=cols[4], precision=cols[5],
                      sources=cols[6], suggested=cols[7], categories=cols[8], date_labels=cols[9])


def _shown(ix: EventIndex) -> list[tuple]:
    """Every event as the index holds it, in start order (ties by id: their order is free)."""
    return sorted(zip(ix.start, ix.ids, ix.end, ix.lane, ix.titles, ix.precision, ix.sources, ix.suggested,
                      ix.categories, ix.date_labels, strict=True))


def _same(got: EventIndex, want: EventIndex) -> None:
    assert _shown(got) == _shown(want)
    assert list(got.start) == sorted(got.start)
    assert got.lane_counts == want.lane_counts
    assert got.extent() == want.extent()
    for a, b in ((14_000.0, 20_500.0), (15_000.0, 15_040.0), (17_300.5, 17_302.0), (19_990.0, 21_000.0)):
        assert sorted(got.ids[p] for p in got.visible(a, b)) == sorted(want.ids[p] for p in want.visible(a, b))
        assert got.density(a, 3.0, 200) == want.density(a, 3.0, 200)
        assert got.total_density(a, 0.5, 300) == want.total_density(a, 0.5, 300)
    for eid in list(want.ids)[:20]:
        assert got.ids[got.position(eid)] == eid


def test_moving_adding_and_removing_events_matches_a_fresh_build() -> None:
    rng = random.Random(4)
    rows = _rows(rng, 3000)
    ix = _build(rows)
    current = {r.id: r for r in rows}
    for step in range(40):
        moved = [current[k]._replace(start=s, end=s + 1.0) for k in rng.sample(sorted(current), 3)
                 for s in [float(rng.randrange(14_500, 19_500))]]
        gone = rng.sample(sorted(current), 2)
        new = _rows(rng, 2, prefix=f"n{step}-")
        update_index(ix, gone, moved + new)
        for g in gone:
            current.pop(g, None)
        current.update({r.id: r for r in moved + new})
        _same(ix, _build(list(current.values())))


def test_an_index_built_from_unsorted_columns_updates_too() -> None:
    rng = random.Random(9)
    rows = _rows(rng, 500)
    rng.shuffle(rows)  # columns read through a permutation until the first update
    ix = _build(rows)
    changed = rows[7]._replace(start=15_001.0, end=15_002.0, title="moved")
    update_index(ix, [rows[3].id], [changed])
    rest = [r for r in rows if r.id not in (rows[3].id, rows[7].id)] + [changed]
    _same(ix, _build(rest))


def test_a_date_outside_the_period_shown_so_far_still_counts_right() -> None:
    rng = random.Random(2)
    rows = _rows(rng, 200)
    ix = _build(rows)
    early = rows[0]._replace(start=1000.0, end=1001.0)
    late = rows[1]._replace(start=30_000.0, end=30_500.5)
    update_index(ix, [], [early, late])
    _same(ix, _build([early, late, *rows[2:]]))
    update_index(ix, [r.id for r in rows[2:]] + [early.id], [])
    _same(ix, _build([late]))
    assert ix.extent() == (30_000.0, 30_500.5)


# --- in the desk: the Changes of an edit name the events; nothing else is read --------------------

def _day(d: date) -> PartialDate:
    return PartialDate(d, d, "day", d.isoformat())


def _spied(desk, monkeypatch) -> tuple[list, list]:  # noqa: ANN001
    """Count full loads of the timeline and recomputations of the suggested lane."""
    loads: list[dict] = []
    suggested: list[int] = []
    real = desk.ws.timeline_columns
    monkeypatch.setattr(desk.ws, "timeline_columns", lambda **kw: loads.append(kw) or real(**kw))
    real_update = desk.suggestions_ctl.update_timeline
    monkeypatch.setattr(desk.suggestions_ctl, "update_timeline", lambda **kw: suggested.append(1) or real_update(**kw))
    return loads, suggested


def _drawn(desk) -> list[tuple]:  # noqa: ANN001
    return _shown(desk.timeline_ctl.timeline._index)


def _fresh(desk) -> list[tuple]:  # noqa: ANN001
    desk.timeline_ctl.reload()
    return _drawn(desk)


def test_an_event_date_edit_moves_only_that_event(desk, monkeypatch, qtbot) -> None:  # noqa: ANN001
    ws, timeline = desk.ws, desk.timeline_ctl.timeline
    events = [ws.create_event(f"Event {i}", _day(date(2020, 1, 1 + i)), category="Attack") for i in range(6)]
    loads, suggested = _spied(desk, monkeypatch)
    moved = events[2]
    assert ws.edit_event(moved.id, date=_day(date(2021, 6, 15))) is not None
    assert loads == [] and suggested == []
    timeline.set_visible_range(date(2021, 6, 1), date(2021, 6, 30))
    qtbot.waitUntil(lambda: timeline.event_rect(moved.id) is not None)
    rect = timeline.event_rect(moved.id)
    assert timeline.event_at(rect.center()) == moved.id  # drawn and hit where the new date is
    row = desk.events_ctl.panel.model.row_of(moved.id)
    assert desk.events_ctl.panel.model.rows[row].date.start == date(2021, 6, 15)
    drawn = _drawn(desk)
    assert drawn == _fresh(desk)


def test_undo_delete_and_new_events_update_in_place(desk, monkeypatch) -> None:  # noqa: ANN001
    ws = desk.ws
    events = [ws.create_event(f"Event {i}", _day(date(2019, 3, 1 + i)), category="Policy") for i in range(4)]
    loads, suggested = _spied(desk, monkeypatch)
    ws.edit_event(events[0].id, date=_day(date(2018, 1, 1)), title="Moved back")
    ws.undo()
    ws.delete_event(events[1].id)
    added = ws.create_event("Later", _day(date(2022, 2, 2)), category="Attack")
    assert loads == [] and suggested == []
    drawn = _drawn(desk)
    ids = {row[1] for row in drawn}
    assert events[1].id not in ids and added.id in ids
    assert next(r for r in drawn if r[1] == events[0].id)[4] == "Event 0"  # the undo put the title back
    assert drawn == _fresh(desk)


def test_a_new_category_lays_the_lanes_out_again(desk, monkeypatch) -> None:  # noqa: ANN001
    ws = desk.ws
    ev = ws.create_event("Event", _day(date(2019, 3, 1)), category="Policy")
    loads, _suggested = _spied(desk, monkeypatch)
    ws.edit_event(ev.id, category="Cyber incident")
    assert len(loads) == 1
    assert "Cyber incident" in desk.timeline_ctl.timeline._index.lanes
    assert _drawn(desk) == _fresh(desk)


def test_lanes_by_article_keep_the_first_source_of_the_edited_event(desk, monkeypatch) -> None:  # noqa: ANN001
    ws = desk.ws
    art = ws.articles()[0]
    ann = ws.add_annotation(art.id, 0, 20)
    ev = ws.create_event("Sourced", _day(date(2019, 3, 1)), category="Policy", sources=[ann.id])
    ws.create_event("Unsourced", _day(date(2019, 4, 1)), category="Policy")
    desk.timeline_ctl.lanes.setCurrentIndex(1)  # lanes by article
    loads, _suggested = _spied(desk, monkeypatch)
    ws.edit_event(ev.id, date=_day(date(2016, 5, 5)))
    assert loads == []
    index = desk.timeline_ctl.timeline._index
    lane = index.lanes[index.lane[index.position(ev.id)]]
    assert lane == art.title
    assert _drawn(desk) == _fresh(desk)


def test_the_events_table_finds_every_row_after_far_moves(qtbot) -> None:  # noqa: ANN001
    """Far moves leave the row map to be mended on look-up; every look-up is still exact."""
    from dataclasses import dataclass

    from PySide6.QtCore import Qt

    from desktop.models.records import Column, RecordTableModel

    @dataclass(frozen=True)
    class Rec:
        id: str
        day: int

    class Model(RecordTableModel):
        columns = (Column("Day", lambda r: str(r.day), sort=lambda r: r.day),)

    model = Model()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_rows([Rec(f"r{i}", i * 2) for i in range(6000)])
    rng = random.Random(1)
    for _ in range(30):
        rec = model.rows[rng.randrange(len(model.rows))]
        assert model.update_records([Rec(rec.id, rng.randrange(12_000))], [])
        assert [r.day for r in model.rows] == sorted(r.day for r in model.rows)
        for i in rng.sample(range(len(model.rows)), 200) + [0, len(model.rows) - 1]:
            assert model.row_of(model.rows[i].id) == i
    gone = model.rows[100].id
    assert model.update_records([], [gone])
    assert model.row_of(gone) == -1
    assert all(model.row_of(r.id) == i for i, r in enumerate(model.rows))
