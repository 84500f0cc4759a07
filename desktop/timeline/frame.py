"""One frame's layout without Qt: which lanes aggregate, where each drawn event and label goes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

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
    """Layout of one frame; x in pixels from the plot's left edge, y in widget pixels."""

    scale: TimeScale
    lane_top: list[float]
    lane_h: float
    row_h: float
    density: np.ndarray | None = None
    density_lanes: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    pos: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    x0: np.ndarray = field(default_factory=lambda: np.zeros(0))
    x1: np.ndarray = field(default_factory=lambda: np.zeros(0))
    y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lane: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    label_x: list[float] = field(default_factory=list)
    label_w: list[float] = field(default_factory=list)
    inside: list[bool] = field(default_factory=list)
    badge: list[int] = field(default_factory=list)
    label_full: list[float] = field(default_factory=list)
    rug: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))

    def lane_at(self, y: float) -> int | None:
        """Lane index under widget y, if any."""
        for i, top in enumerate(self.lane_top):
            if top <= y < top + self.lane_h:
                return i
        return None

    def hit(self, x: float, y: float, slop: float = 3.0) -> int | None:
        """Sorted position of the drawn event (shape or its label) under (x, y), if any."""
        if not len(self.pos):
            return None
        half = self.row_h / 2
        in_row = (np.abs(self.y - y) <= half) & ~self.rug
        on_shape = in_row & (self.x0 - slop <= x) & (x <= self.x1 + slop)
        if on_shape.any():
            cand = np.flatnonzero(on_shape)
            centre = (self.x0[cand] + self.x1[cand]) / 2
            return int(self.pos[cand[int(np.argmin(np.abs(centre - x)))]])
        lx = np.asarray(self.label_x)
        lw = np.asarray(self.label_w)
        on_label = in_row & (lw > 0) & (lx <= x) & (x <= lx + lw)
        if on_label.any():
            return int(self.pos[int(np.flatnonzero(on_label)[0])])
        return None


def build_frame(index: EventIndex, scale: TimeScale, lane_top: Sequence[float], lane_h: float,
                row_h: float, text_width: Callable[[int], float],
                badge_width: Callable[[int], float], detail_max: int = 400) -> Frame:
    """Lay out the visible events: lanes whose events fit their rows are drawn one by one,
    crowded lanes (or too many events overall) aggregate into per-column density."""
    frame = Frame(scale, list(lane_top), lane_h, row_h)
    n_lanes = len(index.lanes)
    width = max(int(np.ceil(scale.width)), 1)
    a, b, ppd = scale.start, scale.end, scale.px_per_day
    frame.density_lanes = np.ones(n_lanes, bool)
    if n_lanes == 0 or len(index) == 0:
        frame.density_lanes[:] = False
        return frame
    if index.estimate(a, b) > 4 * detail_max:
        s0, s1 = index.short_window(a, b)
        l0, l1 = index.long_window(a, b)
        frame.density = column_density(index.s_start[s0:s1], index.s_end[s0:s1],
                                       index.s_lane[s0:s1], a, ppd, width, n_lanes)
        if l1 > l0:
            frame.density += column_density(index.l_start[l0:l1], index.l_end[l0:l1],
                                            index.l_lane[l0:l1], a, ppd, width, n_lanes)
        return frame
    pos = index.visible(a, b)
    kind, x0, x1 = shapes(index, pos, scale)
    lanes = index.lane[pos]
    counts = np.bincount(lanes, minlength=n_lanes)
    cap = rows_per_lane(lane_h, row_h)
    dense = (peak_overlap(lanes, x0, x1, n_lanes) > 2 * cap) | (counts > scale.width / 4)
    for lane in np.argsort(-counts, kind="stable"):
        if counts[~dense].sum() <= detail_max:
            break
        dense[lane] = True
    frame.density_lanes = dense
    agg = dense[lanes]
    if agg.any():
        frame.density = column_density(index.start[pos[agg]], index.end[pos[agg]], lanes[agg],
                                       a, ppd, width, n_lanes)
    keep = ~agg
    _detail(frame, pos[keep], kind[keep], x0[keep], x1[keep], lanes[keep], cap, text_width,
            badge_width)
    return frame


