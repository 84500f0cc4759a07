"""Pure timeline modules: scale, ticks, index, row packing and label placement (no Qt)."""

from __future__ import annotations

import heapq
import math
import random
import time
from array import array
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.models import Event, PartialDate
from desktop.timeline.frame import build_frame
from desktop.timeline.items import SUGGESTED_LANE, TimelineItem, items_from_events
from desktop.timeline.layout import EventIndex, column_density, pack_rows, place_labels
from desktop.timeline.scale import MAX_SPAN_DAYS, MIN_SPAN_DAYS, TimeScale, to_date, to_days
from desktop.timeline.ticks import GAP, build_axis


def chars(text: str) -> float:
    """Text width estimate: seven pixels a character."""
    return 7.0 * len(text)


SIXTEEN_YEARS = TimeScale.of_dates(date(2009, 1, 1), date(2024, 12, 31), 1600)


@given(factor=st.floats(0.05, 20), x=st.floats(0, 1600))
def test_zoom_keeps_the_instant_under_the_cursor_fixed(factor: float, x: float) -> None:
    before = SIXTEEN_YEARS.t_of(x)
    zoomed = SIXTEEN_YEARS.zoomed(factor, x)
    assert zoomed.t_of(x) == pytest.approx(before, abs=1e-6)
    assert MIN_SPAN_DAYS - 1e-9 <= zoomed.span <= MAX_SPAN_DAYS + 1e-9


def test_zoom_is_clamped_between_one_day_and_thirty_years() -> None:
    s = SIXTEEN_YEARS
    for _ in range(60):
        s = s.zoomed(2.0, 400)
    assert s.span == pytest.approx(MIN_SPAN_DAYS)
    for _ in range(60):
        s = s.zoomed(0.5, 400)
    assert s.span == pytest.approx(MAX_SPAN_DAYS)


def test_pan_moves_content_by_pixels_and_fit_leaves_a_margin() -> None:
    s = SIXTEEN_YEARS.panned(100)
    assert s.x_of(SIXTEEN_YEARS.t_of(0)) == pytest.approx(100)
    f = TimeScale.fit(to_days(date(2009, 1, 1)), to_days(date(2025, 1, 1)), 1000, margin=0.05)
    assert f.start < to_days(date(2009, 1, 1)) and f.end > to_days(date(2025, 1, 1))
    assert to_date(to_days(date(2024, 3, 1)) + 0.99) == date(2024, 3, 1)


SPANS = [1, 2, 5, 9, 20, 45, 90, 200, 400, 800, 1500, 3000, 5844, 8000, 10957]
WIDTHS = [300, 420, 640, 800, 1024, 1600, 2200, 3000, 4000]


@pytest.mark.parametrize("span", SPANS)
def test_tick_labels_never_overlap(span: float) -> None:
    for width in WIDTHS:
        for offset in (0.0, 0.37, 17.5, 200.2):
            s = TimeScale(0, 1, width).with_range(to_days(date(2016, 2, 27)) + offset,
                                                  to_days(date(2016, 2, 27)) + offset + span)
            axis = build_axis(s, chars)
            assert axis.minor_labels, (span, width)
            for row in (axis.minor_labels, axis.major_labels):
                for a, b in zip(row, row[1:], strict=False):
                    assert a.right + GAP <= b.x + 1e-9, (span, width, a, b)
                for lab in row:
                    assert lab.width == chars(lab.text)


def test_ticks_adapt_from_years_to_hours() -> None:
    units = []
    for span in (5844, 800, 200, 60, 12, 1):
        s = TimeScale(0, 1, 1600).with_range(to_days(date(2016, 1, 1)),
                                             to_days(date(2016, 1, 1)) + span)
        units.append(build_axis(s, chars).unit)
    assert units[0] == "year"
    assert units[1] in ("quarter", "month")
    assert "week" in units[2:4] or "day" in units[2:4]
    assert units[-1].endswith("h")
    month = TimeScale(0, 1, 1600).with_range(to_days(date(2024, 6, 1)), to_days(date(2024, 7, 1)))
    assert [lab.text for lab in build_axis(month, chars).major_labels] == ["June 2024"]


