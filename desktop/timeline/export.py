"""Write a painted timeline to PNG (QImage) or SVG (QSvgGenerator)."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

Paint = Callable[[QPainter], None]


def write_png(path: str | os.PathLike[str], size: QSize, scale: float, background: QColor,
              paint: Paint) -> bool:
    """Paint at `scale`× device pixels (crisp on high-DPI screens and in print) and save."""
    img = QImage(QSize(round(size.width() * scale), round(size.height() * scale)),
                 QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(scale)
    img.fill(background)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    paint(p)
    p.end()
    return img.save(os.fspath(path), "PNG")


def write_svg(path: str | os.PathLike[str], size: QSize, description: str,
              paint: Paint) -> bool:
    """Paint into an SVG file of the same logical size."""
    gen = QSvgGenerator()
    gen.setFileName(os.fspath(path))
    gen.setSize(size)
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle("Chronoline timeline")
    gen.setDescription(description)
    p = QPainter()
    if not p.begin(gen):
        return False
    paint(p)
    return p.end()
