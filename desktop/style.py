"""Application look: Fusion style following the system palette (light or dark), plus a small stylesheet."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from db.resources import resource_path

# families tried in order when the system's default font lacks (or cannot be found), for reading text
FONT_FALLBACKS = ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Cantarell", "Ubuntu", "Segoe UI",
                  "Helvetica Neue", "Arial"]


def wants_dark(app: QGuiApplication) -> bool:
    """Dark when asked (CHRONOLINE_THEME=dark) or when the system says so; light when asked."""
    asked = os.environ.get("CHRONOLINE_THEME", "").strip().lower()
    if asked in ("dark", "light"):
        return asked == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    """A dark palette with readable text and a highlight that keeps ≥ 4.5:1 contrast with its text."""
    p = QPalette()
    window, base, alt, text = QColor("#2b2d30"), QColor("#1f2023"), QColor("#28292d"), QColor("#e6e6e6")
    roles = {
        QPalette.ColorRole.Window: window, QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base, QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.ToolTipBase: QColor("#3a3c40"), QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#9a9ca0"), QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#35373b"), QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"), QPalette.ColorRole.Link: QColor("#7fb4ff"),
        QPalette.ColorRole.LinkVisited: QColor("#c59cff"), QPalette.ColorRole.Highlight: QColor("#2f65ca"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"), QPalette.ColorRole.Light: QColor("#4a4c50"),
        QPalette.ColorRole.Midlight: QColor("#3c3e42"), QPalette.ColorRole.Mid: QColor("#2f3034"),
        QPalette.ColorRole.Dark: QColor("#18191b"), QPalette.ColorRole.Shadow: QColor("#000000"),
    }
    for role, colour in roles.items():
        p.setColor(role, colour)
    for role, colour in ((QPalette.ColorRole.WindowText, "#7d7f83"), (QPalette.ColorRole.Text, "#7d7f83"),
                         (QPalette.ColorRole.ButtonText, "#7d7f83"), (QPalette.ColorRole.Highlight, "#3a3c40")):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


def _font_fallback(app: QApplication) -> None:
    """Keep the system font; when Qt could not resolve one, use the first installed family of a known list."""
    from PySide6.QtGui import QFontDatabase, QFontInfo

    font = app.font()
    families = set(QFontDatabase.families())
    if QFontInfo(font).family() in families:
        return
    for name in FONT_FALLBACKS:
        if name in families:
            fallback = QFont(font)
            fallback.setFamilies([name, *font.families()])
            app.setFont(fallback)
            return


def apply_style(app: QApplication) -> None:
    """Fusion keeps the system palette (light and dark) and looks the same on every platform."""
    app.setStyle("Fusion")
    if wants_dark(app):
        if app.palette().color(QPalette.ColorRole.Window).lightnessF() > 0.5:  # the platform gave a light one
            app.setPalette(dark_palette())
    elif os.environ.get("CHRONOLINE_THEME", "").strip().lower() == "light":
        app.setPalette(app.style().standardPalette())
    _font_fallback(app)
    sheet = resource_path("style.qss")
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
