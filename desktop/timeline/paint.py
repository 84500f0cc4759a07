"""QPainter drawing for the timeline: theme colours, axis, lanes and legend, events, density."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGradient,
    QLinearGradient,
    QPainter,
    QPalette,
    QPen,
    QRadialGradient,
)

from db.wording import count
from desktop.timeline.frame import BAR, MARKER, MARKER_R, SOFT_BAR, SOFT_DOT, Frame
from desktop.timeline.items import SUGGESTED_LANE
from desktop.timeline.layout import EventIndex
from desktop.timeline.ticks import Axis

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision type.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@dataclass
class Theme:
    """Colours derived from the system palette, plus one Okabe–Ito colour per lane."""

    dark: bool
    base: QColor
    band: QColor
    text: QColor
    faint: QColor
    grid: QColor
    grid_major: QColor
    highlight: QColor
    lanes: list[QColor]


def make_theme(palette: QPalette, lanes: Sequence[str]) -> Theme:
    """Theme for the current palette (light or dark) and lane list."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = base.lightnessF() < 0.5
    band = QColor(text)
    band.setAlphaF(0.035)
    faint = QColor(text)
    faint.setAlphaF(0.6)
    grid = QColor(text)
    grid.setAlphaF(0.07)
    grid_major = QColor(text)
    grid_major.setAlphaF(0.18)
    colours: list[QColor] = []
    for i, name in enumerate(lanes):
        c = QColor(OKABE_ITO[i % len(OKABE_ITO)])
        if name == SUGGESTED_LANE:
            c = QColor(text)
            c.setAlphaF(0.55)
        elif dark and c == QColor("#000000"):
            c = QColor("#E8E8E8")
        elif dark:
            c = c.lighter(120)
        colours.append(c)
    return Theme(dark, base, band, text, faint, grid, grid_major,
                 palette.color(QPalette.ColorRole.Highlight), colours)


@dataclass(frozen=True)
class Geometry:
    """Where each part goes in widget pixels; time runs across `plot`."""

    axis: QRectF
    plot: QRectF
    overview: QRectF
    legend_w: float
    lane_top: list[float]
    lane_h: float
    row_h: float


def make_geometry(width: float, height: float, lanes: Sequence[str], font: QFont,
                  with_overview: bool = True) -> Geometry:
    """Split the widget into axis, legend, lanes and overview strip."""
    fm = QFontMetricsF(font)
    legend_w = min(max((max((fm.horizontalAdvance(n) for n in lanes), default=0) + 34), 84), 180)
    axis_h = round(fm.height() * 2 + 12)
    ov_h = round(fm.height() + 16) if with_overview else 0
    plot = QRectF(legend_w, axis_h, max(width - legend_w - 10, 40), 0)
    plot.setBottom(max(height - ov_h - (8 if with_overview else 2), axis_h + 20))
    n = max(len(lanes), 1)
    lane_h = plot.height() / n
    lane_top = [plot.top() + i * lane_h for i in range(len(lanes))]
    overview = QRectF(plot.left(), height - ov_h - 2, plot.width(), ov_h - 2)
    axis = QRectF(plot.left(), 0, plot.width(), axis_h)
    return Geometry(axis, plot, overview, legend_w, lane_top, lane_h, round(fm.height() + 7))


def contrast_text(c: QColor) -> QColor:
    """Black or white, whichever has the higher WCAG contrast ratio on `c`."""
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())
    return QColor("#000000") if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else QColor("#FFFFFF")


def legend_font(font: QFont, lane_h: float) -> tuple[QFont, int]:
    """The legend's font for lanes `lane_h` high, and every how many lanes a name is written.

    Names shrink (down to 6 pt) to fit their lane; lanes thinner still name every second (third…)
    lane, so two names never overlap.
    """
    fm = QFontMetricsF(font)
    if fm.height() <= lane_h or lane_h <= 0:
        return font, 1
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() * lane_h / fm.height(), 6.0))
    height = QFontMetricsF(small).height()
    return small, max(1, math.ceil(height / lane_h - 1e-6))


