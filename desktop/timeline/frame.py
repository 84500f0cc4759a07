"""One frame's layout without Qt: which lanes aggregate, where each drawn event and label goes."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat

from desktop.timeline.layout import EventIndex, column_density, pack_rows, place_labels
from desktop.timeline.scale import TimeScale

MARKER, BAR, SOFT_BAR, SOFT_DOT = 0, 1, 2, 3
DAY, MONTH, YEAR, SPAN = 0, 1, 2, 3
MARKER_R = 5.5
MIN_BAR = 14.0
MAX_LABEL = 240.0
LABEL_GAP = 5.0


@dataclass
class Frame:
    """Layout of one frame; x in pixels from the plot's left edge, y in widget pixels.

    `density` holds events per pixel column for each lane (rows of aggregated lanes matter);
    the other lists run over the events drawn one by one, sorted by lane then x.
    """

    scale: TimeScale
    lane_top: list[float]
    lane_h: float
    row_h: float
    density: list[list[int]] | None = None
    density_lanes: list[bool] = field(default_factory=list)
    pos: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    x0: list[float] = field(default_factory=list)
    x1: list[float] = field(default_factory=list)
    y: list[float] = field(default_factory=list)
    lane: list[int] = field(default_factory=list)
    label_x: list[float] = field(default_factory=list)
    label_w: list[float] = field(default_factory=list)
    inside: list[bool] = field(default_factory=list)
    badge: list[int] = field(default_factory=list)
    label_full: list[float] = field(default_factory=list)
    rug: list[bool] = field(default_factory=list)

    def lane_at(self, y: float) -> int | None:
        """Lane index under widget y, if any."""
        for i, top in enumerate(self.lane_top):
            if top <= y < top + self.lane_h:
                return i
        return None

    def hit(self, x: float, y: float, slop: float = 3.0) -> int | None:
        """Sorted position of the drawn event (shape or its label) under (x, y), if any."""
        half = self.row_h / 2
        rows = [i for i, (yi, rug) in enumerate(zip(self.y, self.rug, strict=True))
                if not rug and abs(yi - y) <= half]
        best, best_d = None, math.inf
        for i in rows:
            a, b = self.x0[i], self.x1[i]
            if a - slop <= x <= b + slop:
                d = abs((a + b) / 2 - x)
                if d < best_d:
                    best, best_d = i, d
        if best is not None:
            return self.pos[best]
        for i in rows:
            w = self.label_w[i]
            if w > 0 and self.label_x[i] <= x <= self.label_x[i] + w:
                return self.pos[i]
        return None


def build_frame(index: EventIndex, scale: TimeScale, lane_top: Sequence[float], lane_h: float,
                row_h: float, text_width: Callable[[int], float],
                badge_width: Callable[[int], float], detail_max: int = 400) -> Frame:
    """Lay out the visible events: lanes whose events fit their rows are drawn one by one,
    crowded lanes (or too many events overall) aggregate into per-column density."""
    frame = Frame(scale, list(lane_top), lane_h, row_h)
    n_lanes = len(index.lanes)
    width = max(math.ceil(scale.width), 1)
    a, b, ppd = scale.start, scale.end, scale.px_per_day
    frame.density_lanes = [True] * n_lanes
    if n_lanes == 0 or len(index) == 0:
        frame.density_lanes = [False] * n_lanes
        return frame
    if index.estimate(a, b) > 4 * detail_max:
        frame.density = index.density(a, ppd, width)
        return frame
    pos = index.visible(a, b)
    kind, x0, x1 = shapes(index, pos, scale)
    lanes = [index.lane[p] for p in pos]
    counts = [0] * n_lanes
    for ln in lanes:
        counts[ln] += 1
    cap = rows_per_lane(lane_h, row_h)
    peak = peak_overlap(lanes, x0, x1, n_lanes)
    dense = [pk > 2 * cap or c > scale.width / 4 for pk, c in zip(peak, counts, strict=True)]
    for lane in sorted(range(n_lanes), key=lambda i: -counts[i]):
        if sum(c for c, d in zip(counts, dense, strict=True) if not d) <= detail_max:
            break
        dense[lane] = True
    frame.density_lanes = dense
    agg = [dense[ln] for ln in lanes]
    if any(agg):
        shown = list(compress(pos, agg))
        frame.density = column_density([index.start[p] for p in shown],
                                       [index.end[p] for p in shown],
                                       list(compress(lanes, agg)), a, ppd, width, n_lanes)
    keep = [i for i, g in enumerate(agg) if not g]
    _detail(frame, [pos[i] for i in keep], [kind[i] for i in keep], [x0[i] for i in keep],
            [x1[i] for i in keep], [lanes[i] for i in keep], cap, text_width, badge_width)
    return frame


def rows_per_lane(lane_h: float, row_h: float) -> int:
    """How many rows of events fit in one lane."""
    return max(1, int((lane_h - 4) // row_h))


def shapes(index: EventIndex, pos: Sequence[int],
           scale: TimeScale) -> tuple[list[int], list[float], list[float]]:
    """Kind and pixel extent of each event: precision decides marker, bar or soft-ended bar."""
    start, end, precision = index.start, index.end, index.precision
    t0, k = scale.start, scale.width / scale.span
    kinds: list[int] = []
    x0: list[float] = []
    x1: list[float] = []
    for p in pos:
        xs0, xs1 = (start[p] - t0) * k, (end[p] - t0) * k
        prec, wide = precision[p], xs1 - xs0 >= MIN_BAR
        if prec == SPAN:
            kind = BAR
        elif prec in (MONTH, YEAR):
            kind = SOFT_BAR if wide else SOFT_DOT
        else:
            kind = BAR if wide else MARKER
        centre = (xs0 + xs1) / 2
        if kind in (MARKER, SOFT_DOT):
            xs0, xs1 = centre - MARKER_R, centre + MARKER_R
        elif kind == BAR and xs1 - xs0 < 4:
            xs0, xs1 = centre - 2, centre + 2
        kinds.append(kind)
        x0.append(xs0)
        x1.append(xs1)
    return kinds, x0, x1


def peak_overlap(lanes: Sequence[int], x0: Sequence[float], x1: Sequence[float], n_lanes: int,
                 gap: float = 2.0) -> list[int]:
    """Most extents stacked at any x, per lane: the rows `pack_rows` would need (a sweep)."""
    peak = [0] * n_lanes
    steps = sorted([*zip(lanes, x0, repeat(1)), *zip(lanes, [b + gap for b in x1], repeat(-1))])
    run = 0
    for ln, _x, step in steps:
        run += step
        if run > peak[ln]:
            peak[ln] = run
    return peak


def _detail(frame: Frame, pos: list[int], kind: list[int], x0: list[float], x1: list[float],
            lanes: list[int], cap: int, text_width: Callable[[int], float],
            badge_width: Callable[[int], float]) -> None:
    """Rows and labels for the events drawn one by one; rows beyond the lane become a rug."""
    scale = frame.scale
    order = sorted(range(len(pos)), key=lambda i: (lanes[i], x0[i]))
    pos, kind = [pos[i] for i in order], [kind[i] for i in order]
    x0, x1, lanes = [x0[i] for i in order], [x1[i] for i in order], [lanes[i] for i in order]
    m = len(pos)
    y = [0.0] * m
    label_x = [0.0] * m
    label_w = [0.0] * m
    label_full = [0.0] * m
    inside = [False] * m
    badge = [0] * m
    width = scale.width
    rug = [False] * m
    lo = 0
    while lo < m:
        hi = lo
        while hi < m and lanes[hi] == lanes[lo]:
            hi += 1
        packed = pack_rows(x0[lo:hi], x1[lo:hi], 2.0)
        overflow = [r >= cap for r in packed]
        lane_top = frame.lane_top[lanes[lo]]
        top = lane_top + (frame.lane_h - cap * frame.row_h) / 2
        by_row: list[list[int]] = [[] for _ in range(cap)]
        for k, (r, over) in enumerate(zip(packed, overflow, strict=True)):
            rug[lo + k] = over
            if over:
                y[lo + k] = lane_top + frame.lane_h - 2
            else:
                y[lo + k] = top + (r + 0.5) * frame.row_h
                by_row[r].append(lo + k)
        for members in by_row:
            _row_labels(members, x0, x1, kind, pos, overflow, lo, width, text_width,
                        badge_width, label_x, label_w, inside, badge)
            for i in members:
                label_full[i] = text_width(pos[i])
        lo = hi
    frame.pos, frame.kind, frame.x0, frame.x1, frame.y, frame.lane = pos, kind, x0, x1, y, lanes
    frame.rug, frame.label_full = rug, label_full
    frame.label_x, frame.label_w, frame.inside, frame.badge = label_x, label_w, inside, badge


def _row_labels(members: list[int], x0: Sequence[float], x1: Sequence[float],
                kind: Sequence[int], pos: Sequence[int], overflow: Sequence[bool], lo: int,
                width: float, text_width: Callable[[int], float],
                badge_width: Callable[[int], float], label_x: list[float], label_w: list[float],
                inside: list[bool], badge: list[int]) -> None:
    """Greedy labels along one row: inside wide bars, else right of the shape, "+N" if hidden."""
    lefts: list[float] = []
    texts: list[float] = []
    limits: list[float] = []
    anchors: list[float] = []
    floors: list[float] = []
    for j, i in enumerate(members):
        tw = text_width(pos[i])
        a, b = max(x0[i], 0.0), min(x1[i], width)
        nxt = x0[members[j + 1]] if j + 1 < len(members) else width
        anchor = x0[i]
        if kind[i] in (BAR, SOFT_BAR) and b - a >= tw + 12:
            inside[i] = True
            left, limit, anchor = a + 6, b - a - 12, -1.0
        else:
            left = x1[i] + LABEL_GAP
            limit = min(nxt - LABEL_GAP, width) - left
            if j + 1 < len(members) or anchor > width:
                anchor = -1.0  # only the last item of a row may put its label on the left
        if overflow[i - lo] or left < 0:
            limit, anchor = 0.0, -1.0
        lefts.append(left)
        texts.append(tw)
        limits.append(min(limit, MAX_LABEL))
        anchors.append(anchor)
        floors.append(x1[members[j - 1]] + LABEL_GAP if j else 0.0)
    xs, shown, hidden = place_labels(lefts, texts, limits, badge_width, gap=8.0,
                                     anchor=anchors, floor=floors,
                                     max_w=MAX_LABEL)
    for j, i in enumerate(members):
        label_x[i], label_w[i], badge[i] = xs[j], shown[j], hidden[j]
