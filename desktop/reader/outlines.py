"""Find matches and event-linked passages: colours no tag uses, and outlines drawn over the text.

Tag highlights use the Okabe–Ito palette (orange, sky blue, bluish green, yellow, blue, vermillion,
reddish purple). Find matches are a light violet, a hue none of them has, always with dark text so
they read the same in a light or a dark palette, and outlined (thicker for the current match).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextCharFormat

FIND_FILL = QColor("#D3C0FF")  # light violet
FIND_TEXT = QColor("#000000")
FIND_OUTLINE_LIGHT = QColor("#5B21B6")  # deep violet on a light page
FIND_OUTLINE_DARK = QColor("#9D6BFF")  # bright violet on a dark page


def is_dark(palette: QPalette) -> bool:
    """Whether the text is shown on a dark background."""
    return palette.base().color().lightness() < 128


def find_format() -> QTextCharFormat:
    """The fill of a find or search match: violet with black text (readable on any page)."""
    fmt = QTextCharFormat()
    fmt.setBackground(FIND_FILL)
    fmt.setForeground(FIND_TEXT)
    return fmt


def find_outline(palette: QPalette) -> QColor:
    return FIND_OUTLINE_DARK if is_dark(palette) else FIND_OUTLINE_LIGHT


def linked_outline(palette: QPalette) -> QColor:
    """Outline of the passages linked to the selected event: the palette's selection colour."""
    c = QColor(palette.highlight().color())
    return c.lighter(140) if is_dark(palette) else c.darker(110)


def paint_outlines(view, painter: QPainter, lo: int, hi: int) -> None:  # noqa: ANN001 - ArticleView
    """Outline the find matches (the current one thicker) and the passages of the selected event."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    palette = view.palette()
    color = find_outline(palette)
    current = view.find_current
    for m in view.find_layer.overlapping(lo, hi):
        width = 2.5 if (m.start, m.end) == current else 1.2
        painter.setPen(QPen(color, width))
        for r in view._range_rects(m.start, m.end):
            painter.drawRoundedRect(_grow(r, width), 2, 2)
    if view.emphasised:
        pen = QPen(linked_outline(palette), 2.5)
        painter.setPen(pen)
        for m in view.highlights.overlapping(lo, hi):
            if m.key in view.emphasised and m.key != view.selected_id:
                for r in view._range_rects(m.start, m.end):
                    painter.drawRoundedRect(_grow(r, 2.5), 3, 3)


def _grow(r: QRectF, width: float) -> QRectF:
    d = width / 2
    return r.adjusted(-1 - d, -d / 2, 1 + d, d / 2)