def draw_lanes(p: QPainter, g: Geometry, lanes: Sequence[str], totals: Sequence[int],
               theme: Theme, font: QFont) -> None:
    """Alternate lane bands and the legend: swatch, name and event count (names never overlap)."""
    font, step = legend_font(font, g.lane_h)
    fm = QFontMetricsF(font)
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() - 1.5, 6))
    sfm = QFontMetricsF(small)
    swatch = min(10.0, max(g.lane_h - 2, 4.0))
    p.setPen(Qt.PenStyle.NoPen)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for i, top in enumerate(g.lane_top):
        if i % 2 == 0:
            p.fillRect(QRectF(0, top, g.plot.right() + 10, g.lane_h), theme.band)
    for i, (name, top) in enumerate(zip(lanes, g.lane_top, strict=True)):
        cy = top + g.lane_h / 2
        p.setBrush(theme.lanes[i])
        p.drawRoundedRect(QRectF(8, cy - swatch / 2, swatch, swatch), 2.5, 2.5)
        if i % step:
            continue
        p.setPen(theme.text)
        p.setFont(font)
        text = fm.elidedText(name, Qt.TextElideMode.ElideRight, g.legend_w - 30)
        p.drawText(QPointF(24, cy + fm.ascent() / 2 - 1 - (5 if g.lane_h > 34 else 0)), text)
        if g.lane_h > 34:
            p.setPen(theme.faint)
            p.setFont(small)
            n = totals[i]
            p.drawText(QPointF(24, cy + sfm.ascent() + 2), count(n, "event"))
        p.setPen(Qt.PenStyle.NoPen)


def draw_axis(p: QPainter, g: Geometry, axis: Axis, theme: Theme, font: QFont,
              major_font: QFont) -> None:
    """Grid lines across the lanes, then the two label rows and their ticks."""
    x0, top, bottom = g.plot.left(), g.axis.bottom(), g.plot.bottom()
    p.save()
    p.setClipRect(QRectF(x0, 0, g.plot.width() + 1, bottom))
    p.setPen(QPen(theme.grid, 1))
    p.drawLines([QLineF(x0 + x, top, x0 + x, bottom) for x in axis.minor_ticks])
    if axis.major_ticks:
        p.setPen(QPen(theme.grid_major, 1))
        p.drawLines([QLineF(x0 + x, 2, x0 + x, bottom) for x in axis.major_ticks])
    fm = QFontMetricsF(major_font)
    p.setFont(major_font)
    p.setPen(theme.text)
    for lab in axis.major_labels:
        p.drawText(QPointF(x0 + lab.x, 4 + fm.ascent()), lab.text)
    fm2 = QFontMetricsF(font)
    p.setFont(font)
    p.setPen(theme.faint)
    y = g.axis.bottom() - 6 - fm2.descent()
    for lab in axis.minor_labels:
        p.drawText(QPointF(x0 + lab.x, y), lab.text)
    p.setPen(QPen(theme.grid_major, 1))
    p.drawLine(QPointF(x0, top), QPointF(g.plot.right(), top))
    p.restore()


def _brushes(c: QColor, faint: bool, dark: bool) -> tuple[QBrush, QBrush, QBrush]:
    """Solid, soft-ended bar and soft dot brushes for one lane colour (gradients scale per shape)."""
    k = (0.45 if faint else 1.0) * (1.35 if dark else 1.0)
    solid = QColor(c)
    solid.setAlphaF(c.alphaF() * (0.5 if faint else 0.92))
    lin = QLinearGradient(0, 0, 1, 0)
    lin.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    for at, a in ((0.0, 0.0), (0.25, 0.55), (0.75, 0.55), (1.0, 0.0)):
        s = QColor(c)
        s.setAlphaF(min(a * k, 1.0))
        lin.setColorAt(at, s)
    rad = QRadialGradient(0.5, 0.5, 0.5)
    rad.setCoordinateMode(QGradient.CoordinateMode.ObjectBoundingMode)
    for at, a in ((0.0, 0.9), (0.55, 0.6), (1.0, 0.0)):
        s = QColor(c)
        s.setAlphaF(min(a * k, 1.0))
        rad.setColorAt(at, s)
    return QBrush(solid), QBrush(lin), QBrush(rad)


def _shape(kind: int, x0: float, x1: float, y: float, left: float) -> QRectF:
    """The rectangle a drawn event occupies."""
    if kind in (MARKER, SOFT_DOT):
        r = MARKER_R if kind == MARKER else MARKER_R + 2
        c = left + (x0 + x1) / 2
        return QRectF(c - r, y - r, 2 * r, 2 * r)
    h = 12.0 if kind == BAR else 14.0
    return QRectF(left + x0, y - h / 2, max(x1 - x0, 2.0), h)


