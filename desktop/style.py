"""Application look: Fusion style following the system palette (light or dark), plus a small stylesheet."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from db.resources import resource_path


def apply_style(app: QApplication) -> None:
    """Fusion keeps the system palette (light and dark) and looks the same on every platform."""
    app.setStyle("Fusion")
    sheet = resource_path("style.qss")
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
