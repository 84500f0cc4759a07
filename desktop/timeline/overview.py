"""Aggregated drawing: per-pixel-column density strips and the overview strip of the whole range."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from desktop.timeline.frame import MARKER_R, Frame
from desktop.timeline.layout import EventIndex, column_density
from desktop.timeline.paint import Geometry, Theme
from desktop.timeline.scale import DAYS_PER_YEAR, TimeScale, to_date, to_days


def _image(argb: np.ndarray) -> QImage:
    """A QImage owning a copy of a (rows, cols) uint32 premultiplied ARGB array."""
    argb = np.ascontiguousarray(argb, dtype=np.uint32)
    h, w = argb.shape
    return QImage(argb.tobytes(), w, h, w * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()


def density_image(density: np.ndarray, mask: np.ndarray, colours: Sequence[QColor]) -> QImage:
    """One pixel row per lane: alpha grows with log(events per column), premultiplied ARGB."""
    counts = density.astype(np.float32)
    counts[~mask] = 0
    peak = float(counts.max()) if counts.size else 0.0
    level = np.log1p(counts) / np.log1p(max(peak, 1.0))
    alpha = np.where(counts > 0, 0.15 + 0.7 * level, 0.0).astype(np.float32)
    alpha *= np.array([c.alphaF() for c in colours], np.float32)[:, None]
    rgb = np.array([[c.red(), c.green(), c.blue()] for c in colours], np.float32)
    pre = (rgb[:, None, :] * alpha[:, :, None]).astype(np.uint32)
    argb = ((alpha * 255).astype(np.uint32) << 24) | (pre[..., 0] << 16) | (pre[..., 1] << 8) \
        | pre[..., 2]
    return _image(argb)


def draw_density(p: QPainter, g: Geometry, frame: Frame, theme: Theme) -> None:
    """Aggregated lanes: one density strip per lane, a pixel column per time bucket."""
    if frame.density is None or not frame.density_lanes.any():
        return
    img = density_image(frame.density, frame.density_lanes, theme.lanes)
    for lane in np.flatnonzero(frame.density_lanes):
        top = frame.lane_top[int(lane)]
        pad = min(6.0, frame.lane_h / 6)
        target = QRectF(g.plot.left(), top + pad, img.width(), frame.lane_h - 2 * pad)
        p.drawImage(target, img, QRectF(0, int(lane), img.width(), 1))


def draw_selected_dense(p: QPainter, g: Geometry, frame: Frame, index: EventIndex,
                        selected: Iterable[int], theme: Theme) -> None:
    """Selected events inside aggregated lanes still get a marker and a ring."""
    scale = frame.scale
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for pos in selected:
        lane = int(index.lane[pos])
        if not len(frame.density_lanes) or not frame.density_lanes[lane]:
            continue
        if index.end[pos] <= scale.start or index.start[pos] >= scale.end:
            continue
        x = g.plot.left() + scale.x_of((index.start[pos] + index.end[pos]) / 2)
        y = frame.lane_top[lane] + frame.lane_h / 2
        p.setPen(QPen(theme.base, 1.5))
        p.setBrush(theme.lanes[lane])
        p.drawEllipse(QPointF(x, y), MARKER_R, MARKER_R)
        p.setPen(QPen(theme.highlight, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(x, y), MARKER_R + 3, MARKER_R + 3)


def overview_scale(index: EventIndex, visible: TimeScale, width: float) -> TimeScale:
    """The overview's period: all events and the visible window."""
    ext = index.extent()
    lo, hi = (visible.start, visible.end) if ext is None else ext
    return TimeScale.fit(min(lo, visible.start), max(hi, visible.end), width, margin=0.01)


def overview_image(index: EventIndex, ov: TimeScale, height: int, colour: QColor) -> QImage:
    """Histogram of all events across the overview, heights on a log scale."""
    w = max(int(ov.width), 1)
    counts = column_density(index.start, index.end, np.zeros(len(index), np.int32), ov.start,
                            ov.px_per_day, w, 1)[0].astype(np.float32)
    peak = max(float(counts.max()) if counts.size else 0.0, 1.0)
    heights = np.where(counts > 0, 2 + (height - 3) * np.log1p(counts) / np.log1p(peak), 0)
    rows = np.arange(height, 0, -1, dtype=np.float32)[:, None]
    alpha = np.clip(heights[None, :] - rows + 1, 0, 1) * colour.alphaF()
    argb = ((alpha * 255).astype(np.uint32) << 24)
    for shift, comp in ((16, colour.red()), (8, colour.green()), (0, colour.blue())):
        argb |= (alpha * comp).astype(np.uint32) << shift
    return _image(argb)


def draw_overview(p: QPainter, g: Geometry, ov: TimeScale, visible: TimeScale, image: QImage,
                  theme: Theme) -> QRectF:
    """The overview strip with the visible window; returns the window rectangle."""
    r = g.overview
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.fillRect(r, theme.band)
    p.drawImage(QRectF(r.left(), r.top() + 2, image.width(), image.height()), image)
    x0 = r.left() + max(ov.x_of(visible.start), 0.0)
    x1 = r.left() + min(ov.x_of(visible.end), r.width())
    if x1 - x0 < 6:
        mid = (x0 + x1) / 2
        x0, x1 = mid - 3, mid + 3
    window = QRectF(x0, r.top(), x1 - x0, r.height())
    shade = QColor(theme.base)
    shade.setAlphaF(0.55)
    p.fillRect(QRectF(r.left(), r.top(), x0 - r.left(), r.height()), shade)
    p.fillRect(QRectF(x1, r.top(), r.right() - x1, r.height()), shade)
    fill = QColor(theme.highlight)
    fill.setAlphaF(0.12)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(theme.highlight, 1.5))
    p.setBrush(fill)
    p.drawRoundedRect(window.adjusted(0.75, 0.75, -0.75, -0.75), 3, 3)
    for edge in (QRectF(r.left(), r.top(), r.width(), 1), QRectF(r.left(), r.bottom(), r.width(), 1),
                 QRectF(r.left(), r.top(), 1, r.height()), QRectF(r.right(), r.top(), 1, r.height())):
        p.fillRect(edge, theme.grid_major)
    return window


def year_marks(ov: TimeScale, min_px: float = 44.0) -> list[tuple[float, str]]:
    """Year boundaries for the overview, thinned (1, 2, 5, 10… years) to stay `min_px` apart."""
    step = next((k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
                 if k * DAYS_PER_YEAR * ov.px_per_day >= min_px), 1000)
    first, last = to_date(ov.start).year + 1, to_date(ov.end).year
    return [(ov.x_of(to_days(date(y, 1, 1))), str(y)) for y in range(first, last + 1)
            if y % step == 0]