def draw_items(p: QPainter, g: Geometry, frame: Frame, index: EventIndex, theme: Theme,
               font: QFont, selected: set[int], hover: int | None) -> None:
    """Events drawn one by one: markers, bars, soft-ended precision bars, labels and badges."""
    left = g.plot.left()
    fm = QFontMetricsF(font)
    lanes = index.lanes
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    kinds, x0s, x1s, ys, rugs = frame.kind, frame.x0, frame.x1, frame.y, frame.rug
    for lane in sorted(set(frame.lane)):
        faint = lanes[lane] == SUGGESTED_LANE
        solid, soft, dot = _brushes(theme.lanes[lane], faint, theme.dark)
        members = [i for i, ln in enumerate(frame.lane) if ln == lane]
        rug = [i for i in members if rugs[i]]
        if rug:
            p.setPen(QPen(theme.lanes[lane], 1))
            p.drawLines([QLineF(left + x, ys[i] - 4, left + x, ys[i])
                         for i in rug for x in ((x0s[i] + x1s[i]) / 2,)])
        outline = QPen(theme.faint, 1, Qt.PenStyle.DashLine) if faint else Qt.PenStyle.NoPen
        for k, brush in ((SOFT_BAR, soft), (BAR, solid), (SOFT_DOT, dot), (MARKER, solid)):
            idx = [i for i in members if not rugs[i] and kinds[i] == k]
            if not idx:
                continue
            pen = QPen(theme.base, 1.5) if k == MARKER and not faint else outline
            p.setBrush(brush)
            p.setPen(pen)
            for i in idx:
                rect = _shape(k, x0s[i], x1s[i], ys[i], left)
                if k in (MARKER, SOFT_DOT):
                    p.drawEllipse(rect)
                else:
                    p.drawRoundedRect(rect, 3, 3)
    p.setFont(font)
    asc = (fm.ascent() - fm.descent()) / 2
    for i, w in enumerate(frame.label_w):
        if w <= 0:
            continue
        title = str(index.titles[frame.pos[i]])
        text = title if w >= frame.label_full[i] else fm.elidedText(
            title, Qt.TextElideMode.ElideRight, w + 0.5)
        lane = frame.lane[i]
        faint = lanes[lane] == SUGGESTED_LANE
        if frame.inside[i] and kinds[i] == BAR and not faint:
            p.setPen(contrast_text(theme.lanes[lane]))
        else:
            p.setPen(theme.faint if faint else theme.text)
        p.drawText(QPointF(left + frame.label_x[i], ys[i] + asc), text)
    _badges(p, g, frame, index, theme, font, selected)
    _highlights(p, g, frame, selected, hover, theme)


def _badges(p: QPainter, g: Geometry, frame: Frame, index: EventIndex, theme: Theme,
            font: QFont, selected: set[int]) -> None:
    """'+N' after labels with hidden neighbours; source counts on labelled corroborated events."""
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() - 2, 6))
    sfm = QFontMetricsF(small)
    p.setFont(small)
    left = g.plot.left()
    for i in range(len(frame.pos)):
        n = frame.badge[i]
        if n:
            text = f"+{n}"
            x = left + frame.label_x[i] + frame.label_w[i] + 3
            r = QRectF(x, frame.y[i] - sfm.height() / 2 - 1, sfm.horizontalAdvance(text) + 8,
                       sfm.height() + 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.grid_major)
            p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
            p.setPen(theme.text)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)
        srcs = index.sources[frame.pos[i]]
        shown = frame.label_w[i] > 0 or frame.pos[i] in selected
        if srcs > 1 and shown and not frame.rug[i] and frame.x1[i] <= g.plot.width():
            rect = _shape(frame.kind[i], frame.x0[i], frame.x1[i], frame.y[i], left)
            c = QPointF(rect.right() - 1, rect.top() - 1)
            text = str(srcs) if srcs < 100 else "99+"
            rad = max(sfm.horizontalAdvance(text) / 2 + 3, sfm.height() / 2)
            p.setPen(QPen(theme.base, 1.5))
            p.setBrush(theme.lanes[frame.lane[i]].darker(125))
            p.drawEllipse(c, rad, rad)
            p.setPen(QColor("#FFFFFF"))
            p.drawText(QRectF(c.x() - rad, c.y() - rad, 2 * rad, 2 * rad),
                       Qt.AlignmentFlag.AlignCenter, text)


def _highlights(p: QPainter, g: Geometry, frame: Frame, selected: set[int], hover: int | None,
                theme: Theme) -> None:
    """Rings around the selected and hovered events."""
    if not selected and hover is None:
        return
    p.setBrush(Qt.BrushStyle.NoBrush)
    for i in range(len(frame.pos)):
        pos = frame.pos[i]
        if (pos in selected or pos == hover) and not frame.rug[i]:
            k = frame.kind[i]
            rect = _shape(k, frame.x0[i], frame.x1[i], frame.y[i],
                          g.plot.left()).adjusted(-3, -3, 3, 3)
            pen = QPen(theme.highlight if pos in selected else theme.faint,
                       2.0 if pos in selected else 1.0)
            p.setPen(pen)
            if k in (MARKER, SOFT_DOT):
                p.drawEllipse(rect)
            else:
                p.drawRoundedRect(rect, 5, 5)