def naive_rows(x0: list[float], x1: list[float]) -> int:
    """Peak overlap by brute force: the least number of rows possible."""
    return max(sum(1 for a, b in zip(x0, x1, strict=True) if a <= t < b) for t in x0)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.floats(0, 500), st.floats(0.5, 80)), min_size=1, max_size=60))
def test_lane_packing_is_correct_and_minimal(raw: list[tuple[float, float]]) -> None:
    raw.sort()
    x0 = [a for a, _ in raw]
    x1 = [a + w for a, w in raw]
    rows = pack_rows(x0, x1)
    by_row: dict[int, list[tuple[float, float]]] = {}
    for a, b, r in zip(x0, x1, rows, strict=True):
        by_row.setdefault(r, []).append((a, b))
    for spans in by_row.values():
        for (_a0, b0), (a1, _b1) in zip(spans, spans[1:], strict=False):
            assert b0 <= a1  # no two events in one row overlap
    assert max(rows) + 1 == naive_rows(x0, x1)


def test_lane_packing_scales_as_n_log_n() -> None:
    rng = random.Random(3)

    def run(n: int) -> float:
        x0 = sorted(rng.uniform(0, n) for _ in range(n))
        x1 = [a + rng.uniform(1, 20) for a in x0]
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            pack_rows(x0, x1)
            best = min(best, time.perf_counter() - t)
        return best

    small, large = run(20_000), run(200_000)
    assert large / small < 10 * math.log(200_000) / math.log(20_000) * 1.6  # quadratic: ~100x


def test_labels_never_overlap_and_hidden_ones_are_counted() -> None:
    rng = random.Random(5)
    xs = sorted(rng.uniform(0, 1000) for _ in range(200))
    widths = [rng.uniform(20, 120) for _ in range(200)]
    nxt = xs[1:] + [1000.0]
    limits = [n - 5 - (x + 8) for x, n in zip(xs, nxt, strict=True)]
    lefts, shown, hidden = place_labels([x + 8 for x in xs], widths, limits,
                                        lambda n: 8 + 7 * len(f"+{n}"), anchor=xs)
    boxes = sorted((lf, lf + w + (8 + 7 * len(f"+{h}") if h else 0))
                   for lf, w, h in zip(lefts, shown, hidden, strict=True) if w > 0)
    for (_a0, b0), (a1, _b1) in zip(boxes, boxes[1:], strict=False):
        assert b0 <= a1
    assert sum(1 for w in shown if w > 0) + sum(hidden) == 200
    sparse = [i * 60.0 for i in range(20)]
    _, shown, hidden = place_labels([x + 8 for x in sparse], [40.0] * 20,
                                    [60 - 5 - 8.0] * 19 + [200.0], lambda n: 20.0)
    assert all(w == 40.0 for w in shown) and not any(hidden)


def sample_index(n: int = 100_000, long_share: float = 0.02) -> EventIndex:
    """Random events over 2009–2024, a few of them long spans."""
    rng = random.Random(11)
    lo, hi = to_days(date(2009, 1, 1)), to_days(date(2025, 1, 1))
    start = array("d", (math.floor(rng.uniform(lo, hi)) for _ in range(n)))
    end = array("d", (s + (rng.uniform(40, 3000) if rng.random() < long_share else 1.0)
                      for s in start))
    return EventIndex([f"e{i}" for i in range(n)], start, end,
                      [rng.randrange(4) for _ in range(n)], ["A", "B", "C", "D"])


def test_visible_query_matches_brute_force_and_hit_test_is_fast() -> None:
    ix = sample_index()
    for a, span in ((to_days(date(2016, 3, 1)), 30.0), (to_days(date(2012, 1, 1)), 365.0)):
        expected = [i for i, (s, e) in enumerate(zip(ix.start, ix.end, strict=True))
                    if s < a + span and e > a]
        assert ix.visible(a, a + span) == expected
    t = time.perf_counter()
    for k in range(200):
        ix.nearest(to_days(date(2010, 1, 1)) + k * 25.0, 10.0, lane=k % 4)
    assert (time.perf_counter() - t) / 200 < 1e-3


