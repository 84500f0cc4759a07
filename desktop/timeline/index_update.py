"""Changing a few events of an EventIndex in place: every sorted column kept sorted by bisection."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any, NamedTuple

from desktop.timeline.layout import LONG_DAYS, EventIndex, _SortedTimes


class IndexRow(NamedTuple):
    """One event as the index holds it (start/end in days since 1970-01-01, end exclusive)."""

    id: str
    start: float
    end: float
    lane: int
    title: str = ""
    precision: int = 0
    sources: int = 1
    suggested: bool = False
    category: str = ""
    date_label: str = ""


def update_index(ix: EventIndex, gone: Iterable[str], added: Sequence[IndexRow]) -> None:
    """Drop the `gone` ids (and any id re-added) and insert `added`, in place, in O(n) memory moves
    (no sort): the columns, the short/long windows and the per-lane sorted times stay as a fresh
    build of the same events would have them (ties in start order aside)."""
    if any(not 0 <= r.lane < len(ix.lanes) for r in added):
        raise ValueError("lane index out of range")
    _materialise(ix)
    ids = ix.ids
    drop = set(gone) | {r.id for r in added}
    positions = sorted((p for p in (_find(ids, i) for i in drop) if p is not None), reverse=True)
    rebuild_lanes = False
    for p in positions:
        rebuild_lanes |= _remove(ix, p)
    for r in added:
        rebuild_lanes |= _insert(ix, r)
    ix._positions = None
    ix._lookups = 0
    if ix.long_idx:
        ix.l_reach = array("d", accumulate(ix.l_end, max))
    else:
        ix.l_reach = array("d")
    if rebuild_lanes or not len(ix.start):
        ix._lane_index()  # a time outside the bucket grid, or nothing left: rebuild the lane tables
        return


def _find(ids: list[str], event_id: str) -> int | None:
    try:
        return ids.index(event_id)
    except ValueError:
        return None


def materialised(ix: EventIndex) -> bool:
    """True when every column is a plain list or array (an update costs no conversion first)."""
    return all(isinstance(getattr(ix, n), list) for n in ("ids", "titles", "categories", "date_labels")) and \
        all(isinstance(getattr(ix, n), array) for n in ("precision", "sources", "suggested"))


def materialise(ix: EventIndex) -> None:
    """Turn the columns read through a permutation into plain lists and arrays now, so that the
    first edit after a load does not pay for it (the widget calls this when idle)."""
    _materialise(ix)


def _materialise(ix: EventIndex) -> None:
    """Columns read through a permutation become plain lists and arrays (once)."""
    for name, code in (("precision", "b"), ("sources", "i"), ("suggested", "b")):
        col = getattr(ix, name)
        if not isinstance(col, array):
            setattr(ix, name, array(code, list(col)))
    for name in ("ids", "titles", "categories", "date_labels"):
        col = getattr(ix, name)
        if not isinstance(col, list):
            setattr(ix, name, list(col))


def _columns(ix: EventIndex) -> tuple[Any, ...]:
    return (ix.start, ix.end, ix.lane, ix.ids, ix.titles, ix.precision, ix.sources, ix.suggested,
            ix.categories, ix.date_labels)


def _shift(idx: array, k: int, by: int) -> None:
    """Add `by` to every position from slot k on."""
    idx[k:] = array("q", map(by.__add__, idx[k:]))


def _in_grid(ix: EventIndex, s: float, e: float) -> bool:
    b = ix._buckets
    whole = s.is_integer() and e.is_integer()
    return (whole or not b.exact) and b.origin <= s and e <= b.edges[-1] - (1.0 if b.exact else 0.0)


def _remove(ix: EventIndex, p: int) -> bool:
    """Remove sorted position p; True when the lane tables must be rebuilt."""
    s, e, ln = ix.start[p], ix.end[p], ix.lane[p]
    for col in _columns(ix):
        del col[p]
    if e - s <= LONG_DAYS:
        idx, starts, ends = ix.short_idx, ix.s_start, ix.s_end
    else:
        idx, starts, ends = ix.long_idx, ix.l_start, ix.l_end
    k = bisect_left(idx, p)
    del idx[k], starts[k], ends[k]
    _shift(idx, k, -1)
    other = ix.long_idx if idx is ix.short_idx else ix.short_idx
    _shift(other, bisect_left(other, p), -1)
    if e >= ix._top:
        ix._top = max(ix.end) if len(ix.end) else 1.0
    ix.lane_counts[ln] -= 1
    _discard(ix._lane_starts[ln], s)
    _discard(ix._lane_ends[ln], e)
    _count(ix._all_starts, s, -1)  # its values are the start column itself, already shortened
    if ix._all_ends is not None:
        _discard(ix._all_ends, e)
    return False


def _insert(ix: EventIndex, r: IndexRow) -> bool:
    """Insert one event at its start-ordered place; True when the lane tables must be rebuilt."""
    s, e = float(r.start), max(float(r.end), float(r.start))
    q = bisect_right(ix.start, s)
    values = (s, e, r.lane, r.id, r.title, r.precision, r.sources, int(bool(r.suggested)), r.category,
              r.date_label)
    for col, v in zip(_columns(ix), values, strict=True):
        col.insert(q, v)
    short = e - s <= LONG_DAYS
    for idx, starts, ends, mine in ((ix.short_idx, ix.s_start, ix.s_end, short),
                                    (ix.long_idx, ix.l_start, ix.l_end, not short)):
        k = bisect_left(idx, q)
        _shift(idx, k, 1)
        if mine:
            idx.insert(k, q)
            starts.insert(k, s)
            ends.insert(k, e)
    if short:
        ix.max_short = max(ix.max_short, e - s)
    fits = len(ix.start) > 1 and _in_grid(ix, s, e)
    ix._top = max(ix._top, e) if len(ix.start) > 1 else e
    ix.lane_counts[r.lane] += 1
    _add(ix._lane_starts[r.lane], s)
    _add(ix._lane_ends[r.lane], e)
    _count(ix._all_starts, s, 1)
    if ix._all_ends is not None:
        _add(ix._all_ends, e)
    return not fits


def _discard(times: _SortedTimes, v: float) -> None:
    k = bisect_left(times.values, v)
    if k < len(times.values) and times.values[k] == v:
        del times.values[k]
        _count(times, v, -1)


def _add(times: _SortedTimes, v: float) -> None:
    times.values.insert(bisect_right(times.values, v), v)
    _count(times, v, 1)


def _count(times: _SortedTimes, v: float, by: int) -> None:
    """Keep a built bucket table true: every edge above v counts one value more (or less)."""
    table = times._table
    if table is None:
        return
    j = bisect_right(times._buckets.edges, v)
    table[j:] = map(by.__add__, table[j:])
