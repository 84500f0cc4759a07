"""Timeline layout without Qt: events as sorted arrays, range bisection, rows, labels, density.

Only the standard library: columns are `array.array`s and lists sorted by start time, visible
events are found by bisection, and per-pixel-column density is the difference of two bisections
per column boundary in per-lane sorted arrays (narrowed by a coarse bucket table).
"""

from __future__ import annotations

import heapq
import math
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress, islice, repeat
from operator import eq, le, lt, sub
from typing import Any

from desktop.timeline.items import PRECISIONS, SUGGESTED_LANE, TimelineItem
from desktop.timeline.scale import EPOCH_ORDINAL

LONG_DAYS = 62.0  # longer events (spans, whole years) are indexed apart so bisection stays tight
MAX_BUCKETS = 8192  # coarse cumulative table that narrows the density bisections
EXACT_DAYS = 40_000.0  # whole-day events over at most this many days count by table look-up
_PRECISION_CODE = {p: i for i, p in enumerate(PRECISIONS)}


def _column(values: Sequence[Any] | None, n: int, fill: Any) -> list[Any]:
    """A list of n values (or n copies of `fill`)."""
    if values is None:
        return [fill] * n
    out = list(values)
    if len(out) != n:
        raise ValueError(f"expected {n} values, got {len(out)}")
    return out


def _numbers(typecode: str, values: Iterable[Any] | None, n: int, fill: Any) -> array:
    """An array of n numbers (or n copies of `fill`)."""
    if values is None:
        return array(typecode, [fill]) * n
    try:
        out = array(typecode, values)  # type: ignore[arg-type]
    except TypeError:  # e.g. floats (or other number types) for integer codes
        out = array(typecode, map(int, values))
    if len(out) != n:
        raise ValueError(f"expected {n} values, got {len(out)}")
    return out