def rows_per_lane(lane_h: float, row_h: float) -> int:
    """How many rows of events fit in one lane."""
    return max(1, int((lane_h - 4) // row_h))


def shapes(index: EventIndex, pos: np.ndarray,
           scale: TimeScale) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kind and pixel extent of each event: precision decides marker, bar or soft-ended bar."""
    xs0 = scale.x_of(index.start[pos])
    xs1 = scale.x_of(index.end[pos])
    prec = index.precision[pos]
    wide = (xs1 - xs0) >= MIN_BAR
    soft = (prec == MONTH) | (prec == YEAR)
    kind = np.where(soft, np.where(wide, SOFT_BAR, SOFT_DOT), np.where(wide, BAR, MARKER))
    kind[prec == SPAN] = BAR
    centre = (xs0 + xs1) / 2
    point = (kind == MARKER) | (kind == SOFT_DOT)
    narrow_bar = (kind == BAR) & ((xs1 - xs0) < 4)
    x0 = np.where(point, centre - MARKER_R, np.where(narrow_bar, centre - 2, xs0))
    x1 = np.where(point, centre + MARKER_R, np.where(narrow_bar, centre + 2, xs1))
    return kind.astype(np.int8), x0, x1


def peak_overlap(lanes: np.ndarray, x0: np.ndarray, x1: np.ndarray, n_lanes: int,
                 gap: float = 2.0) -> np.ndarray:
    """Most extents stacked at any x, per lane: the rows `pack_rows` would need (vectorised)."""
    peak = np.zeros(n_lanes, np.int64)
    if not len(lanes):
        return peak
    xs = np.concatenate([x0, x1 + gap])
    step = np.concatenate([np.ones(len(x0), np.int64), -np.ones(len(x1), np.int64)])
    ln = np.concatenate([lanes, lanes])
    order = np.lexsort((step, xs, ln))
    np.maximum.at(peak, ln[order], np.cumsum(step[order]))
    return peak


def _detail(frame: Frame, pos: np.ndarray, kind: np.ndarray, x0: np.ndarray, x1: np.ndarray,
            lanes: np.ndarray, cap: int, text_width: Callable[[int], float],
            badge_width: Callable[[int], float]) -> None:
    """Rows and labels for the events drawn one by one; rows beyond the lane become a rug."""
    scale = frame.scale
    order = np.lexsort((x0, lanes))
    pos, kind, x0, x1, lanes = pos[order], kind[order], x0[order], x1[order], lanes[order]
    m = len(pos)
    y = np.zeros(m)
    label_x = [0.0] * m
    label_w = [0.0] * m
    label_full = [0.0] * m
    inside = [False] * m
    badge = [0] * m
    width = scale.width
    rug = np.zeros(m, bool)
    bounds = np.flatnonzero(np.diff(lanes)) + 1
    for lo, hi in zip(np.r_[0, bounds], np.r_[bounds, m], strict=True):
        if hi <= lo:
            continue
        packed = np.asarray(pack_rows(x0[lo:hi].tolist(), x1[lo:hi].tolist(), 2.0))
        overflow = packed >= cap
        rows = np.minimum(packed, cap - 1)
        rug[lo:hi] = overflow
        top = frame.lane_top[int(lanes[lo])] + (frame.lane_h - cap * frame.row_h) / 2
        y[lo:hi] = np.where(overflow, frame.lane_top[int(lanes[lo])] + frame.lane_h - 2,
                            top + (rows + 0.5) * frame.row_h)
        for row in range(cap):
            members = [lo + int(k) for k in np.flatnonzero((rows == row) & ~overflow)]
            _row_labels(members, x0, x1, kind, pos, overflow, lo, width, text_width,
                        badge_width, label_x, label_w, inside, badge)
            for i in members:
                label_full[i] = text_width(int(pos[i]))
    frame.pos, frame.kind, frame.x0, frame.x1, frame.y, frame.lane = pos, kind, x0, x1, y, lanes
    frame.rug, frame.label_full = rug, label_full
    frame.label_x, frame.label_w, frame.inside, frame.badge = label_x, label_w, inside, badge


def _row_labels(members: list[int], x0: np.ndarray, x1: np.ndarray, kind: np.ndarray,
                pos: np.ndarray, overflow: np.ndarray, lo: int, width: float,
                text_width: Callable[[int], float], badge_width: Callable[[int], float],
                label_x: list[float], label_w: list[float], inside: list[bool],
                badge: list[int]) -> None:
    """Greedy labels along one row: inside wide bars, else right of the shape, "+N" if hidden."""
    lefts: list[float] = []
    texts: list[float] = []
    limits: list[float] = []
    anchors: list[float] = []
    floors: list[float] = []
    for j, i in enumerate(members):
        tw = text_width(int(pos[i]))
        a, b = max(float(x0[i]), 0.0), min(float(x1[i]), width)
        nxt = float(x0[members[j + 1]]) if j + 1 < len(members) else width
        anchor = float(x0[i])
        if kind[i] in (BAR, SOFT_BAR) and b - a >= tw + 12:
            inside[i] = True
            left, limit, anchor = a + 6, b - a - 12, -1.0
        else:
            left = float(x1[i]) + LABEL_GAP
            limit = min(nxt - LABEL_GAP, width) - left
            if j + 1 < len(members) or anchor > width:
                anchor = -1.0  # only the last item of a row may put its label on the left
        if overflow[i - lo] or left < 0:
            limit, anchor = 0.0, -1.0
        lefts.append(left)
        texts.append(tw)
        limits.append(min(limit, MAX_LABEL))
        anchors.append(anchor)
        floors.append(float(x1[members[j - 1]]) + LABEL_GAP if j else 0.0)
    xs, shown, hidden = place_labels(lefts, texts, limits, badge_width, gap=8.0,
                                     anchor=anchors, floor=floors,
                                     max_w=MAX_LABEL)
    for j, i in enumerate(members):
        label_x[i], label_w[i], badge[i] = xs[j], shown[j], hidden[j]
