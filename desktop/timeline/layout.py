"""Timeline layout without Qt: events as sorted arrays, range bisection, rows, labels, density."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from desktop.timeline.items import PRECISIONS, SUGGESTED_LANE, TimelineItem
from desktop.timeline.scale import EPOCH_ORDINAL

LONG_DAYS = 62.0  # longer events (spans, whole years) are indexed apart so bisection stays tight
_PRECISION_CODE = {p: i for i, p in enumerate(PRECISIONS)}


def _obj(values: Sequence[Any] | None, n: int, fill: Any) -> np.ndarray:
    """An object array of n values (or n copies of `fill`)."""
    out = np.empty(n, dtype=object)
    if values is None:
        out[:] = fill
    else:
        out[:] = list(values) if not isinstance(values, np.ndarray) else values
    return out


class EventIndex:
    """Events sorted by start (days since epoch, end exclusive), queried by bisection."""

    def __init__(
        self,
        ids: Sequence[str],
        start: np.ndarray,
        end: np.ndarray,
        lane: np.ndarray,
        lanes: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        precision: np.ndarray | None = None,
        sources: np.ndarray | None = None,
        suggested: np.ndarray | None = None,
        categories: Sequence[str] | None = None,
        date_labels: Sequence[str] | None = None,
    ) -> None:
        """Sort the columns once; `lane` holds indices into `lanes`."""
        n = len(ids)
        start = np.asarray(start, dtype=np.float64)
        end = np.maximum(np.asarray(end, dtype=np.float64), start)
        order = np.argsort(start, kind="stable")
        self.lanes: tuple[str, ...] = tuple(lanes)
        self.start = start[order]
        self.end = end[order]
        self.lane = np.asarray(lane, dtype=np.int32)[order]
        self.precision = (np.zeros(n, np.int8) if precision is None
                          else np.asarray(precision, dtype=np.int8)[order])
        self.sources = (np.ones(n, np.int32) if sources is None
                        else np.asarray(sources, dtype=np.int32)[order])
        self.suggested = (np.zeros(n, bool) if suggested is None
                          else np.asarray(suggested, dtype=bool)[order])
        self.ids = _obj(ids, n, "")[order]
        self.titles = _obj(titles, n, "")[order]
        self.categories = _obj(categories, n, "")[order]
        self.date_labels = _obj(date_labels, n, "")[order]
        self._positions: dict[str, int] | None = None
        long = (self.end - self.start) > LONG_DAYS
        self.short_idx = np.flatnonzero(~long)
        self.long_idx = np.flatnonzero(long)
        self.s_start, self.s_end = self.start[self.short_idx], self.end[self.short_idx]
        self.s_lane = self.lane[self.short_idx]
        self.l_start, self.l_end = self.start[self.long_idx], self.end[self.long_idx]
        self.l_lane = self.lane[self.long_idx]
        self.l_reach = np.maximum.accumulate(self.l_end) if len(self.l_end) else self.l_end
        lens = self.s_end - self.s_start
        self.max_short = float(lens.max()) if len(lens) else 0.0

    @classmethod
    def from_items(cls, items: Sequence[TimelineItem],
                   lane_order: Sequence[str] | None = None) -> EventIndex:
        """Build from items; suggested items get their own lane, listed last."""
        suggested = np.fromiter((it.suggested for it in items), bool, len(items))
        names = [it.lane for it in items]
        lanes = list(dict.fromkeys(lane_order or ()))
        known = set(lanes)
        lanes += sorted({nm for nm, s in zip(names, suggested, strict=True)
                         if not s and nm not in known})
        if suggested.any():
            lanes.append(SUGGESTED_LANE)
        code = {nm: i for i, nm in enumerate(lanes)}
        sug = code.get(SUGGESTED_LANE, -1)
        lane = np.fromiter((sug if s else code[nm] for nm, s in zip(names, suggested, strict=True)),
                           np.int32, len(items))
        off = EPOCH_ORDINAL
        return cls(
            [it.id for it in items],
            np.fromiter((it.start.toordinal() - off for it in items), np.float64, len(items)),
            np.fromiter((it.end.toordinal() - off + 1 for it in items), np.float64, len(items)),
            lane,
            lanes,
            titles=[it.title for it in items],
            precision=np.fromiter((_PRECISION_CODE.get(it.precision, 0) for it in items),
                                  np.int8, len(items)),
            sources=np.fromiter((it.source_count for it in items), np.int32, len(items)),
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
        return float(self.start[0]), float(self.end.max())

    def position(self, event_id: str) -> int | None:
        """Sorted position of an event id."""
        if self._positions is None:
            self._positions = {str(e): i for i, e in enumerate(self.ids)}
        return self._positions.get(event_id)

    def short_window(self, a: float, b: float) -> tuple[int, int]:
        """Slice of the short-event arrays that may overlap [a, b): bisection only."""
        lo = int(np.searchsorted(self.s_start, a - self.max_short, "right"))
        return lo, int(np.searchsorted(self.s_start, b, "left"))

    def long_window(self, a: float, b: float) -> tuple[int, int]:
        """Slice of the long-event arrays that may overlap [a, b) (running max of ends)."""
        lo = int(np.searchsorted(self.l_reach, a, "right"))
        return lo, int(np.searchsorted(self.l_start, b, "left"))

    def estimate(self, a: float, b: float) -> int:
        """Upper bound on how many events overlap [a, b), in O(log n)."""
        s0, s1 = self.short_window(a, b)
        l0, l1 = self.long_window(a, b)
        return (s1 - s0) + (l1 - l0)

    def visible(self, a: float, b: float) -> np.ndarray:
        """Sorted positions of events overlapping [a, b)."""
        s0, s1 = self.short_window(a, b)
        l0, l1 = self.long_window(a, b)
        s = self.short_idx[s0:s1][self.s_end[s0:s1] > a]
        lg = self.long_idx[l0:l1][self.l_end[l0:l1] > a]
        return np.sort(np.concatenate([s, lg])) if len(lg) else s

    def nearest(self, t: float, tol: float, lane: int | None = None) -> int | None:
        """Position of the event closest to instant t within tol days (in `lane` if given)."""
        idx = self.visible(t - tol, t + tol)
        if lane is not None:
            idx = idx[self.lane[idx] == lane]
        if not len(idx):
            return None
        dist = np.maximum(self.start[idx] - t, 0) + np.maximum(t - self.end[idx], 0)
        return int(idx[int(np.argmin(dist))])


def column_density(start: np.ndarray, end: np.ndarray, lane: np.ndarray, a: float,
                   px_per_day: float, width: int, n_lanes: int) -> np.ndarray:
    """Events per (lane, pixel column), every event counted in each column it covers.

    Uses a difference array, so events outside the view cancel out and need no masking.
    """
    w1 = width + 1
    c0 = np.floor((start - a) * px_per_day)
    c1 = np.maximum(np.ceil((end - a) * px_per_day), c0 + 1)
    np.clip(c0, 0, width, out=c0)
    np.clip(c1, 0, width, out=c1)
    base = lane.astype(np.int64) * w1
    size = n_lanes * w1
    diff = np.bincount(base + c0.astype(np.int64), minlength=size)[:size]
    diff = diff - np.bincount(base + c1.astype(np.int64), minlength=size)[:size]
    return np.cumsum(diff.reshape(n_lanes, w1), axis=1)[:, :width]


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
