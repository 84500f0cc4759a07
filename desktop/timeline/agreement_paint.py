"""Drawing agreement on the timeline: a conflict mark on events whose sources disagree, and each
source's own date as a faint tick on the event's row."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from desktop.timeline.frame import MARKER, MARKER_R, SOFT_DOT, Frame
from desktop.timeline.paint import Geometry, Theme

CONFLICT_COLOR = QColor("#D55E00")  # Okabe–Ito vermillion; the dashed ring and ≠ glyph carry it without colour
CONFLICT_GLYPH = "≠"


def _rect(kind: int, x0: float, x1: float, y: float, left: float) -> QRectF:
    if kind in (MARKER, SOFT_DOT):
        r = MARKER_R + (0 if kind == MARKER else 2)
        c = left + (x0 + x1) / 2
        return QRectF(c - r, y - r, 2 * r, 2 * r)
    return QRectF(left + x0, y - 7, max(x1 - x0, 2.0), 14)


def draw_agreement(p: QPainter, g: Geometry, frame: Frame, theme: Theme, font: QFont,
                   conflicts: set[int], ticks: Mapping[int, Sequence[tuple[float, float]]]) -> None:
    """Source-date ticks (under) and conflict marks (over) for the events drawn one by one."""
    if not conflicts and not ticks:
        return
    left = g.plot.left()
    scale = frame.scale
    faint = QColor(theme.text)
    faint.setAlphaF(0.35)
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() - 1.5, 6))
    small.setBold(True)
    sfm = QFontMetricsF(small)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for i, pos in enumerate(frame.pos):
        if frame.rug[i]:
            continue
        y = frame.y[i]
        for start, end in ticks.get(pos, ()):
            x0, x1 = left + scale.x_of(start), left + scale.x_of(end)
            p.setPen(QPen(faint, 1.2))
            if end - start <= 1 or x1 - x0 < 4:  # a day (or too narrow to bracket): one tick
                xm = (x0 + x1) / 2
                p.drawLine(QLineF(xm, y - 8, xm, y + 8))
            else:  # a coarse source date: a faint bracket over the days it covers
                p.drawLines([QLineF(x0, y + 8, x1, y + 8), QLineF(x0, y + 5, x0, y + 8),
                             QLineF(x1, y + 5, x1, y + 8)])
        if pos not in conflicts:
            continue
        rect = _rect(frame.kind[i], frame.x0[i], frame.x1[i], y, left).adjusted(-3, -3, 3, 3)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(CONFLICT_COLOR, 1.6, Qt.PenStyle.DashLine))
        if frame.kind[i] in (MARKER, SOFT_DOT):
            p.drawEllipse(rect)
        else:
            p.drawRoundedRect(rect, 5, 5)
        w = sfm.horizontalAdvance(CONFLICT_GLYPH) + 6
        badge = QRectF(rect.left() - w + 2, rect.top() - sfm.height() / 2, w, sfm.height())
        p.setPen(QPen(theme.base, 1))
        p.setBrush(CONFLICT_COLOR)
        p.drawRoundedRect(badge, 3, 3)
        p.setPen(QColor("#FFFFFF"))
        p.setFont(small)
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, CONFLICT_GLYPH)
    p.setBrush(Qt.BrushStyle.NoBrush)