class _Buckets:
    """A grid over the events' period whose edges carry cumulative counts (see `table`).

    Whole-day data (as stored events are) get one bucket per day: the number of values below
    any instant is then read straight from the table. Otherwise (fractional days, or a period
    over `EXACT_DAYS`) buckets only narrow a bisection to a few values.
    """

    def __init__(self, origin: float, top: float, n: int, whole: bool) -> None:
        self.exact = whole and top - origin <= EXACT_DAYS
        if self.exact:
            self.origin = float(math.floor(origin))
            self.k, self.size = math.ceil(top) - int(self.origin) + 1, 1.0
        else:
            self.origin, self.k = origin, min(MAX_BUCKETS, max(16, n // 16))
            self.size = max((top - origin) / self.k, 1e-3)
        self.edges = [self.origin + j * self.size for j in range(self.k + 1)]

    def table(self, values: array) -> list[int]:
        """How many of the sorted `values` lie below each edge, then how many there are."""
        return [*map(bisect_left, repeat(values), self.edges), len(values)]

    def columns(self, ts: list[float]) -> _Columns:
        """What counting below the instants `ts` (column edges, non-decreasing) needs."""
        top = self.k + 1
        if self.exact:
            # whole-day values: v < t  ⇔  v < ceil(t), and v ≤ t  ⇔  v < floor(t) + 1
            o = -int(self.origin)
            return _Columns(None, _clamped(list(map(math.ceil, ts[1:])), o, top),
                            _clamped(list(map(math.floor, ts[:-1])), o + 1, top))
        inv = 1.0 / self.size
        js = list(map(math.floor, [(t - self.origin) * inv for t in ts]))
        # a bucket of slack either side, so rounding never puts an instant in the wrong one
        lo, hi = _clamped(js, -1, top), _clamped(js, 2, top)
        return _Columns(ts, (lo[1:], hi[1:]), (lo[:-1], hi[:-1]))


class _Columns:
    """Column edges prepared for counting: table slots for right and left edges."""

    __slots__ = ("left", "lefts", "right", "rights")

    def __init__(self, ts: list[float] | None, right: Any, left: Any) -> None:
        self.right, self.left = right, left
        self.rights, self.lefts = (ts[1:], ts[:-1]) if ts is not None else (None, None)

    def count(self, starts: _SortedTimes, ends: _SortedTimes) -> list[int]:
        """Per column: events begun before its right edge minus those ended by its left edge."""
        if self.rights is None or self.lefts is None:
            return list(map(sub, map(starts.table.__getitem__, self.right),
                            map(ends.table.__getitem__, self.left)))
        return list(map(sub, starts.below(self.rights, *self.right),
                        ends.below(self.lefts, *self.left, inclusive=True)))


def _clamped(js: list[int], shift: int, top: int) -> list[int]:
    """`j + shift` for each of the non-decreasing `js`, clamped to [0, top]."""
    i0 = bisect_left(js, -shift)
    i1 = bisect_right(js, top - shift)
    return [0] * i0 + list(map(shift.__add__, js[i0:i1])) + [top] * (len(js) - i1)


class _Permuted(Sequence[Any]):
    """A column read in another order (`values[order[i]]`), without copying it."""

    __slots__ = ("_order", "_values")

    def __init__(self, values: Sequence[Any], order: Sequence[int]) -> None:
        self._values, self._order = values, order

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._values[j] for j in self._order[i]]
        return self._values[self._order[i]]

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[Any]:
        return map(self._values.__getitem__, self._order)


class _SortedTimes:
    """Sorted instants with the bucket table that counts (or narrows bisection) below an edge;
    the table is built on first use, as only aggregated frames and the overview need it."""

    __slots__ = ("_buckets", "_table", "values")

    def __init__(self, values: array, buckets: _Buckets) -> None:
        self.values = values
        self._buckets = buckets
        self._table: list[int] | None = None

    @property
    def table(self) -> list[int]:
        """How many values lie below each bucket edge, then how many there are."""
        if self._table is None:
            self._table = self._buckets.table(self.values)
        return self._table

    def below(self, ts: Sequence[float], lo_j: Sequence[int], hi_j: Sequence[int],
              inclusive: bool = False) -> list[int]:
        """How many values are < t (≤ t when `inclusive`) for each t, bucket slots given."""
        t = self.table
        lo = map(t.__getitem__, lo_j)
        hi = map(t.__getitem__, hi_j)
        return list(map(bisect_right if inclusive else bisect_left, repeat(self.values), ts,
                        lo, hi))


class EventIndex:
    """Events sorted by start (days since epoch, end exclusive), queried by bisection.

    Columns are `array.array`s (start, end: float days; lane, precision, sources, suggested:
    ints) and lists (ids, titles, categories, date_labels), all in start order.
    """

    def __init__(
        self,
        ids: Sequence[str],
        start: Sequence[float],
        end: Sequence[float],
        lane: Sequence[int],
        lanes: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        precision: Sequence[int] | None = None,
        sources: Sequence[int] | None = None,
        suggested: Sequence[bool] | None = None,
        categories: Sequence[str] | None = None,
        date_labels: Sequence[str] | None = None,
    ) -> None:
        """Sort the columns once; `lane` holds indices into `lanes`. Any sequences will do:
        lists, tuples or `array.array`s."""
        ids = list(ids)
        n = len(ids)
        start_in = _numbers("d", start, n, 0.0)
        end_in = _numbers("d", end, n, 0.0)
        if not all(map(le, start_in, end_in)):  # an end before its start ends at the start
            end_in = array("d", map(max, end_in, start_in))
        lane_in = _numbers("i", lane, n, 0)
        in_order = all(map(le, start_in, islice(start_in, 1, None)))
        # keys read from a list: no float object made per look-up
        order = None if in_order else array("q", sorted(range(n), key=start_in.tolist().__getitem__))

        def sort(values: Sequence[Any], typecode: str = "") -> Any:
            """The column in start order: reordered now (typecode) or read through `order`."""
            if order is None:
                return values
            if typecode:
                return array(typecode, map(values.__getitem__, order))
            return _Permuted(values, order)

        self.lanes: tuple[str, ...] = tuple(lanes)
        self.start: array = sort(start_in, "d")
        self.end: array = sort(end_in, "d")
        self.lane: array = sort(lane_in, "i")
        # per-event details are read only for the few events drawn or hovered
        self.precision: Sequence[int] = sort(_numbers("b", precision, n, 0))
        self.sources: Sequence[int] = sort(_numbers("i", sources, n, 1))
        self.suggested: Sequence[int] = sort(_numbers("b", suggested, n, 0))
        self.ids: Sequence[str] = sort(ids)
        self.titles: Sequence[str] = sort(_column(titles, n, ""))
        self.categories: Sequence[str] = sort(_column(categories, n, ""))
        self.date_labels: Sequence[str] = sort(_column(date_labels, n, ""))
        if n and (min(self.lane) < 0 or max(self.lane) >= len(self.lanes)):
            raise ValueError("lane index out of range")
        self._positions: dict[str, int] | None = None
        self._lookups = 0
        lens = array("d", map(sub, self.end, self.start))
        if max(lens, default=0.0) <= LONG_DAYS:  # only short events (days, say): no split to make
            self.short_idx, self.long_idx = array("q", range(n)), array("q")
            self.s_start, self.s_end = array("d", self.start), array("d", self.end)
            self.l_start, self.l_end = array("d"), array("d")
            self.max_short = max(lens, default=0.0)
        else:
            long = list(map(lt, repeat(LONG_DAYS), lens))
            short = list(map(le, lens, repeat(LONG_DAYS)))
            self.short_idx = array("q", compress(range(n), short))
            self.long_idx = array("q", compress(range(n), long))
            self.s_start = array("d", compress(self.start, short))
            self.s_end = array("d", compress(self.end, short))
            self.l_start = array("d", compress(self.start, long))
            self.l_end = array("d", compress(self.end, long))
            self.max_short = max(compress(lens, short), default=0.0)
        self.l_reach = array("d", accumulate(self.l_end, max))
        self._lane_index()

    def _lane_index(self) -> None:
        """Per lane: sorted starts and sorted ends with bucket tables, for column density."""
        n_lanes, n = len(self.lanes), len(self.start)
        count = Counter(self.lane)
        self.lane_counts = [count.get(i, 0) for i in range(n_lanes)]
        by_lane = sorted(range(n), key=self.lane.tolist().__getitem__)  # stable: start order kept
        start_list, end_list = self.start.tolist(), self.end.tolist()  # read without making floats
        starts = array("d", map(start_list.__getitem__, by_lane))
        top = self._top = max(self.end) if n else 1.0
        whole = all(map(float.is_integer, self.start)) and all(map(float.is_integer, self.end))
        self._buckets = _Buckets(self.start[0] if n else 0.0, top, n, whole)
        self._lane_starts: list[_SortedTimes] = []
        self._lane_ends: list[_SortedTimes] = []
        at = 0
        for c in self.lane_counts:
            part = by_lane[at:at + c]
            self._lane_starts.append(_SortedTimes(starts[at:at + c], self._buckets))
            ends = array("d", sorted(map(end_list.__getitem__, part)))
            self._lane_ends.append(_SortedTimes(ends, self._buckets))
            at += c
        self._all_starts = _SortedTimes(self.start, self._buckets)
        self._all_ends: _SortedTimes | None = None

    @classmethod
    def from_items(cls, items: Sequence[TimelineItem],
                   lane_order: Sequence[str] | None = None) -> EventIndex:
        """Build from items; suggested items get their own lane, listed last."""
        suggested = [bool(it.suggested) for it in items]
        names = [it.lane for it in items]
        lanes = list(dict.fromkeys(lane_order or ()))
        known = set(lanes)
        lanes += sorted({nm for nm, s in zip(names, suggested, strict=True)
                         if not s and nm not in known})
        if any(suggested):
            lanes.append(SUGGESTED_LANE)
        code = {nm: i for i, nm in enumerate(lanes)}
        sug = code.get(SUGGESTED_LANE, -1)
        lane = [sug if s else code[nm] for nm, s in zip(names, suggested, strict=True)]
        off = EPOCH_ORDINAL
        return cls(
            [it.id for it in items],
            [float(it.start.toordinal() - off) for it in items],
            [float(it.end.toordinal() - off + 1) for it in items],
            lane,
            lanes,
            titles=[it.title for it in items],
            precision=[_PRECISION_CODE.get(it.precision, 0) for it in items],
            sources=[it.source_count for it in items],
            suggested=suggested,
            categories=[it.category for it in items],
            date_labels=[it.date_label for it in items],
        )

    def __len__(self) -> int:
        """Number of events."""
        return len(self.start)

    def extent(self) -> tuple[float, float] | None:
        """First start and last end (days), or None when empty."""
        if not len(self.start):
            return None
        return self.start[0], self._top

    def position(self, event_id: str) -> int | None:
        """Sorted position of an event id."""
        if self._positions is None:
            self._lookups += 1
            if self._lookups <= 8 and isinstance(self.ids, list):  # a few look-ups: no map yet
                try:
                    return self.ids.index(event_id)
                except ValueError:
                    return None
            self._positions = {str(e): i for i, e in enumerate(self.ids)}
        return self._positions.get(event_id)

    def short_window(self, a: float, b: float) -> tuple[int, int]:
        """Slice of the short-event arrays that may overlap [a, b): bisection only."""
        lo = bisect_right(self.s_start, a - self.max_short)
        return lo, bisect_left(self.s_start, b)

    def long_window(self, a: float, b: float) -> tuple[int, int]:
        """Slice of the long-event arrays that may overlap [a, b) (running max of ends)."""
        return bisect_right(self.l_reach, a), bisect_left(self.l_start, b)

    def estimate(self, a: float, b: float) -> int:
        """Upper bound on how many events overlap [a, b), in O(log n)."""
        s0, s1 = self.short_window(a, b)
        l0, l1 = self.long_window(a, b)
        return (s1 - s0) + (l1 - l0)

    def visible(self, a: float, b: float) -> list[int]:
        """Sorted positions of events overlapping [a, b)."""
        s0, s1 = self.short_window(a, b)
        l0, l1 = self.long_window(a, b)
        a = float(a)
        s = list(compress(self.short_idx[s0:s1], map(lt, repeat(a), self.s_end[s0:s1])))
        lg = list(compress(self.long_idx[l0:l1], map(lt, repeat(a), self.l_end[l0:l1])))
        return sorted(s + lg) if lg else s

    def nearest(self, t: float, tol: float, lane: int | None = None) -> int | None:
        """Position of the event closest to instant t within tol days (in `lane` if given)."""
        idx = self.visible(t - tol, t + tol)
        if lane is not None:
            idx = list(compress(idx, map(eq, map(self.lane.__getitem__, idx), repeat(lane))))
        best, best_d = None, math.inf
        start, end = self.start, self.end
        for p in idx:
            d = max(start[p] - t, 0.0) + max(t - end[p], 0.0)
            if d < best_d:
                best, best_d = p, d
        return best

    def density(self, a: float, px_per_day: float, width: int,
                lanes: Iterable[int] | None = None) -> list[list[int]]:
        """Events per (lane, pixel column) over `width` columns from instant `a`, each event
        counted in every column it touches; lanes not asked for stay empty.

        Column c counts the events starting before its right edge minus those ending at or
        before its left edge: two bisections per column boundary in each lane's sorted starts
        and sorted ends, narrowed by the bucket table, so the cost hardly grows with n.
        """
        wanted = set(range(len(self.lanes)) if lanes is None else lanes)
        pairs = zip(self._lane_starts, self._lane_ends, strict=True)
        cols = self._columns(a, px_per_day, width)
        return [cols.count(st, en) if i in wanted and len(st.values) else [0] * width
                for i, (st, en) in enumerate(pairs)]

    def total_density(self, a: float, px_per_day: float, width: int) -> list[int]:
        """Events per pixel column, all lanes together (see `density`)."""
        if self._all_ends is None:
            self._all_ends = _SortedTimes(array("d", sorted(self.end)), self._buckets)
        return self._columns(a, px_per_day, width).count(self._all_starts, self._all_ends)

    def _columns(self, a: float, px_per_day: float, width: int) -> _Columns:
        """The `width` + 1 column boundaries from instant `a`, ready for counting."""
        return self._buckets.columns([a + c / px_per_day for c in range(width + 1)])


def column_density(start: Sequence[float], end: Sequence[float], lane: Sequence[int], a: float,
                   px_per_day: float, width: int, n_lanes: int) -> list[list[int]]:
    """Events per (lane, pixel column), every event counted in each column it covers.

    Direct difference array over the given events (for a few hundred of them; whole lanes use
    `EventIndex.density`); events outside the view cancel out and need no masking.
    """
    diff = [[0] * (width + 1) for _ in range(n_lanes)]
    floor, ceil = math.floor, math.ceil
    for s, e, ln in zip(start, end, lane, strict=True):
        c0 = floor((s - a) * px_per_day)
        c1 = max(ceil((e - a) * px_per_day), c0 + 1)
        row = diff[ln]
        row[min(max(c0, 0), width)] += 1
        row[min(max(c1, 0), width)] -= 1
    return [list(accumulate(row[:width])) for row in diff]


def pack_rows(x0: Sequence[float], x1: Sequence[float], gap: float = 0.0) -> list[int]:
    """Lowest free row for each interval (sorted by x0): rows used = peak overlap, O(n log n)."""
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    rows: list[int] = []
    for a, b in zip(x0, x1, strict=True):
        while busy and busy[0][0] + gap <= a:
            heapq.heappush(free, heapq.heappop(busy)[1])
        row = heapq.heappop(free) if free else len(busy)
        heapq.heappush(busy, (b, row))
        rows.append(row)
    return rows


def place_labels(left: Sequence[float], text_w: Sequence[float], limit: Sequence[float],
                 badge_w: Callable[[int], float], gap: float = 6.0, min_w: float = 30.0,
                 anchor: Sequence[float] | None = None, floor: Sequence[float] | None = None,
                 max_w: float = float("inf")) -> tuple[list[float], list[float], list[int]]:
    """Greedy labels along one row, items sorted by position: (left, width shown, "+N") each.

    Width 0 means hidden. A label that does not fit right of its item may go left of
    `anchor` (the item's left edge, not before `floor`) when there is more room there. A hidden item is counted in
    the "+N" of the last label placed before it (or the next one, when none was); the badge's
    room is reserved as the count grows, so labels and badges never overlap.
    """
    n = len(left)
    lefts = list(left)
    shown = [0.0] * n
    hidden = [0] * n
    room_of = list(limit)
    cursor = float("-inf")
    last = -1
    pending = 0
    for i in range(n):
        room = limit[i]
        need = min(min_w, text_w[i])
        lo = max(cursor, floor[i] if floor is not None else 0.0, 0.0)
        back = anchor[i] - gap - lo if anchor is not None else -1.0
        if left[i] >= cursor and room >= need and (room >= text_w[i] or room >= back):
            shown[i] = min(text_w[i], room)
        elif back >= need and back > room:
            room_of[i] = min(back, max_w)
            shown[i] = min(text_w[i], room_of[i])
            lefts[i] = anchor[i] - gap - shown[i]  # type: ignore[index]
        elif last < 0:
            pending += 1
            continue
        else:
            hidden[last] += 1
            cursor = max(cursor, _with_badge(lefts, text_w, room_of, shown, hidden, badge_w,
                                             last, gap, anchor))
            continue
        cursor = lefts[i] + shown[i] + gap
        last = i
        if pending:
            hidden[i], pending = pending, 0
            cursor = _with_badge(lefts, text_w, room_of, shown, hidden, badge_w, i, gap, anchor)
    return lefts, shown, hidden


def _with_badge(lefts: list[float], text_w: Sequence[float], room: Sequence[float],
                shown: list[float], hidden: list[int], badge_w: Callable[[int], float],
                i: int, gap: float, anchor: Sequence[float] | None,
                min_shown: float = 24.0) -> float:
    """Shrink label i to leave room for its badge; return where the next label may start.

    When too little of the label would remain, it goes too and its item joins the count.
    """
    flipped = anchor is not None and lefts[i] < anchor[i]
    label = min(text_w[i] + badge_w(hidden[i]), room[i]) - badge_w(hidden[i])
    if shown[i] > 0 and label < min(min_shown, text_w[i]):
        shown[i] = 0.0
        hidden[i] += 1
    bw = badge_w(hidden[i])
    total = bw if shown[i] == 0 else min(text_w[i] + bw, room[i])
    shown[i] = max(total - bw, 0.0)
    if flipped:
        lefts[i] = anchor[i] - gap - total  # type: ignore[index]
        return anchor[i] + gap  # type: ignore[index]
    return lefts[i] + total + gap
