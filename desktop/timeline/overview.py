"""Aggregated drawing: per-pixel-column density strips and the overview strip of the whole range."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QTransform

from desktop.timeline.frame import MARKER_R, Frame
from desktop.timeline.layout import EventIndex
from desktop.timeline.paint import Geometry, Theme
from desktop.timeline.scale import TimeScale


def _argb(alpha: float, rgb: tuple[int, int, int]) -> int:
    """One premultiplied ARGB32 pixel of colour `rgb` at opacity `alpha` (0…1)."""
    r, g, b = rgb
    return (int(alpha * 255) << 24) | (int(r * alpha) << 16) | (int(g * alpha) << 8) \
        | int(b * alpha)


def _rgb(colour: QColor) -> tuple[int, int, int]:
    """A colour's red, green and blue (0…255)."""
    return colour.red(), colour.green(), colour.blue()


def _image(data: bytes, width: int, height: int) -> QImage:
    """A QImage owning a copy of premultiplied ARGB32 pixels (native byte order, rows)."""
    img = QImage(data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied)
    return img.copy()  # the copy owns its pixels; `data` may go


_LEVELS: dict[tuple[int, int], dict[int, int]] = {}  # (rgba, peak) → {count: pixel}
_BARS: dict[tuple[int, int, int], dict[int, bytes]] = {}  # (rgba, height, peak) → {count: column}


def density_image(density: Sequence[Sequence[int]], mask: Sequence[bool],
                  colours: Sequence[QColor]) -> QImage:
    """One pixel row per lane: alpha grows with log(events per column), premultiplied ARGB."""
    width = len(density[0]) if density else 0
    peak = max((max(row, default=0) for row, on in zip(density, mask, strict=True) if on),
               default=0)
    scale = math.log1p(max(peak, 1.0))
    if len(_LEVELS) > 64:
        _LEVELS.clear()
    buf = bytearray()
    for row, on, colour in zip(density, mask, colours, strict=True):
        if not on:
            buf += bytes(4 * width)
            continue
        pixel = _LEVELS.setdefault((colour.rgba(), peak), {0: 0})
        missing = set(row).difference(pixel)
        if missing:
            opacity, rgb = colour.alphaF(), _rgb(colour)
            for v in missing:
                level = math.log1p(v) / scale if v > 0 else 0.0
                pixel[v] = _argb((0.15 + 0.7 * level) * opacity, rgb) if v > 0 else 0
        buf += array("I", map(pixel.__getitem__, row)).tobytes()
    return _image(bytes(buf), width, len(density))


def draw_density(p: QPainter, g: Geometry, frame: Frame, theme: Theme) -> None:
    """Aggregated lanes: one density strip per lane, a pixel column per time bucket."""
    if frame.density is None or not any(frame.density_lanes):
        return
    img = density_image(frame.density, frame.density_lanes, theme.lanes)
    for lane, on in enumerate(frame.density_lanes):
        if not on:
            continue
        top = frame.lane_top[lane]
        pad = min(6.0, frame.lane_h / 6)
        target = QRectF(g.plot.left(), top + pad, img.width(), frame.lane_h - 2 * pad)
        p.drawImage(target, img, QRectF(0, lane, img.width(), 1))


def draw_selected_dense(p: QPainter, g: Geometry, frame: Frame, index: EventIndex,
                        selected: Iterable[int], theme: Theme) -> None:
    """Selected events inside aggregated lanes still get a marker and a ring."""
    scale = frame.scale
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for pos in selected:
        lane = index.lane[pos]
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


def overview_image(index: EventIndex, ov: TimeScale, height: int, colour: QColor, dpr: float = 1.0) -> QImage:
    """Histogram of all events across the overview, heights on a log scale, in device pixels
    (`dpr` per logical one, so the strip stays sharp on a 2× screen)."""
    w = max(int(ov.width * dpr), 1)
    height = max(round(height * dpr), 1)
    counts = index.total_density(ov.start, ov.px_per_day * dpr, w)
    top = max(max(counts, default=0), 1)
    if len(_BARS) > 64:
        _BARS.clear()
    columns = _BARS.setdefault((colour.rgba(), height, top), {})
    missing = set(counts).difference(columns)
    if missing:
        peak = math.log1p(top)
        opacity, rgb = colour.alphaF(), _rgb(colour)
        full = array("I", [_argb(opacity, rgb)]).tobytes()
        for c in missing:
            bar = 2 + (height - 3) * math.log1p(c) / peak if c > 0 else 0.0
            # row r (0 at the top) shows the bar between height - r - 1 and height - r
            solid = min(max(int(bar), 0), height)
            frac = min(max(bar - solid, 0.0), 1.0) if solid < height else 0.0
            col = [0] * (height - solid - 1) + [_argb(frac * opacity, rgb)] \
                if solid < height else []
            columns[c] = array("I", col).tobytes() + full * solid
    # one pixel row per column, top to bottom; turned into columns by a transpose
    sideways = _image(b"".join(map(columns.__getitem__, counts)), height, w)
    image = sideways.transformed(QTransform(0, 1, 1, 0, 0, 0))
    image.setDevicePixelRatio(dpr)
    return image


def draw_overview(p: QPainter, g: Geometry, ov: TimeScale, visible: TimeScale, image: QImage,
                  theme: Theme) -> QRectF:
    """The overview strip with the visible window; returns the window rectangle."""
    r = g.overview
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.fillRect(r, theme.band)
    size = image.deviceIndependentSize()
    p.drawImage(QRectF(r.left(), r.top() + 2, size.width(), size.height()), image)
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