def test_density_counts_each_event_in_every_column_it_covers() -> None:
    start = [0.0, 5.0, 5.0, -10.0, 50.0]
    end = [1.0, 6.0, 15.0, -5.0, 60.0]
    lane = [0, 0, 1, 0, 0]
    d = column_density(start, end, lane, 0.0, 1.0, 20, 2)
    assert d[0][:7] == [1, 0, 0, 0, 0, 1, 0] and sum(d[0]) == 2
    assert sum(d[1]) == 10
    ix = EventIndex([f"e{i}" for i in range(5)], start, end, lane, ["A", "B"])
    assert ix.density(0.0, 1.0, 20) == d


@pytest.mark.parametrize("seed", range(9))
def test_index_density_by_bisection_matches_direct_counting(seed: int) -> None:
    """Whole-lane density (table look-ups or bucketed bisections) equals a direct count."""
    rng = random.Random(seed)
    n = rng.choice((1, 7, 300, 5000))
    whole = seed % 3 != 1  # whole days (as from the database) or arbitrary instants
    start = [float(rng.randrange(0, 4000)) if whole else rng.uniform(0, 4000) for _ in range(n)]
    length = (1.0, 1.0, 30.0, 365.0, float(rng.randrange(1, 2000)) if whole else
              rng.uniform(0.01, 2000))
    end = [s + rng.choice(length) for s in start]
    if seed % 3 == 2:  # one event centuries away: whole days, but too long a period for a table
        start[0], end[0] = 120_000.0, 120_031.0
    lane = [rng.randrange(3) for _ in range(n)]
    ix = EventIndex([str(i) for i in range(n)], start, end, lane, ["A", "B", "C"])
    for a, span, width in ((-300.0, 4600.0, 1600), (1000.25, 365.0, 800), (2000.0, 30.0, 1600),
                           (3990.5, 2.0, 300), (-900.0, 100.0, 50), (5000.0, 50.0, 64)):
        ppd = width / span
        assert ix.density(a, ppd, width) == \
            column_density(start, end, lane, a, ppd, width, 3), (n, a, span)
    assert ix.density(0.0, 1.0, 10, lanes=[1])[0] == [0] * 10


def test_items_from_events_and_suggested_lane() -> None:
    ev = Event("e1", "Strike", PartialDate(date(2024, 3, 1), date(2024, 3, 31), "month"),
               category="Attack", source_ids=("a1", "a2"))
    (item,) = items_from_events([ev], lambda e: e.category)
    assert (item.lane, item.precision, item.source_count, item.date_label) == \
        ("Attack", "month", 2, "March 2024")
    sug = TimelineItem("e2", "Maybe", date(2024, 1, 1), date(2024, 1, 1), lane="Attack",
                       suggested=True)
    ix = EventIndex.from_items([item, sug])
    assert ix.lanes == ("Attack", SUGGESTED_LANE)
    assert ix.end[ix.position("e1")] - ix.start[ix.position("e1")] == 31


def test_frame_aggregates_crowded_lanes_and_details_sparse_ones() -> None:
    ix = sample_index(20_000, long_share=0.0)
    tops = [40.0, 90.0, 140.0, 190.0]
    wide = build_frame(ix, SIXTEEN_YEARS, tops, 50, 20, lambda p: 80.0, lambda n: 20.0)
    assert wide.density is not None and all(wide.density_lanes) and not wide.pos
    day = TimeScale(0, 1, 1600).with_range(to_days(date(2016, 3, 1)), to_days(date(2016, 3, 3)))
    close = build_frame(ix, day, tops, 50, 20, lambda p: 80.0, lambda n: 20.0)
    assert close.pos and not all(close.density_lanes)
    i = 0
    hit = close.hit((close.x0[i] + close.x1[i]) / 2, close.y[i])
    assert hit == close.pos[i] or close.rug[i]


def test_heap_reference_is_what_we_think() -> None:
    """Guard the rows test itself: a heap of ends gives the same peak as brute force."""
    x0, x1 = [0, 1, 2, 10], [5, 3, 11, 12]
    ends: list[float] = []
    peak = 0
    for a, b in zip(x0, x1, strict=True):
        while ends and ends[0] <= a:
            heapq.heappop(ends)
        heapq.heappush(ends, b)
        peak = max(peak, len(ends))
    assert peak == naive_rows(x0, x1) == max(pack_rows(x0, x1)) + 1
